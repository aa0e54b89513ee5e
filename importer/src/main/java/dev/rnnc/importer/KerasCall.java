package dev.rnnc.importer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One call of a layer in a model config: a Sequential layer on the previous layer's output, or one
 * inbound node of a Functional layer (a shared layer has several).
 *
 * @param layer the layer called
 * @param node the call's index among the layer's calls (0 for its first call)
 * @param args the tensors it takes as inputs, in order
 * @param initialStates the tensors of its {@code initial_state} argument, in order (empty when
 *     none)
 * @param call the config's call node ({@code args}, {@code kwargs}), or a missing node for a
 *     Sequential layer
 */
record KerasCall(
    KerasLayer layer,
    int node,
    List<TensorRef> args,
    List<TensorRef> initialStates,
    JsonNode call) {
  KerasCall {
    args = List.copyOf(args);
    initialStates = List.copyOf(initialStates);
  }

  /** This call's {@code [name, node]} key, as {@link TensorRef#call()}. */
  String key() {
    return layer.name() + "#" + node;
  }

  /** The mask argument, a missing node when none was passed. */
  JsonNode mask() {
    return call.path("kwargs").path("mask");
  }

  /** {@code layer 'encoder' (LSTM)}, with {@code call 2 of} for a shared layer's later calls. */
  String describe() {
    return node == 0 ? layer.describe() : "call " + (node + 1) + " of " + layer.describe();
  }
}
