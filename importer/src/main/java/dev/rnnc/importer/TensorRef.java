package dev.rnnc.importer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tensor of a Functional config: output {@code index} of call {@code node} of layer {@code layer}
 * (Keras' {@code keras_history}). Index 0 is a layer's output; a recurrent layer with {@code
 * return_state} returns its states as 1, 2, ...; a Bidirectional with {@code merge_mode=None} its
 * forward output as 0 and its backward output as 1.
 */
record TensorRef(String layer, int node, int index) {
  /** The tensor a {@code __keras_tensor__} object or a {@code [name, node, index]} triple names. */
  static TensorRef of(JsonNode value) {
    JsonNode history = value.isArray() ? value : value.path("config").path("keras_history");
    return new TensorRef(
        history.path(0).asText(), history.path(1).asInt(), history.path(2).asInt());
  }

  /** The call that computes this tensor. */
  String call() {
    return layer + "#" + node;
  }
}
