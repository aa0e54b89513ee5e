package dev.rnnc.runtime.io;

import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.ModelGraph;
import dev.rnnc.runtime.RnncModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@code config.json} of a {@code .keras} archive for a graph model ({@link
 * RnncModel#modelGraph()}): a Keras 3 {@code Functional} in the structure Keras 3.15.1's {@code
 * model.save} writes (checked on archives Keras wrote): its layers in Keras' operation order, an
 * {@code InputLayer} per input, each layer with its {@code inbound_nodes} (one per application: the
 * tensors it is called on as {@code __keras_tensor__}s with Keras' {@code keras_history}, and the
 * keyword arguments Keras records for the class), then {@code input_layers} and {@code
 * output_layers}.
 *
 * <p>Layer configs are {@link KerasModelConfig}'s: the declared options, Keras' defaults for the
 * rest; wrapped layers and cells are named in operation order, as {@link KerasH5Layout} names them
 * for a graph.
 */
final class KerasFunctionalConfig {
  /** The classes a functional config can hold: a Sequential's and the merges. */
  private static final Set<String> CLASSES =
      Stream.concat(
              KerasModelConfig.KERAS_CLASSES.stream(),
              Stream.of("Concatenate", "Add", "Multiply", "Average"))
          .collect(Collectors.toUnmodifiableSet());

  private static final Set<String> MERGES = Set.of("Concatenate", "Add", "Multiply", "Average");

  /** Recurrent layers: Keras records {@code training} and {@code mask} for a call on one tensor. */
  private static final Set<String> RECURRENT = Set.of("LSTM", "GRU", "SimpleRNN", "RNN");

  private KerasFunctionalConfig() {}

  /**
   * The functional model config as nested maps and lists, ready for Jackson.
   *
   * @param problems problems found so far, to which this adds every layer Keras cannot express
   * @throws IllegalArgumentException listing every problem, one per line
   */
  static Map<String, Object> of(RnncModel model, ModelGraph graph, List<String> problems) {
    for (Layer layer : model.layers()) {
      KerasModelConfig.check(layer, problems, CLASSES);
    }
    checkMasks(model, graph, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    List<Object> layers = new ArrayList<>();
    Map<String, Integer> innerNames = new HashMap<>();
    for (String name : operationNames(graph)) {
      if (graph.operation(name) instanceof ModelGraph.Input input) {
        layers.add(inputLayer(input));
        continue;
      }
      Layer layer = model.layer(name);
      Map<String, Object> entry =
          KerasModelConfig.serialized(
              layer.kind(), KerasModelConfig.layerConfig(name, layer.config(), innerNames));
      entry.put("name", name);
      List<Object> nodes = new ArrayList<>();
      for (ModelGraph.Node node : graph.nodesOf(name)) {
        nodes.add(inboundNode(layer, node, graph));
      }
      entry.put("inbound_nodes", nodes);
      layers.add(entry);
    }

    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", model.modelName());
    config.put("trainable", true);
    config.put("layers", layers);
    config.put(
        "input_layers",
        tensors(graph.inputs().stream().map(i -> new ModelGraph.Tensor(i, 0, 0)).toList()));
    config.put("output_layers", tensors(graph.outputs()));
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("module", "keras.src.models.functional");
    root.put("class_name", "Functional");
    root.put("config", config);
    root.put("registered_name", "Functional");
    Map<String, Object> build = new LinkedHashMap<>();
    build.put("input_shape", null);
    root.put("build_config", build);
    root.put("compile_config", Map.of());
    return root;
  }

  /**
   * Adds a problem for every layer application that starts from final states ({@code
   * initial_state}) while a mask reaches its input: Keras 3.15.1 passes no mask to a layer called
   * with {@code initial_state}, rnnc's layer applies it, so the Keras model would predict otherwise
   * (checked: a mask_zero seq2seq decoder differs by 0.09). Masks flow as Keras 3.15 propagates
   * them and rnnc follows: made by Masking and Embedding(mask_zero), kept by Dense, TimeDistributed
   * and Dropout, by recurrent layers that return sequences, and by merges whose inputs all carry
   * one.
   */
  private static void checkMasks(RnncModel model, ModelGraph graph, List<String> problems) {
    Map<String, Boolean> masked = new HashMap<>(); // "layer[node]" -> its output carries a mask
    Map<String, Integer> applications = new HashMap<>();
    for (ModelGraph.Operation op : graph.operations()) {
      if (!(op instanceof ModelGraph.Node node)) {
        masked.put(op.name() + "[0]", false);
        continue;
      }
      int index = applications.merge(op.name(), 1, Integer::sum) - 1;
      Layer layer = model.layer(op.name());
      List<Boolean> in =
          node.inputs().stream()
              .map(
                  t ->
                      carriesOutput(model, graph, t)
                          && masked.get(t.layer() + "[" + t.node() + "]"))
              .toList();
      boolean inMasked = MERGES.contains(layer.kind()) ? !in.contains(false) : in.contains(true);
      if (inMasked && !node.initialState().isEmpty()) {
        problems.add(
            "layer "
                + layer.name()
                + " ("
                + layer.kind()
                + ") starts from final states (@InitialState) while a mask reaches its input;"
                + " Keras 3.15 passes no mask to a layer called with initial_state, rnnc's layer"
                + " applies it, so the Keras model would predict otherwise");
      }
      masked.put(op.name() + "[" + index + "]", maskAfter(layer, inMasked));
    }
  }

  /**
   * Whether a tensor is an output (which a mask goes with), not a final state: index 0, or 1 for
   * the backward direction of a {@code merge_mode=None} Bidirectional layer.
   */
  private static boolean carriesOutput(RnncModel model, ModelGraph graph, ModelGraph.Tensor t) {
    return t.index() == 0
        || t.index() == 1
            && graph.operation(t.layer()) instanceof ModelGraph.Node
            && "none".equals(model.layer(t.layer()).config().get("merge_mode"));
  }

  /** Whether a mask flows on after {@code layer} (rnnc's and Keras 3.15's propagation). */
  private static boolean maskAfter(Layer layer, boolean masked) {
    Map<String, Object> config = layer.config();
    return switch (layer.kind()) {
      case "Masking" -> true;
      case "Embedding" -> Boolean.TRUE.equals(config.get("mask_zero"));
      case "Dense", "TimeDistributed", "Dropout", "Concatenate", "Add", "Multiply", "Average" ->
          masked;
      default -> masked && KerasModelConfig.option(config, "return_sequences");
    };
  }

  /**
   * The operation names in order, each once: a layer's applications are consecutive operations, and
   * so one Keras layer entry with all of its nodes.
   */
  static List<String> operationNames(ModelGraph graph) {
    return graph.operations().stream().map(ModelGraph.Operation::name).distinct().toList();
  }

  private static Map<String, Object> inputLayer(ModelGraph.Input input) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("batch_shape", input.shape());
    config.put("dtype", input.dtype());
    config.put("sparse", false);
    config.put("ragged", false);
    config.put("name", input.name());
    config.put("optional", false);
    Map<String, Object> entry = KerasModelConfig.serialized("InputLayer", config);
    entry.put("name", input.name());
    entry.put("inbound_nodes", List.of());
    return entry;
  }

  /**
   * One application: {@code args} (the tensor, or a merge's list of tensors) and the {@code kwargs}
   * Keras 3.15.1 records when the layer is called so (checked on models Keras saved): the initial
   * states alone when it starts from some; otherwise {@code training} and {@code mask} for a
   * recurrent layer, {@code mask} for Bidirectional and TimeDistributed, {@code training} for
   * Dropout, none for the rest.
   */
  private static Map<String, Object> inboundNode(
      Layer layer, ModelGraph.Node node, ModelGraph graph) {
    List<Object> inputs = node.inputs().stream().map(t -> (Object) kerasTensor(t, graph)).toList();
    List<Object> args =
        MERGES.contains(layer.kind()) ? List.of(inputs) : new ArrayList<>(inputs); // one list arg
    Map<String, Object> kwargs = new LinkedHashMap<>();
    if (!node.initialState().isEmpty()) {
      kwargs.put("initial_state", initialState(layer, node, graph));
    } else if (RECURRENT.contains(layer.kind())) {
      kwargs.put("training", false);
      kwargs.put("mask", null);
    } else if (layer.kind().equals("Bidirectional") || layer.kind().equals("TimeDistributed")) {
      kwargs.put("mask", null);
    } else if (layer.kind().equals("Dropout")) {
      kwargs.put("training", false);
    }
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("args", args);
    entry.put("kwargs", kwargs);
    return entry;
  }

  /**
   * The initial states as Keras takes them: a flat list, but for an RNN of stacked cells one entry
   * per cell (a list of an LSTMCell's two states, the one state of other cells); a Bidirectional
   * layer around such an RNN takes its forward cells' entries, then its backward cells' (Keras
   * gives the first half of the list to the forward layer, the second half to the backward one).
   */
  private static List<Object> initialState(Layer layer, ModelGraph.Node node, ModelGraph graph) {
    List<Object> states =
        node.initialState().stream().map(t -> (Object) kerasTensor(t, graph)).toList();
    List<Layer> runs =
        layer.kind().equals("Bidirectional") && layer.config().get("layer") instanceof Map
            ? List.of(
                StackedCellWeights.direction(layer, RecurrentLayers.FORWARD),
                StackedCellWeights.direction(layer, RecurrentLayers.BACKWARD))
            : List.of(layer);
    if (!runs.stream().allMatch(StackedCellWeights::stacked)) {
      return states;
    }
    List<Object> perCell = new ArrayList<>();
    int next = 0;
    for (Layer run : runs) {
      for (Map<?, ?> cell : StackedCellWeights.cells(run)) {
        if ("LSTMCell".equals(cell.get("class_name"))) {
          perCell.add(List.of(states.get(next), states.get(next + 1)));
          next += 2;
        } else {
          perCell.add(states.get(next++));
        }
      }
    }
    return perCell;
  }

  /** A tensor as Keras serializes a symbolic tensor: its shape, dtype and history. */
  private static Map<String, Object> kerasTensor(ModelGraph.Tensor tensor, ModelGraph graph) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("shape", graph.shapeOf(tensor));
    config.put("dtype", graph.dtypeOf(tensor));
    config.put("keras_history", history(tensor));
    Map<String, Object> serialized = new LinkedHashMap<>();
    serialized.put("class_name", "__keras_tensor__");
    serialized.put("config", config);
    return serialized;
  }

  private static List<Object> history(ModelGraph.Tensor tensor) {
    return List.of(tensor.layer(), tensor.node(), tensor.index());
  }

  /** Keras' {@code input_layers}/{@code output_layers}: one tensor alone, several as a list. */
  private static List<Object> tensors(List<ModelGraph.Tensor> tensors) {
    return tensors.size() == 1
        ? history(tensors.getFirst())
        : tensors.stream().map(t -> (Object) history(t)).toList();
  }
}
