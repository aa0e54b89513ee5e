package dev.rnnc.processor.generate;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.rnnc.processor.spec.BidirectionalCellSpec;
import dev.rnnc.processor.spec.BidirectionalSpec;
import dev.rnnc.processor.spec.CallSpec;
import dev.rnnc.processor.spec.CellSpec;
import dev.rnnc.processor.spec.InputSpec;
import dev.rnnc.processor.spec.LayerSpec;
import dev.rnnc.processor.spec.ModelSpec;
import dev.rnnc.processor.spec.Node;
import dev.rnnc.processor.spec.RecurrentSpec;
import dev.rnnc.processor.spec.Shape;
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
import javax.lang.model.element.Modifier;

/**
 * Keras' {@code model.summary()} rows ({@code modelSummary()}), worked out here from the spec so
 * that the generated code only lists them: each layer's output shape(s) in Keras' notation, and for
 * a graph the model Keras would build — an {@code InputLayer} per input, one node per layer
 * application ({@code @Shared} layers have several), final states as extra output tensors — with
 * Keras' row order ({@code map_graph}: depth from the outputs, then traversal order) and its
 * "Connected to" column ({@code layer[node][tensor]}). A chain is a Keras {@code Sequential}, as
 * {@code saveKeras} writes it: no input row.
 */
final class SummaryEmitter {
  /** Keras' name of an input it named itself (rnnc's unnamed input of a graph). */
  private static final String UNNAMED_INPUT = "input_layer";

  private final ModelSpec model;

  /** {@code None}, or 1 for a stateful model (Keras needs a fixed batch size then). */
  private final String batch;

  SummaryEmitter(ModelSpec model) {
    this.model = model;
    this.batch = model.isStateful() ? "1" : "None";
  }

  /** {@code public ModelSummary modelSummary()}. */
  MethodSpec modelSummary() {
    boolean shared = model.layers().stream().anyMatch(SharedSpec.class::isInstance);
    List<CodeBlock> rows = new ArrayList<>();
    String factory;
    if (!model.isGraph() && !shared) {
      factory = "sequential";
      for (LayerSpec layer : model.layers()) {
        rows.add(
            CodeBlock.of(
                "$T.row($N, $S)",
                RuntimeTypes.MODEL_SUMMARY,
                Names.field(layer.name(), "Layer"),
                outputShape(layer)));
      }
    } else {
      Graph graph = new Graph();
      factory = graph.sequentialLike() ? "sequential" : "graph";
      for (String op : graph.operations()) {
        List<KerasNode> nodes = graph.nodesOf(op);
        KerasNode last = nodes.getLast();
        if (last.spec() == null) {
          rows.add(
              CodeBlock.of(
                  "$T.input($S, $S)", RuntimeTypes.MODEL_SUMMARY, op, shape(last.input().shape())));
          continue;
        }
        String connected =
            nodes.stream()
                .flatMap(n -> n.inputs().stream())
                .map(Tensor::toString)
                .collect(Collectors.joining(", "));
        if (factory.equals("sequential")) {
          rows.add(
              CodeBlock.of(
                  "$T.row($N, $S)",
                  RuntimeTypes.MODEL_SUMMARY,
                  Names.field(op, "Layer"),
                  outputShape(last.spec())));
        } else {
          rows.add(
              CodeBlock.of(
                  "$T.row($N, $S, $S)",
                  RuntimeTypes.MODEL_SUMMARY,
                  Names.field(op, "Layer"),
                  outputShape(last.spec()),
                  connected));
        }
      }
    }
    return MethodSpec.methodBuilder("modelSummary")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(RuntimeTypes.MODEL_SUMMARY)
        .addJavadoc(
            factory.equals("graph")
                ? "The rows of Keras' {@code model.summary()} for the functional model Keras would"
                    + " build: its\nrow order and \"Connected to\" ({@code layer[node][tensor]}),"
                    + " output shapes from the checked spec,\nparameters counted from each layer's"
                    + " variables.\n"
                : model.isGraph() || shared
                    ? "The rows of Keras' {@code model.summary()} for the functional model Keras"
                        + " would build (its\ninputs are rows too): output shapes from the checked"
                        + " spec, parameters counted from each\nlayer's variables.\n"
                    : "The rows of Keras' {@code model.summary()}, as for a Keras Sequential: output"
                        + " shapes from the\nchecked spec, parameters counted from each layer's"
                        + " variables.\n")
        .addStatement(
            "return $T.$L(modelName(), $T.of(\n$L))",
            RuntimeTypes.MODEL_SUMMARY,
            factory,
            List.class,
            CodeBlock.join(rows, ",\n"))
        .build();
  }

  /**
   * {@code public String summary()}, unless an accessor takes the name (a layer {@code summary()}):
   * then {@code RnncModel.summary(model)} is the way.
   */
  MethodSpec summary() {
    return MethodSpec.methodBuilder("summary")
        .addModifiers(Modifier.PUBLIC)
        .returns(String.class)
        .addJavadoc(
            "Keras' {@code model.summary()} as Keras 3.15 prints it (see {@link #modelSummary()}).\n")
        .addStatement("return modelSummary().format()")
        .build();
  }

  /** Whether no layer accessor without parameters is called {@code summary}. */
  static boolean summaryFree(ModelSpec model) {
    for (int i = 0; i < model.layers().size(); i++) {
      LayerSpec layer = model.layers().get(i);
      if (layer.name().equals("summary") && model.nodes().get(i).parameters().isEmpty()) {
        return false;
      }
      if (layer instanceof BidirectionalSpec b
          && b.backwardLayer() != null
          && b.backwardLayer().name().equals("summary")) {
        return false;
      }
    }
    return true;
  }

