package dev.rnnc.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Generated layer handles carry their declaration under Keras config names, for exporters and
 * tools.
 */
class LayerConfigTest {
  @Test
  void configsNameTheDeclaredOptionsAsKerasDoes() {
    RnncMaskedTagger model = RnncMaskedTagger.create(0);
    assertEquals(Map.of("shape", List.of(12, 3), "dtype", "float32"), model.inputConfig());
    assertEquals(Map.of("mask_value", 0.0), model.padding().config());
    Map<String, Object> encoder = model.encoder().config();
    assertEquals("concat", encoder.get("merge_mode"));
    @SuppressWarnings("unchecked")
    Map<String, Object> wrapped = (Map<String, Object>) encoder.get("layer");
    assertEquals("LSTM", wrapped.get("class_name"));
    @SuppressWarnings("unchecked")
    Map<String, Object> lstm = (Map<String, Object>) wrapped.get("config");
    assertEquals(10, lstm.get("units"));
    assertEquals(true, lstm.get("return_sequences"));
    assertEquals("sigmoid", lstm.get("recurrent_activation"));
    assertEquals(
        Map.of("units", 4, "activation", "softmax", "use_bias", true), model.tags().config());
  }
}
