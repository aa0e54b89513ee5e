package dev.rnnc.processor.generate;

import dev.rnnc.processor.spec.BidirectionalCellSpec;
import dev.rnnc.processor.spec.BidirectionalSpec;
import dev.rnnc.processor.spec.CallSpec;
import dev.rnnc.processor.spec.CellSpec;
import dev.rnnc.processor.spec.InputSpec;
import dev.rnnc.processor.spec.LayerSpec;
import dev.rnnc.processor.spec.ModelSpec;
import dev.rnnc.processor.spec.Node;
import dev.rnnc.processor.spec.RecurrentSpec;
import dev.rnnc.processor.spec.SharedSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The functional model Keras would build for a graph model: an {@code InputLayer} per input, one
 * node per layer application ({@code @Shared} layers have several), final states as extra output
 * tensors, and Keras' order of its operations ({@code map_graph}: depth from the outputs, then
 * traversal order). Both {@code modelSummary()} (row order, "Connected to") and {@code
 * modelGraph()} (what {@code saveKeras} writes as a functional config) list it.
 */
final class KerasGraph {
  /** Keras' name of an input it named itself (rnnc's unnamed input of a graph). */
  static final String UNNAMED_INPUT = "input_layer";

  private final ModelSpec model;
  private final List<KerasNode> nodes = new ArrayList<>();

  /** The node whose (first) output each input or layer method names. */
  private final Map<String, KerasNode> producers = new HashMap<>();

  /** Every operation's depth, and the order the traversal first met them in. */
  private final Map<String, Integer> operationDepths = new HashMap<>();

  private final Map<String, Integer> traversal = new HashMap<>();
  private final Map<KerasNode, Integer> nodeDepths = new LinkedHashMap<>();

  KerasGraph(ModelSpec model) {
    this.model = model;
    for (InputSpec input : model.inputs()) {
      String name = input.name().isEmpty() ? UNNAMED_INPUT : input.name();
      KerasNode node = new KerasNode(name, 0, null, input, List.of(), List.of());
      nodes.add(node);
      producers.put(input.name(), node);
    }
    Map<String, Integer> applications = new HashMap<>();
    for (int i = 0; i < model.layers().size(); i++) {
      LayerSpec layer = model.layers().get(i);
      Node node = model.nodes().get(i);
      String op = layer instanceof SharedSpec s ? s.layer().name() : layer.name();
      int index = applications.merge(op, 1, Integer::sum) - 1;
      List<Tensor> inputs = new ArrayList<>();
      for (String source : node.inputs()) {
        inputs.add(tensor(source));
      }
      List<Tensor> states = new ArrayList<>();
      if (node.initialState() != null) { // Keras: initial_state=[its final states]
        KerasNode source = producers.get(node.initialState());
        LayerSpec kind = source.spec() instanceof SharedSpec s ? s.layer() : source.spec();
        int first = directions(kind) ? 2 : 1;
        for (int k = 0; k < returnedStates(kind).size(); k++) {
          states.add(new Tensor(source, first + k));
        }
      }
      KerasNode kerasNode =
          new KerasNode(op, index, layer, null, List.copyOf(inputs), List.copyOf(states));
      nodes.add(kerasNode);
      producers.put(layer.name(), kerasNode);
    }
    List<KerasNode> ordered = new ArrayList<>();
    Set<KerasNode> finished = new HashSet<>();
    for (String output : outputLayers()) {
      visit(producers.get(output), finished, ordered);
    }
    for (KerasNode node : nodes) { // a layer no output depends on: an output of its own
      if (node.spec() != null) {
        visit(node, finished, ordered);
      }
    }
    for (KerasNode node : nodes) { // an input no output depends on: Keras keeps it, first
      if (node.spec() == null && !finished.contains(node)) {
        traversal.put(node.op(), -1);
        operationDepths.put(node.op(), 0);
        nodeDepths.put(node, 0);
      }
    }
    for (KerasNode node : ordered.reversed()) {
      int depth =
          Math.max(nodeDepths.getOrDefault(node, 0), operationDepths.getOrDefault(node.op(), 0));
      operationDepths.put(node.op(), depth);
      nodeDepths.put(node, depth);
      for (Tensor input : node.tensorsIn()) {
        nodeDepths.merge(input.node(), depth + 1, Math::max);
      }
    }
  }

  /**
   * The tensor a source names: a layer's or input's (first) output, one direction of a {@code
   * mergeMode "none"} layer, or one of a layer's final states (after its output or two directions,
   * in Keras' flattened order); null for a source Keras has no tensor for (PyTorch's {@code h_n}).
   */
  Tensor tensor(String source) {
    KerasNode producer = producers.get(Node.layerOf(source));
    if (Node.isDirection(source)) {
      return new Tensor(
          producer, source.equals(Node.direction(Node.layerOf(source), true)) ? 1 : 0);
    }
    if (Node.isState(source)) {
      LayerSpec kind = producer.spec() instanceof SharedSpec s ? s.layer() : producer.spec();
      List<ModelSpec.StateSpec> states = returnedStates(kind);
      for (int k = 0; k < states.size(); k++) {
        if (ModelSpec.stateName(states.get(k)).equals(Node.stateOf(source))) {
          return new Tensor(producer, (directions(kind) ? 2 : 1) + k);
        }
      }
      return null;
    }
    return new Tensor(producer, 0);
  }

