package dev.rnnc.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model config read as a graph of layer calls: its inputs, every call of every layer in an order
 * where each call comes after the calls it reads, and its outputs. A Sequential model is the chain
 * of its layers. In a Functional config, the op nodes ({@code keras.src.ops}) that compute masks
 * are not layers; {@link MaskFlow} checks them.
 *
 * @param modelClass {@code Sequential} or {@code Functional}
 * @param modelName the Keras model name
 * @param inputs the model inputs, in Keras' order
 * @param calls the layer calls, each after those it reads
 * @param outputs the model outputs, in Keras' order
 * @param ops the config's op nodes by name
 */
record ModelGraph(
    String modelClass,
    String modelName,
    List<GraphInput> inputs,
    List<KerasCall> calls,
    List<TensorRef> outputs,
    Map<String, KerasLayer> ops) {

  /**
   * A model input.
   *
   * @param name the Keras input name
   * @param batchShape its batch shape ({@code [null, 30, 1]}), or null when the config has none
   * @param dtype its dtype ({@code float32}, {@code int32}, ...)
   */
  record GraphInput(String name, JsonNode batchShape, String dtype) {}

  /** Whether the model is one chain: one input, each call reading the previous one's output. */
  boolean isChain() {
    if (inputs.size() != 1 || outputs.size() != 1) {
      return false;
    }
    String previous = inputs.getFirst().name() + "#0";
    for (KerasCall call : calls) {
      if (call.args().size() != 1
          || !call.initialStates().isEmpty()
          || !call.args().getFirst().call().equals(previous)
          || call.args().getFirst().index() != 0) {
        return false;
      }
      previous = call.key();
    }
    return true;
  }

  /** The distinct layers, in the order of their first calls (the order of their weights). */
  List<KerasLayer> layers() {
    Map<String, KerasLayer> layers = new LinkedHashMap<>();
    calls.forEach(c -> layers.putIfAbsent(c.layer().name(), c.layer()));
    return List.copyOf(layers.values());
  }

  /**
   * Reads the graph from {@code config.json}'s root, adding a problem for what no layer method can
   * declare (a layer reading an op's result, a call of an unknown layer).
   *
   * @return the graph, or null when the config lists no layers at all (a subclassed model)
   */
  static ModelGraph read(JsonNode root, List<String> problems) {
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
    List<KerasLayer> inputLayers = all.stream().filter(KerasLayer::isInput).toList();
    Map<String, KerasLayer> ops = new HashMap<>();
    all.stream().filter(KerasLayer::isOp).forEach(op -> ops.put(op.name(), op));
    List<KerasLayer> layers = all.stream().filter(l -> !l.isInput() && !l.isOp()).toList();
    String modelName = config.path("name").asText(modelClass.toLowerCase());
    if (layers.isEmpty()) {
      problems.add("the model has no layers besides its input");
    }
    List<GraphInput> inputs = new ArrayList<>();
    for (KerasLayer input : inputLayers) {
      JsonNode c = input.config();
      JsonNode shape = c.has("batch_shape") ? c.get("batch_shape") : c.get("batch_input_shape");
      inputs.add(new GraphInput(input.name(), shape, c.path("dtype").asText("float32")));
    }
    boolean functional = modelClass.equals("Functional") || config.has("input_layers");
    if (!functional) {
      if (inputs.isEmpty()) {
        JsonNode shape = config.path("build_input_shape");
        inputs.add(new GraphInput("input", shape.isArray() ? shape : null, "float32"));
      }
      List<KerasCall> calls = new ArrayList<>();
      TensorRef previous = new TensorRef(inputs.getFirst().name(), 0, 0);
      for (KerasLayer layer : layers) {
        calls.add(new KerasCall(layer, 0, List.of(previous), List.of(), MissingNode.getInstance()));
        previous = new TensorRef(layer.name(), 0, 0);
      }
      return new ModelGraph(modelClass, modelName, inputs, calls, List.of(previous), ops);
    }
    List<GraphInput> ordered = new ArrayList<>();
    for (JsonNode ref : tensorRefs(config.path("input_layers"))) {
      inputs.stream()
          .filter(i -> i.name().equals(ref.path(0).asText()))
          .findFirst()
          .ifPresent(ordered::add);
    }
    if (ordered.size() == inputs.size()) {
      inputs = ordered;
    }
    List<TensorRef> outputs =
        tensorRefs(config.path("output_layers")).stream().map(TensorRef::of).toList();
    List<KerasCall> calls = new ArrayList<>();
    for (KerasLayer layer : layers) {
      JsonNode nodes = layer.entry().path("inbound_nodes");
      for (int n = 0; n < nodes.size(); n++) {
        calls.add(call(layer, n, nodes.get(n), ops, problems));
      }
    }
    danglingReferences(calls, inputs, outputs, ops, problems);
    return new ModelGraph(
        modelClass, modelName, inputs, sorted(calls, inputs, problems), outputs, ops);
  }

  /**
   * A problem for each tensor a call or the model's outputs name that no layer call or input makes
   * (ops have their own problem): a damaged or hand-edited config.json, which would otherwise leave
   * the reading layer without an input shape.
   */
  private static void danglingReferences(
      List<KerasCall> calls,
      List<GraphInput> inputs,
      List<TensorRef> outputs,
      Map<String, KerasLayer> ops,
      List<String> problems) {
    Set<String> made = new HashSet<>();
    inputs.forEach(i -> made.add(i.name() + "#0"));
    calls.forEach(c -> made.add(c.key()));
    for (KerasCall call : calls) {
      for (TensorRef t : reads(call)) {
        if (!made.contains(t.call()) && !ops.containsKey(t.layer())) {
          problems.add(
              call.describe()
                  + " reads '"
                  + t.layer()
                  + "', which is no layer or input of the model (a damaged config.json?)");
        }
      }
    }
    if (outputs.isEmpty()) {
      problems.add("the model names no outputs (its config.json has no output_layers)");
    }
    for (TensorRef t : outputs) {
      if (!made.contains(t.call())) {
        problems.add("the model's output '" + t.layer() + "' is no layer or input of the model");
      }
    }
  }

  private static KerasCall call(
      KerasLayer layer, int n, JsonNode node, Map<String, KerasLayer> ops, List<String> problems) {
    List<JsonNode> tensors = new ArrayList<>();
    collectTensors(node.path("args"), tensors);
    List<JsonNode> states = new ArrayList<>();
    collectTensors(node.path("kwargs").path("initial_state"), states);
    KerasCall call =
        new KerasCall(
            layer,
            n,
            tensors.stream().map(TensorRef::of).toList(),
            states.stream().map(TensorRef::of).toList(),
            node);
    for (TensorRef t : call.args()) {
      KerasLayer op = ops.get(t.layer());
      if (op != null) {
        problems.add(
            call.describe()
                + " takes the result of the op '"
                + op.name()
                + "' ("
                + op.className()
                + "); rnnc declares layers only: use a Keras layer for that computation");
      }
    }
    return call;
  }

  /** The calls ordered so that each comes after those it reads (config order where free). */
  private static List<KerasCall> sorted(
      List<KerasCall> calls, List<GraphInput> inputs, List<String> problems) {
    Set<String> done = new HashSet<>();
    inputs.forEach(i -> done.add(i.name() + "#0"));
    Set<String> known = new HashSet<>(done);
    calls.forEach(c -> known.add(c.key()));
    List<KerasCall> left = new ArrayList<>(calls);
    List<KerasCall> order = new ArrayList<>();
    while (!left.isEmpty()) {
      KerasCall next =
          left.stream()
              .filter(
                  c ->
                      reads(c).stream()
                          .allMatch(t -> done.contains(t.call()) || !known.contains(t.call())))
              .findFirst()
              .orElse(null);
      if (next == null) {
        problems.add("the model's layer calls form a cycle: " + left.getFirst().describe());
        return order;
      }
      left.remove(next);
      order.add(next);
      done.add(next.key());
    }
    return order;
  }

  private static List<TensorRef> reads(KerasCall call) {
    List<TensorRef> all = new ArrayList<>(call.args());
    all.addAll(call.initialStates());
    return all;
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
}
