package dev.rnnc.importer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of a model config's {@code layers} list.
 *
 * @param name the Keras layer name
 * @param className the Keras class ({@code LSTM}, {@code InputLayer}, ...)
 * @param config the layer's own {@code config} object
 * @param entry the whole entry, with {@code inbound_nodes} for Functional models
 */
record KerasLayer(String name, String className, JsonNode config, JsonNode entry) {

  static KerasLayer of(JsonNode entry) {
    JsonNode config = entry.path("config");
    String name = config.path("name").asText(entry.path("name").asText("?"));
    return new KerasLayer(name, entry.path("class_name").asText("?"), config, entry);
  }

  boolean isInput() {
    return className.equals("InputLayer");
  }

  /** {@code layer 'encoder' (LSTM)}, how every problem names the layer it is about. */
  String describe() {
    return "layer '" + name + "' (" + className + ")";
  }
}
