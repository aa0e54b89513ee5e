package dev.rnnc.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The functional model Keras would build for a graph model ({@link RnncModel#modelGraph()}): its
 * operations in Keras' order (an {@code InputLayer} per input, then each layer with its
 * applications, a {@code @Shared} layer's several), the tensors each application takes, and the
 * model's inputs and outputs. Tensors are named as Keras names them, {@code layer[node][tensor]}:
 * {@code encoder[0][1]} is the first final state of the first application of {@code encoder}.
 * {@link dev.rnnc.runtime.io.KerasWeights#saveKeras} writes it as a Keras {@code Functional}
 * config.
 *
 * <p>Generated models list it in Keras' notation, which the factories parse:
 *
 * <pre>{@code
 * ModelGraph.of(List.of(
 *     ModelGraph.input("tokens", "(None, None)", "int32"),
 *     ModelGraph.node("embedding", List.of("tokens[0][0]"), List.of(), "(None, None, 16)"),
 *     ModelGraph.node("encoder", List.of("embedding[0][0]"), List.of(), "[(None, 8), (None, 8)]"),
 *     ...),
 *     List.of("tokens"), List.of("head[0][0]", "encoder[0][1]"))
 * }</pre>
 *
 * @param operations Keras' {@code model.operations} order; a layer's applications are consecutive
 *     {@link Node}s, in node order
 * @param inputs the input names in the model's input order ({@code keras.Model(inputs, ...)})
 * @param outputs the output tensors in the model's output order
 */
public record ModelGraph(List<Operation> operations, List<String> inputs, List<Tensor> outputs) {

  private static final Pattern TENSOR = Pattern.compile("(.+)\\[(\\d+)]\\[(\\d+)]");
  private static final Pattern SHAPE = Pattern.compile("\\(([^()]*)\\)");

  /**
   * Checks that every tensor names an operation listed before its use and that the inputs and
   * outputs exist.
   *
   * @throws IllegalArgumentException naming the tensor or input that is unknown
   */
  public ModelGraph {
    operations = List.copyOf(operations);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    Map<String, Integer> nodes = new HashMap<>();
    for (Operation op : operations) {
      if (op instanceof Node node) {
        for (Tensor tensor : node.tensorsIn()) {
          check(tensor, nodes, "node " + op.name() + "[" + nodes.getOrDefault(op.name(), 0) + "]");
        }
      }
      nodes.merge(op.name(), 1, Integer::sum);
    }
    for (String input : inputs) {
      if (!(operations.stream().anyMatch(op -> op instanceof Input && op.name().equals(input)))) {
        throw new IllegalArgumentException("model input " + input + " is not an Input operation");
      }
    }
    for (Tensor output : outputs) {
      check(output, nodes, "the model outputs");
    }
  }

  private static void check(Tensor tensor, Map<String, Integer> nodes, String where) {
    if (tensor.node() >= nodes.getOrDefault(tensor.layer(), 0)) {
      throw new IllegalArgumentException(
          where + " takes " + tensor + ", but no such operation node is listed before it");
    }
  }

  /** An operation of the graph: an {@link Input} or one application of a layer, a {@link Node}. */
  public sealed interface Operation permits Input, Node {
    /** The input's or layer's name, Keras' operation name. */
    String name();
  }

  /**
   * A model input: Keras' {@code InputLayer}.
   *
   * @param name the input's name
   * @param shape batch first, {@code null} for a dimension Keras leaves open ({@code None})
   * @param dtype {@code float32} or {@code int32}
   */
  public record Input(String name, List<Integer> shape, String dtype) implements Operation {
    /** Copies the shape. */
    public Input {
      Objects.requireNonNull(name, "name");
      shape = Collections.unmodifiableList(new ArrayList<>(shape)); // holds nulls
      Objects.requireNonNull(dtype, "dtype");
    }
  }

  /**
   * One application of a layer.
   *
   * @param name the layer's name ({@link Layer#name()}; a {@code @Shared} application's layer)
   * @param inputs the tensors it is called on; a merge takes them as one list
   * @param initialState the final states it starts from ({@code @InitialState}), empty if none
   * @param outputShapes its output tensors' shapes, batch first ({@code null} for {@code None}):
   *     its output (or two directions), then its final states
   */
  public record Node(
      String name, List<Tensor> inputs, List<Tensor> initialState, List<List<Integer>> outputShapes)
      implements Operation {
    /** Copies the lists. */
    public Node {
      Objects.requireNonNull(name, "name");
      inputs = List.copyOf(inputs);
      initialState = List.copyOf(initialState);
      outputShapes =
          outputShapes.stream().map(s -> Collections.unmodifiableList(new ArrayList<>(s))).toList();
    }

    /** Every tensor it takes: its inputs, then its initial states. */
    public List<Tensor> tensorsIn() {
      List<Tensor> all = new ArrayList<>(inputs);
      all.addAll(initialState);
      return all;
    }
  }

  /**
   * Output {@code index} of application {@code node} of {@code layer}: Keras' {@code
   * layer[node][index]}.
   */
  public record Tensor(String layer, int node, int index) {
    /**
     * Parses Keras' notation {@code layer[node][index]}.
     *
     * @throws IllegalArgumentException if {@code text} is not in that notation
     */
    public static Tensor parse(String text) {
      Matcher m = TENSOR.matcher(text);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "expected a tensor as layer[node][index], like encoder[0][1], but got " + text);
      }
      return new Tensor(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    @Override
    public String toString() {
      return layer + "[" + node + "][" + index + "]";
    }
  }

  /** A graph with its output tensors in Keras' notation ({@code head[0][0]}). */
  public static ModelGraph of(
      List<Operation> operations, List<String> inputs, List<String> outputs) {
    return new ModelGraph(operations, inputs, outputs.stream().map(Tensor::parse).toList());
  }

  /** An input with its shape in Keras' notation ({@code (None, 5, 4)}). */
  public static Input input(String name, String shape, String dtype) {
    List<List<Integer>> shapes = shapes(shape);
    if (shapes.size() != 1) {
      throw new IllegalArgumentException("input " + name + " has one shape, not " + shape);
    }
    return new Input(name, shapes.getFirst(), dtype);
  }

  /**
   * An application of {@code layer} on tensors in Keras' notation, with its output shape(s) as
   * {@code model.summary()} prints them ({@code (None, 8)} or {@code [(None, 8), (None, 8)]}).
   */
  public static Node node(
      String layer, List<String> inputs, List<String> initialState, String outputShapes) {
    return new Node(
        layer,
        inputs.stream().map(Tensor::parse).toList(),
        initialState.stream().map(Tensor::parse).toList(),
        shapes(outputShapes));
  }

  /** {@code (None, 5, 4)} or {@code [(None, 8), (1, 8)]} as lists, {@code null} for None. */
  static List<List<Integer>> shapes(String text) {
    List<List<Integer>> shapes = new ArrayList<>();
    Matcher m = SHAPE.matcher(text);
    while (m.find()) {
      List<Integer> shape = new ArrayList<>();
      for (String dim : m.group(1).split(",")) {
        String d = dim.strip();
        if (!d.isEmpty()) {
          shape.add(d.equals("None") ? null : Integer.valueOf(d));
        }
      }
      shapes.add(shape);
    }
    if (shapes.isEmpty()) {
      throw new IllegalArgumentException(
          "expected shapes in Keras' notation, like (None, 5, 4), but got " + text);
    }
    return shapes;
  }

  /** The first listed operation named {@code name}, an input or a layer's first application. */
  public Operation operation(String name) {
    return operations.stream()
        .filter(op -> op.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no operation " + name + " in the graph"));
  }

  /** The applications of {@code layer}, in node order. */
  public List<Node> nodesOf(String layer) {
    return operations.stream()
        .filter(op -> op instanceof Node && op.name().equals(layer))
        .map(Node.class::cast)
        .toList();
  }

  /** The shape of a tensor: an input's shape, or its node's output shape at its index. */
  public List<Integer> shapeOf(Tensor tensor) {
    if (operation(tensor.layer()) instanceof Input input) {
      return input.shape();
    }
    return nodesOf(tensor.layer()).get(tensor.node()).outputShapes().get(tensor.index());
  }

  /** {@code int32} for an integer input's tensor, else {@code float32}. */
  public String dtypeOf(Tensor tensor) {
    return operation(tensor.layer()) instanceof Input input ? input.dtype() : "float32";
  }
}
