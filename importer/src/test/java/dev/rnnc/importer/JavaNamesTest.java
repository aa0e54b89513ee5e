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
    return JavaNames.methodName(keras, kerasNames, taken).name();
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
    List<String> all =
        List.of("gru-encoder", "gru_encoder", "class", "2nd", "toString", "predict", "", "a b");
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
  void namesGivingTheSameGeneratedNamesAsAnEarlierLayerAreRenamed() {
    // the processor derives HEAD_... and runHead from both "head" and "Head", DENSE_A_... from both
    // "denseA" and "dense_a", and runAB from both "aB" and "AB"
    List<String> all = List.of("head", "Head", "denseA", "dense_a", "aB", "AB", "Head_2");
    Set<String> taken = new HashSet<>();
    assertEquals(new JavaNames.MethodName("head", null), JavaNames.methodName("head", all, taken));
    assertEquals(
        new JavaNames.MethodName("Head_3", "head"), JavaNames.methodName("Head", all, taken));
    assertEquals(
        new JavaNames.MethodName("denseA", null), JavaNames.methodName("denseA", all, taken));
    assertEquals(
        new JavaNames.MethodName("dense_a_2", "denseA"),
        JavaNames.methodName("dense_a", all, taken));
    assertEquals(new JavaNames.MethodName("aB", null), JavaNames.methodName("aB", all, taken));
    assertEquals(new JavaNames.MethodName("AB_2", "aB"), JavaNames.methodName("AB", all, taken));
    // "Head_2" is another layer's Keras name, which "Head" therefore skipped; it keeps it
    assertEquals(
        new JavaNames.MethodName("Head_2", null), JavaNames.methodName("Head_2", all, taken));
  }

  @Test
  void clashesAreAboutGeneratedNamesOnly() {
    assertNull(JavaNames.clashingName("head", List.of("header", "head_", "heads", "HEAD_")));
    assertEquals("Encoder", JavaNames.clashingName("encoder", List.of("decoder", "Encoder")));
    assertEquals("lstmLayer", JavaNames.clashingName("lstm_layer", List.of("lstmLayer")));
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
