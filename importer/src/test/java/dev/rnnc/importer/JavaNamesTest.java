package dev.rnnc.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JavaNamesTest {

  private static String name(String keras, List<String> kerasNames, Set<String> taken) {
    return JavaNames.methodName(keras, kerasNames, taken);
  }

  @Test
  void usableNamesStayAsTheyAre() {
    Set<String> taken = new HashSet<>();
    List<String> all = List.of("encoder", "lstm_1", "dense", "récit");
    for (String n : all) {
      assertEquals(n, name(n, all, taken));
    }
  }

  @Test
  void othersBecomeIdentifiersNoKerasLayerCarries() {
    List<String> all = List.of("gru-encoder", "gru_encoder", "class", "2nd", "toString", "predict", "", "a b");
    Set<String> taken = new HashSet<>();
    // "gru_encoder" is another layer's Keras name, so the renamed "gru-encoder" must not take it
    assertEquals("gru_encoder_2", name("gru-encoder", all, taken));
    assertEquals("gru_encoder", name("gru_encoder", all, taken));
    assertEquals("class_", name("class", all, taken));
    assertEquals("layer_2nd", name("2nd", all, taken));
    assertEquals("toString_", name("toString", all, taken));
    assertEquals("predict_", name("predict", all, taken));
    assertEquals("layer_", name("", all, taken));
    assertEquals("a_b", name("a b", all, taken));
  }

  @Test
  void typeNames() {
    assertEquals("KerasZip", JavaNames.typeName("keras_zip"));
    assertEquals("Forecaster", JavaNames.typeName("forecaster"));
    assertEquals("Model2Layer", JavaNames.typeName("2-layer"));
    assertNull(JavaNames.typeName("___"));
    assertFalse(JavaNames.isTypeName("record"));
    assertTrue(JavaNames.isPackageName("com.acme.models"));
    assertFalse(JavaNames.isPackageName("com.acme-models"));
  }
}
