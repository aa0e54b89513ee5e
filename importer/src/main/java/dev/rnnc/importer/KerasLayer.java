package dev.rnnc.importer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * One entry of a model config's {@code layers} list, or the layer a wrapper holds.
 *
 * @param name the Keras layer name (for a wrapped layer: the wrapper's, which its weights go by)
 * @param className the Keras class ({@code LSTM}, {@code InputLayer}, ...)
 * @param config the layer's own {@code config} object
 * @param entry the whole entry, with {@code inbound_nodes} for Functional models (for a wrapped
 *     layer: the wrapper's entry)
 * @param wrapper the wrapper's class ({@code Bidirectional}, {@code TimeDistributed}) for a wrapped
 *     layer, else null
 */
record KerasLayer(String name, String className, JsonNode config, JsonNode entry, String wrapper) {
  /** The recurrent layer classes rnnc has. */
  static final Set<String> RECURRENT = Set.of("LSTM", "GRU", "SimpleRNN");

  /** The merge layers rnnc has. */
  static final Set<String> MERGES = Set.of("Concatenate", "Add", "Multiply", "Average");

  static KerasLayer of(JsonNode entry) {
    JsonNode config = entry.path("config");
    String name = config.path("name").asText(entry.path("name").asText("?"));
    return new KerasLayer(name, entry.path("class_name").asText("?"), config, entry, null);
  }

  boolean isInput() {
    return className.equals("InputLayer");
  }

  /**
   * An op node in a Functional config, such as those Keras serializes to compute masks ({@code ids
   * != 0}, {@code any(x != v)}, their logical or at a merge): not a layer, it has no weights and no
   * annotation. An op named like a layer ({@code Concatenate}) differs by its module.
   */
  boolean isOp() {
    return entry.path("module").asText("").startsWith("keras.src.ops");
  }

  /**
   * The layer a wrapper holds under {@code key} of its config ({@code layer}, {@code
   * backward_layer}), named and described as part of the wrapper.
   */
  KerasLayer wrapped(String key) {
    JsonNode inner = config.path(key);
    return new KerasLayer(
        name, inner.path("class_name").asText("?"), inner.path("config"), entry, className);
  }

  /** The config of the recurrent layer this is or (as Bidirectional) wraps, or null. */
  JsonNode recurrentConfig() {
    if (RECURRENT.contains(className) || className.equals("RNN")) {
      return config;
    }
    if (className.equals("Bidirectional")) {
      KerasLayer inner = wrapped("layer");
      return RECURRENT.contains(inner.className()) || inner.className().equals("RNN")
          ? inner.config()
          : null;
    }
    return null;
  }

  /**
   * {@code layer 'encoder' (LSTM)}, {@code layer 'encoder' (Bidirectional(LSTM))}: how problems
   * name the layer.
   */
  String describe() {
    return "layer '"
        + name
        + "' ("
        + (wrapper == null ? className : wrapper + "(" + className + ")")
        + ")";
  }
}
