package dev.rnnc.runtime.io;

import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.ModelGraph;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tree Keras 3.15's {@code save_weights} writes for a Sequential model with the same layers
 * (checked with h5py on files Keras wrote):
 *
 * <pre>
 * layers/&lt;key&gt;/vars                 attribute name = the layer name; Dense, Embedding: datasets 0, 1
 * layers/&lt;key&gt;/cell/vars            recurrent layers: attribute name = lstm_cell | gru_cell | simple_rnn_cell;
 *                                  datasets 0 kernel, 1 recurrent_kernel, 2 bias
 * layers/bidirectional/forward_layer/vars        attribute name = forward_&lt;inner&gt;
 * layers/bidirectional/forward_layer/cell/vars   as a recurrent layer's cell/vars
 * layers/bidirectional/backward_layer/...        the same with backward_
 * layers/time_distributed/layer/vars             attribute name = &lt;inner&gt;; datasets 0 kernel, 1 bias
 * vars                             attribute name = the model name
 * </pre>
 *
 * The key is the snake_case class name with {@code _k} for its k-th repeat in model order ({@code
 * lstm}, {@code lstm_1}, {@code dropout}); layers without weights (Dropout, Masking) get their
 * empty {@code vars} group too. For a graph model ({@link RnncModel#modelGraph()}) the layers come
 * in Keras' operation order with its {@code InputLayer}s among them ({@code
 * layers/input_layer/vars}, attribute name = the input's name), as Keras writes a functional model;
 * a Keras model loads the inputs' groups or goes without them.
 *
 * <p>{@code <inner>} is the name of the layer a wrapper wraps, which Keras only records: rnnc
 * writes the names Keras gives unnamed layers in a fresh session ({@code
 * keras.backend.clear_session()}), counting the wrapped layers of each class in model order ({@code
 * lstm}, {@code lstm_1}, ..., {@code dense}), so that the wrapped layers of a Keras twin built with
 * named top-level layers get the same names. Keras loads by path, not by these names.
 */
final class KerasH5Layout {
  private static final Map<String, String> CELL_NAMES =
      Map.of("LSTM", "lstm_cell", "GRU", "gru_cell", "SimpleRNN", "simple_rnn_cell");

  private KerasH5Layout() {}

  /**
   * The HDF5 tree of the model's weights, in Keras layout.
   *
   * @throws IllegalArgumentException if a layer has no Keras weight layout (an unknown kind, an
   *     LSTM projection)
   */
  static H5Writer.Group of(RnncModel model) {
    for (Layer layer : model.layers()) {
      check(layer);
    }
    H5Writer.Group root = new H5Writer.Group();
    H5Writer.Group layers = root.group("layers");
    Map<String, Integer> keys = new HashMap<>();
    Map<String, Integer> innerNames = new HashMap<>();
    for (Object entry : kerasOrder(model)) {
      if (entry instanceof String input) { // a graph's InputLayer: an empty vars group
        layers.group(numbered("input_layer", keys)).group("vars").attribute("name", input);
        continue;
      }
      Layer layer = (Layer) entry;
      H5Writer.Group group = layers.group(numbered(StoredLayer.snakeCase(layer.kind()), keys));
      group.group("vars").attribute("name", layer.name());
      switch (layer.kind()) {
        case "Bidirectional" -> {
          if (StackedCellWeights.aroundCells(layer)) {
            bidirectionalRnn(group, layer, innerNames);
            continue;
          }
          String cell = RecurrentLayers.cellKind(layer);
          String inner = numbered(StoredLayer.snakeCase(cell), innerNames);
          recurrent(
              group.group("forward_layer"),
              "forward_" + inner,
              cell,
              variables(layer, RecurrentLayers.FORWARD));
          // a declared backward layer (Keras' backward_layer) may be of another class
          String backwardCell =
              RecurrentLayers.cellKind(RecurrentLayers.directions(layer).getLast());
          // Keras names the copy of the wrapped layer backward_<inner>, but keeps a declared
          // backward layer's own name (counted after the wrapped layer, as KerasModelConfig does)
          String backwardName =
              layer.config().containsKey("backward_layer")
                  ? numbered(StoredLayer.snakeCase(backwardCell), innerNames)
                  : "backward_" + inner;
          recurrent(
              group.group("backward_layer"),
              backwardName,
              backwardCell,
              variables(layer, RecurrentLayers.BACKWARD));
        }
        case "TimeDistributed" -> {
          H5Writer.Group vars = group.group("layer").group("vars");
          vars.attribute("name", numbered("dense", innerNames));
          datasets(vars, layer.variables());
        }
        case "LSTM", "GRU", "SimpleRNN" -> recurrentCell(group, layer.kind(), layer.variables());
        case "RNN" -> rnn(group, layer, innerNames);
        default -> datasets(group.group("vars"), layer.variables());
      }
    }
    root.group("vars").attribute("name", model.modelName());
    return root;
  }

  /**
   * The model's layers in the order Keras numbers their groups: declaration order for a chain (a
   * Sequential); for a graph ({@link RnncModel#modelGraph()}) Keras' operation order, its inputs
   * (as their names) among them, as Keras' {@code model.layers} of the functional model lists them.
   */
  private static List<Object> kerasOrder(RnncModel model) {
    Optional<ModelGraph> graph = model.modelGraph();
    if (graph.isEmpty()) {
      return List.copyOf(model.layers());
    }
    List<Object> order = new ArrayList<>();
    for (String name : KerasFunctionalConfig.operationNames(graph.get())) {
      order.add(graph.get().operation(name) instanceof ModelGraph.Input ? name : model.layer(name));
    }
    return order;
  }

  private static void check(Layer layer) {
    if (!StoredLayer.KNOWN_CLASSES.contains(layer.kind())) {
      throw new IllegalArgumentException(
          "layer "
              + layer.name()
              + " has kind "
              + layer.kind()
              + ", which has no Keras weight layout here");
    }
    if (layer.kind().equals("Bidirectional")
        && !StackedCellWeights.aroundCells(layer)
        && RecurrentLayers.cellKind(layer) == null) {
      throw new IllegalArgumentException(
          "layer "
              + layer.name()
              + " is Bidirectional around no recurrent cell rnnc"
              + " recognises from its variables "
              + layer.variables());
    }
    if (RecurrentLayers.projected(layer)) {
      throw new IllegalArgumentException(
          "layer "
              + layer.name()
              + " ("
              + layer.kind()
              + ") has a projection (projSize,"
              + " PyTorch's proj_size), which Keras' LSTM does not have; save it with RnncWeights.save instead");
    }
  }

  /**
   * An {@code @RNN} layer: a single cell's variables in {@code cell/vars}; a stack's in {@code
   * cell/cells/<key>/vars}, every cell with its group (variables or not), under the names Keras
   * gives unnamed cells in a fresh session ({@code stacked_rnn_cells}, {@code lstm_cell}, {@code
   * lstm_cell_1}, ... counted over the model).
   */
  private static void rnn(H5Writer.Group group, Layer layer, Map<String, Integer> names) {
    H5Writer.Group cell = group.group("cell");
    if (!StackedCellWeights.stacked(layer)) {
      String className = String.valueOf(layer.config().get("rnnc_cell"));
      H5Writer.Group vars = cell.group("vars");
      vars.attribute(
          "name",
          numbered(
              StoredLayer.snakeCase(className.substring(className.lastIndexOf('.') + 1)), names));
      datasets(vars, layer.variables());
      return;
    }
    cell.group("vars").attribute("name", numbered("stacked_rnn_cells", names));
    H5Writer.Group cells = cell.group("cells");
    for (Map<?, ?> stacked : StackedCellWeights.cells(layer)) {
      String key = String.valueOf(stacked.get("rnnc_key"));
      H5Writer.Group vars = cells.group(key).group("vars");
      vars.attribute(
          "name",
          numbered(StoredLayer.snakeCase(String.valueOf(stacked.get("class_name"))), names));
      datasets(
          vars,
          layer.variables().stream().filter(v -> key.equals(StackedCellWeights.keyOf(v))).toList());
    }
  }

  /**
   * A Bidirectional layer around an {@code @RNN}: each direction an RNN layer ({@code forward_rnn},
   * {@code backward_rnn}). Keras rebuilds both directions from the wrapped layer's config, so both
   * keep the names of the wrapped layer's cells, counted once.
   */
  private static void bidirectionalRnn(
      H5Writer.Group group, Layer layer, Map<String, Integer> names) {
    String inner = numbered("rnn", names);
    Map<String, Integer> before = new HashMap<>(names);
    for (String prefix : List.of(RecurrentLayers.FORWARD, RecurrentLayers.BACKWARD)) {
      String direction = prefix.substring(0, prefix.length() - 1); // forward_layer
      H5Writer.Group d = group.group(direction);
      d.group("vars").attribute("name", direction.substring(0, direction.indexOf('_') + 1) + inner);
      Map<String, Integer> counts =
          prefix.equals(RecurrentLayers.FORWARD) ? names : new HashMap<>(before);
      rnn(d, StackedCellWeights.direction(layer, prefix), counts);
    }
  }

  /** A wrapped recurrent layer: its own (empty) vars group named {@code name}, then its cell. */
  private static void recurrent(
      H5Writer.Group group, String name, String cell, List<Variable> variables) {
    group.group("vars").attribute("name", name);
    recurrentCell(group, cell, variables);
  }

  private static void recurrentCell(H5Writer.Group group, String cell, List<Variable> variables) {
    H5Writer.Group vars = group.group("cell").group("vars");
    vars.attribute("name", CELL_NAMES.get(cell));
    datasets(vars, variables);
  }

  private static void datasets(H5Writer.Group vars, List<Variable> variables) {
    for (int i = 0; i < variables.size(); i++) {
      vars.dataset(Integer.toString(i), variables.get(i).shape(), variables.get(i).get());
    }
  }

  /** One direction's variables of a Bidirectional layer, in creation order. */
  private static List<Variable> variables(Layer layer, String prefix) {
    return layer.variables().stream().filter(v -> v.name().startsWith(prefix)).toList();
  }

  /** Keras' numbering of names per base: {@code base}, {@code base_1}, {@code base_2}, ... */
  private static String numbered(String base, Map<String, Integer> counts) {
    int repeat = counts.merge(base, 1, Integer::sum) - 1;
    return repeat == 0 ? base : base + "_" + repeat;
  }
}
