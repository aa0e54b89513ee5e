package dev.rnnc.importer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model config read as what rnnc runs: one input, then a chain of layers, each taking the
 * previous one's output, the last one's output being the model's. In a Functional config, the op
 * nodes that compute masks are not layers of the chain; {@link MaskFlow} checks them.
 *
 * @param modelClass {@code Sequential} or {@code Functional}
 * @param modelName the Keras model name
 * @param inputShape the input's batch shape ({@code [null, 30, 1]}), or null when the config has
 *     none
 * @param inputDtype the input's dtype ({@code float32}, {@code int32}, ...)
 * @param layers the layers after the input, in Keras' order (which is also the order of their
 *     weights in the file)
 */
record LayerChain(
    String modelClass,
    String modelName,
    JsonNode inputShape,
    String inputDtype,
    List<KerasLayer> layers) {

  /**
   * Reads the chain from {@code config.json}'s root, adding a problem for everything that is not a
   * single chain (several inputs or outputs, branches, shared layers, layers taking several inputs,
   * initial states passed between layers, masks other than those Keras propagates along the chain).
   * The layers are returned even then, so that each can be checked on its own.
   *
   * @return the chain, or null when the config lists no layers at all (a subclassed model)
   */
  static LayerChain read(JsonNode root, List<String> problems) {
    String modelClass = root.path("class_name").asText("?");
    JsonNode config = root.path("config");
    if (!config.path("layers").isArray()) {
      problems.add(
          "the model is a "
              + modelClass
              + ", whose config has no layer list; only Sequential and"
              + " Functional models describe their layers: rebuild it as one of those");
      return null;
    }
    List<KerasLayer> all = new ArrayList<>();
    config.path("layers").forEach(entry -> all.add(KerasLayer.of(entry)));
    List<KerasLayer> inputs = all.stream().filter(KerasLayer::isInput).toList();
    Map<String, KerasLayer> maskOps = new HashMap<>();
    all.stream().filter(KerasLayer::isMaskOp).forEach(op -> maskOps.put(op.name(), op));
    List<KerasLayer> layers = all.stream().filter(l -> !l.isInput() && !l.isMaskOp()).toList();
    String modelName = config.path("name").asText(modelClass.toLowerCase());

    if (inputs.size() > 1) {
      problems.add(
          "the model has "
              + inputs.size()
              + " inputs ("
              + names(inputs)
              + "); rnnc models take one input");
    }
    if (layers.isEmpty()) {
      problems.add("the model has no layers besides its input");
    }
    if (modelClass.equals("Functional") || config.has("input_layers")) {
      checkFunctionalChain(config, inputs, layers, new MaskFlow(maskOps, problems), problems);
    }
    JsonNode shape = null;
    String dtype = "float32";
    if (!inputs.isEmpty()) {
      JsonNode inputConfig = inputs.getFirst().config();
      shape =
          inputConfig.has("batch_shape")
              ? inputConfig.get("batch_shape")
              : inputConfig.get("batch_input_shape");
      dtype = inputConfig.path("dtype").asText("float32");
    } else if (config.path("build_input_shape").isArray()) {
      shape = config.get("build_input_shape");
    }
    return new LayerChain(modelClass, modelName, shape, dtype, layers);
  }

  /**
   * Checks that every layer is called once, on the previous layer's (or the input's) only output,
   * with the mask Keras propagates.
   */
  private static void checkFunctionalChain(
      JsonNode config,
      List<KerasLayer> inputs,
      List<KerasLayer> layers,
      MaskFlow masks,
      List<String> problems) {
    List<JsonNode> outputs = tensorRefs(config.path("output_layers"));
    if (outputs.size() > 1) {
      problems.add(
          "the model has "
              + outputs.size()
              + " outputs ("
              + outputs.stream().map(o -> o.path(0).asText()).toList()
              + "); rnnc models have one output");
    }
    String previous = inputs.isEmpty() ? null : inputs.getFirst().name();
    for (KerasLayer layer : layers) {
      JsonNode nodes = layer.entry().path("inbound_nodes");
      if (nodes.size() != 1) {
        problems.add(
            layer.describe()
                + " is called "
                + nodes.size()
                + " times (a shared layer);"
                + " rnnc runs each layer once, in a chain");
      } else {
        checkNode(layer, nodes.get(0), previous, problems);
        masks.next(layer, nodes.get(0), previous);
      }
      previous = layer.name();
    }
    if (outputs.size() == 1 && !layers.isEmpty()) {
      JsonNode output = outputs.getFirst();
      if (!output.path(0).asText().equals(previous) || output.path(2).asInt() != 0) {
        problems.add(
            "the model's output is '"
                + output.path(0).asText()
                + "', not the last layer '"
                + previous
                + "'; rnnc models output their last layer");
      }
    }
  }

  private static void checkNode(
      KerasLayer layer, JsonNode node, String previous, List<String> problems) {
    List<JsonNode> tensors = new ArrayList<>();
    collectTensors(node.path("args"), tensors);
    if (tensors.size() != 1) {
      problems.add(
          layer.describe()
              + " takes "
              + tensors.size()
              + " inputs ("
              + tensors.stream()
                  .map(t -> t.path("config").path("keras_history").path(0).asText())
                  .toList()
              + "); rnnc runs a single chain of layers, each taking the previous layer's output");
    } else {
      JsonNode history = tensors.getFirst().path("config").path("keras_history");
      String source = history.path(0).asText();
      if (history.path(2).asInt() != 0) {
        problems.add(
            layer.describe()
                + " takes output #"
                + history.path(2).asInt()
                + " of '"
                + source
                + "' (a returned state); rnnc passes only a layer's main output on");
      } else if (!source.equals(previous)) {
        problems.add(
            layer.describe()
                + " takes its input from '"
                + source
                + "', not from the layer before it ('"
                + previous
                + "'); rnnc runs a single chain of layers, each taking the previous layer's output");
      }
    }
    JsonNode kwargs = node.path("kwargs");
    if (kwargs.hasNonNull("initial_state")) {
      problems.add(
          layer.describe()
              + " receives an initial_state from another layer; rnnc starts every"
              + " recurrent layer from zero states");
    }
  }

  /** The {@code __keras_tensor__} objects in a node's arguments, at any nesting depth. */
  private static void collectTensors(JsonNode value, List<JsonNode> into) {
    if (MaskFlow.isTensor(value)) {
      into.add(value);
    } else if (value.isContainerNode()) {
      value.forEach(child -> collectTensors(child, into));
    }
  }

  /** {@code ["head", 0, 0]} or {@code [["a", 0, 0], ["b", 0, 0]]} as a list of triples. */
  private static List<JsonNode> tensorRefs(JsonNode refs) {
    if (refs.isArray() && !refs.isEmpty() && refs.get(0).isTextual()) {
      return List.of(refs);
    }
    List<JsonNode> list = new ArrayList<>();
    refs.forEach(list::add);
    return list;
  }

  private static String names(List<KerasLayer> layers) {
    return String.join(", ", layers.stream().map(KerasLayer::name).toList());
  }
}