  /**
   * The model's outputs, as {@code keras.Model(inputs, outputs)} would take them: the components of
   * the first call that returns several outputs, else every output tensor of the last layer (its
   * output, or two directions, then its final states when it returns them); null when an output has
   * no Keras tensor.
   */
  List<Tensor> outputs() {
    List<String> sources =
        model.calls().stream()
            .map(CallSpec::outputs)
            .filter(outputs -> !outputs.isEmpty())
            .findFirst()
            .orElse(null);
    if (sources != null) {
      List<Tensor> outputs = new ArrayList<>();
      for (String source : sources) {
        Tensor tensor = tensor(source);
        if (tensor == null) {
          return null;
        }
        outputs.add(tensor);
      }
      return outputs;
    }
    KerasNode last = producers.get(model.layers().getLast().name());
    LayerSpec kind = last.spec() instanceof SharedSpec s ? s.layer() : last.spec();
    int count = (directions(kind) ? 2 : 1) + returnedStates(kind).size();
    List<Tensor> outputs = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      outputs.add(new Tensor(last, k));
    }
    return outputs;
  }

  /** The layers the model outputs come from, in order (see {@link #outputs}). */
  private List<String> outputLayers() {
    return model.calls().stream()
        .map(CallSpec::outputs)
        .filter(outputs -> !outputs.isEmpty())
        .findFirst()
        .map(outputs -> outputs.stream().map(Node::layerOf).toList())
        .orElse(List.of(model.layers().getLast().name()));
  }

  /** Keras' {@code _build_map_helper}: depth first from an output, inputs before the node. */
  private void visit(KerasNode node, Set<KerasNode> finished, List<KerasNode> ordered) {
    if (finished.contains(node)) {
      return;
    }
    traversal.putIfAbsent(node.op(), traversal.size());
    for (Tensor input : node.tensorsIn()) {
      visit(input.node(), finished, ordered);
    }
    finished.add(node);
    ordered.add(node);
  }

  /** Keras' {@code model.operations}: by depth, deepest first, then in traversal order. */
  List<String> operations() {
    return operationDepths.keySet().stream()
        .sorted(
            Comparator.comparing((String op) -> -operationDepths.get(op))
                .thenComparing(traversal::get))
        .toList();
  }

  /** The applications of an operation, in order. */
  List<KerasNode> nodesOf(String op) {
    return nodes.stream().filter(n -> n.op().equals(op)).toList();
  }

  /**
   * Keras' test for a summary table without "Connected to": one node per depth, none with several
   * input tensors, no layer applied twice.
   */
  boolean sequentialLike() {
    Map<Integer, Long> perDepth =
        nodeDepths.values().stream().collect(Collectors.groupingBy(d -> d, Collectors.counting()));
    return perDepth.values().stream().allMatch(n -> n == 1)
        && nodes.stream().allMatch(n -> n.tensorsIn().size() <= 1)
        && nodes.stream().map(KerasNode::op).distinct().count() == nodes.size();
  }

  /** Whether a Bidirectional layer outputs its two directions apart ({@code mergeMode "none"}). */
  static boolean directions(LayerSpec layer) {
    return switch (layer) {
      case BidirectionalSpec b -> b.mergeMode() == BidirectionalSpec.MergeMode.NONE;
      case BidirectionalCellSpec b -> b.mergeMode() == BidirectionalSpec.MergeMode.NONE;
      default -> false;
    };
  }

  /** The final states a layer outputs after its output(s), in Keras' flattened order. */
  static List<ModelSpec.StateSpec> returnedStates(LayerSpec layer) {
    return switch (layer) {
      case RecurrentSpec r when r.options().returnState() -> ModelSpec.statesOf(r);
      case BidirectionalSpec b when b.layer().options().returnState() -> ModelSpec.statesOf(b);
      case CellSpec c when c.returnState() -> c.states();
      case BidirectionalCellSpec b when b.layer().returnState() -> b.states();
      default -> List.of();
    };
  }

  /**
   * One node of the Keras graph: an application of a layer ({@code spec}, null for an input) or an
   * input ({@code input}).
   */
  static final class KerasNode { // identity, as Keras' nodes
    private final String op;
    private final int index;
    private final LayerSpec spec;
    private final InputSpec input;
    private final List<Tensor> inputs;
    private final List<Tensor> initialState;

    KerasNode(
        String op,
        int index,
        LayerSpec spec,
        InputSpec input,
        List<Tensor> inputs,
        List<Tensor> initialState) {
      this.op = op;
      this.index = index;
      this.spec = spec;
      this.input = input;
      this.inputs = inputs;
      this.initialState = initialState;
    }

    /** The Keras layer (or input) name. */
    String op() {
      return op;
    }

    /** Which application of {@link #op} this is: Keras' node index. */
    int index() {
      return index;
    }

    LayerSpec spec() {
      return spec;
    }

    InputSpec input() {
      return input;
    }

    /** The tensors it is called on (Keras' positional argument). */
    List<Tensor> inputs() {
      return inputs;
    }

    /** The final states that start it ({@code initial_state=}), empty if none. */
    List<Tensor> initialState() {
      return initialState;
    }

    /** Every tensor it takes: its inputs, then its initial states. */
    List<Tensor> tensorsIn() {
      List<Tensor> all = new ArrayList<>(inputs);
      all.addAll(initialState);
      return all;
    }
  }

  /** Output {@code index} of {@code node}: Keras' {@code op[node][tensor]}. */
  record Tensor(KerasNode node, int index) {
    @Override
    public String toString() {
      return node.op() + "[" + node.index() + "][" + index + "]";
    }
  }
}