  /** A layer's output shape, or Keras' list of them when it has several outputs. */
  private String outputShape(LayerSpec layer) {
    List<String> shapes = new ArrayList<>();
    LayerSpec kind = layer instanceof SharedSpec s ? s.layer() : layer;
    shapes.add(shape(layer.output()));
    if (directions(kind)) { // mergeMode "none": each direction's output
      shapes.add(shape(layer.output()));
    }
    for (ModelSpec.StateSpec state : returnedStates(kind)) {
      shapes.add("(" + batch + ", " + state.width() + ")");
    }
    return shapes.size() == 1 ? shapes.getFirst() : "[" + String.join(", ", shapes) + "]";
  }

  /** Keras' notation, batch first: {@code (None, 30, 64)}, {@code (None, 64)}. */
  private String shape(Shape shape) {
    String timesteps =
        shape.timesteps() == Shape.VARIABLE ? "None" : Integer.toString(shape.timesteps());
    return switch (shape.kind()) {
      case SEQUENCE -> "(" + batch + ", " + timesteps + ", " + shape.features() + ")";
      case VECTOR -> "(" + batch + ", " + shape.features() + ")";
      case TOKENS -> "(" + batch + ", " + timesteps + ")";
    };
  }

  /** Whether a Bidirectional layer outputs its two directions apart ({@code mergeMode "none"}). */
  private static boolean directions(LayerSpec layer) {
    return switch (layer) {
      case BidirectionalSpec b -> b.mergeMode() == BidirectionalSpec.MergeMode.NONE;
      case BidirectionalCellSpec b -> b.mergeMode() == BidirectionalSpec.MergeMode.NONE;
      default -> false;
    };
  }

  /** The final states a layer outputs after its output(s), in Keras' flattened order. */
  private static List<ModelSpec.StateSpec> returnedStates(LayerSpec layer) {
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
   *
   * @param op the Keras layer (or input) name
   * @param index which application of {@code op} this is: Keras' node index
   */
  private static final class KerasNode { // identity, as Keras' nodes
    private final String op;
    private final int index;
    private final LayerSpec spec;
    private final InputSpec input;
    private final List<Tensor> inputs;

    KerasNode(String op, int index, LayerSpec spec, InputSpec input, List<Tensor> inputs) {
      this.op = op;
      this.index = index;
      this.spec = spec;
      this.input = input;
      this.inputs = inputs;
    }

    String op() {
      return op;
    }

    int index() {
      return index;
    }

    LayerSpec spec() {
      return spec;
    }

    InputSpec input() {
      return input;
    }

    List<Tensor> inputs() {
      return inputs;
    }
  }

  /** Output {@code index} of {@code node}: Keras' {@code op[node][tensor]}. */
  private record Tensor(KerasNode node, int index) {
    @Override
    public String toString() {
      return node.op() + "[" + node.index() + "][" + index + "]";
    }
  }

  /** The functional model Keras would build, and Keras' order of its layers. */
  private final class Graph {
    private final List<KerasNode> nodes = new ArrayList<>();

    /** The node whose (first) output each input or layer method names. */
    private final Map<String, KerasNode> producers = new HashMap<>();

    /** Every operation's depth, and the order the traversal first met them in. */
    private final Map<String, Integer> operationDepths = new HashMap<>();

    private final Map<String, Integer> traversal = new HashMap<>();
    private final Map<KerasNode, Integer> nodeDepths = new LinkedHashMap<>();

    Graph() {
      for (InputSpec input : model.inputs()) {
        String name = input.name().isEmpty() ? UNNAMED_INPUT : input.name();
        KerasNode node = new KerasNode(name, 0, null, input, List.of());
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
          inputs.add(
              Node.isDirection(source)
                  ? new Tensor(
                      producers.get(Node.layerOf(source)),
                      source.equals(Node.direction(Node.layerOf(source), true)) ? 1 : 0)
                  : new Tensor(producers.get(source), 0));
        }
        if (node.initialState() != null) { // Keras: initial_state=[its final states]
          KerasNode source = producers.get(node.initialState());
          LayerSpec kind = source.spec() instanceof SharedSpec s ? s.layer() : source.spec();
          int first = directions(kind) ? 2 : 1;
          for (int k = 0; k < returnedStates(kind).size(); k++) {
            inputs.add(new Tensor(source, first + k));
          }
        }
        KerasNode kerasNode = new KerasNode(op, index, layer, null, List.copyOf(inputs));
        nodes.add(kerasNode);
        producers.put(layer.name(), kerasNode);
      }
      List<KerasNode> ordered = new ArrayList<>();
      Set<KerasNode> finished = new HashSet<>();
      for (String output : outputs()) {
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
        for (Tensor input : node.inputs()) {
          nodeDepths.merge(input.node(), depth + 1, Math::max);
        }
      }
    }

    /**
     * The model's outputs: the layers a call returns (several outputs), else the last layer, as
     * {@code keras.Model(inputs, outputs)} would name them.
     */
    private List<String> outputs() {
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
      for (Tensor input : node.inputs()) {
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
     * Keras' test for a table without "Connected to": one node per depth, none with several input
     * tensors, no layer applied twice.
     */
    boolean sequentialLike() {
      Map<Integer, Long> perDepth =
          nodeDepths.values().stream()
              .collect(Collectors.groupingBy(d -> d, Collectors.counting()));
      return perDepth.values().stream().allMatch(n -> n == 1)
          && nodes.stream().allMatch(n -> n.inputs().size() <= 1)
          && nodes.stream().map(KerasNode::op).distinct().count() == nodes.size();
    }
  }
}
