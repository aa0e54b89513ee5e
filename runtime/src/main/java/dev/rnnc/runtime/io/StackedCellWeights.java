package dev.rnnc.runtime.io;

import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.nn.StackedCells;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The weights of an {@code @RNN} layer in Keras files: a single cell keeps its variables in {@code
 * layers/rnn/cell/vars}, a stack of cells ({@code StackedRNNCells}) in {@code
 * layers/rnn/cell/cells/<cell key>/vars}, one group per cell keyed by its snake_case class name (a
 * one-cell stack also loads from a single cell's {@code cell/vars}, Keras' {@code
 * RNN(LSTMCell(...))}) ({@code lstm_cell}, {@code gru_cell_1}, {@code minimal_rnn_cell}). Generated
 * stacked layers name their variables {@code <cell key>/<name>} (see {@link StackedCells}), which
 * is how both sides meet: HDF5 lists groups alphabetically, not in stack order.
 */
final class StackedCellWeights {
  private static final Pattern STACKED_PATH = Pattern.compile(".*/cell/cells/([^/]+)/vars/\\d+");

  private StackedCellWeights() {}

  /**
   * Whether the model layer is a {@code @Bidirectional} around an {@code @RNN} layer: its config
   * wraps an {@code RNN}.
   */
  static boolean aroundCells(Layer layer) {
    return layer.kind().equals("Bidirectional")
        && layer.config().get("layer") instanceof Map<?, ?> wrapped
        && "RNN".equals(wrapped.get("class_name"));
  }

  /**
   * One direction of a {@code @Bidirectional} around {@code @RNN} as an {@code RNN} layer of its
   * own: the wrapped layer's config, the direction's variables without the {@code prefix} (sharing
   * their values).
   *
   * @param prefix {@link RecurrentLayers#FORWARD} or {@link RecurrentLayers#BACKWARD}
   */
  @SuppressWarnings("unchecked")
  static Layer direction(Layer layer, String prefix) {
    Map<String, Object> config =
        (Map<String, Object>) ((Map<?, ?>) layer.config().get("layer")).get("config");
    List<Variable> variables =
        layer.variables().stream()
            .filter(v -> v.name().startsWith(prefix))
            .map(v -> v.renamed(v.name().substring(prefix.length())))
            .toList();
    return new Layer(layer.name(), "RNN", config, variables);
  }

  /**
   * The file's variables of a {@code @Bidirectional} around {@code @RNN} in the model's order (the
   * forward direction's, then the backward's, each aligned as {@link #align} does), or null (having
   * added why to {@code problems}).
   */
  static List<StoredVariable> alignDirections(
      String where, Layer layer, List<StoredVariable> found, List<String> problems) {
    List<StoredVariable> ordered = new ArrayList<>();
    for (String prefix : List.of(RecurrentLayers.FORWARD, RecurrentLayers.BACKWARD)) {
      List<StoredVariable> ofDirection =
          found.stream().filter(v -> v.path().contains("/" + prefix)).toList();
      List<StoredVariable> aligned =
          align(
              where + " " + prefix.substring(0, prefix.length() - 1),
              direction(layer, prefix),
              ofDirection,
              problems);
      if (aligned == null) {
        return null;
      }
      ordered.addAll(aligned);
    }
    return ordered;
  }

  /**
   * Whether the model layer is a stacked {@code @RNN}: its config names {@code StackedRNNCells}.
   */
  static boolean stacked(Layer layer) {
    return layer.kind().equals("RNN")
        && layer.config().get("cell") instanceof Map<?, ?> cell
        && "StackedRNNCells".equals(cell.get("class_name"));
  }

  /**
   * The stacked cells of a model layer in stack order: each one's Keras class and weight key from
   * its config ({@code rnnc_key}).
   */
  static List<Map<?, ?>> cells(Layer layer) {
    Map<?, ?> cell = (Map<?, ?>) layer.config().get("cell");
    Map<?, ?> config = (Map<?, ?>) cell.get("config");
    List<Map<?, ?>> cells = new ArrayList<>();
    for (Object c : (List<?>) config.get("cells")) {
      cells.add((Map<?, ?>) c);
    }
    return cells;
  }

  private static final Map<String, String> LAYER_KINDS =
      Map.of("LSTMCell", "LSTM", "GRUCell", "GRU", "SimpleRNNCell", "SimpleRNN");

  /**
   * The model's layers with each stack of built-in cells seen as one layer per cell, as PyTorch's
   * {@code num_layers} stores them: {@code encoder[0]}, {@code encoder[1]}, ... of kind {@code
   * LSTM}, {@code GRU} or {@code SimpleRNN}, whose variables ({@code kernel}, ...) share the
   * stack's values. A stack holding a custom cell stays as it is.
   */
  static List<Layer> perCell(List<Layer> layers) {
    List<Layer> result = new ArrayList<>();
    for (Layer layer : layers) {
      List<Map<?, ?>> cells = stacked(layer) ? cells(layer) : List.of();
      if (cells.isEmpty()
          || !cells.stream()
              .allMatch(c -> LAYER_KINDS.containsKey(String.valueOf(c.get("class_name"))))) {
        result.add(layer);
        continue;
      }
      for (int k = 0; k < cells.size(); k++) {
        String key = String.valueOf(cells.get(k).get("rnnc_key"));
        List<Variable> variables =
            layer.variables().stream()
                .filter(v -> key.equals(keyOf(v)))
                .map(v -> v.renamed(v.name().substring(key.length() + 1)))
                .toList();
        result.add(
            new Layer(
                layer.name() + "[" + k + "]",
                LAYER_KINDS.get(String.valueOf(cells.get(k).get("class_name"))),
                variables));
      }
    }
    return result;
  }

  /** A model variable of a stacked layer: the cell key before the separator. */
  static String keyOf(Variable variable) {
    int at = variable.name().indexOf(StackedCells.SEPARATOR);
    return at < 0 ? null : variable.name().substring(0, at);
  }

  /**
   * The file's variables of an {@code @RNN} layer in the model's order, or null (having added why
   * to {@code problems}) when the file's cells are not the model's.
   */
  static List<StoredVariable> align(
      String where, Layer layer, List<StoredVariable> found, List<String> problems) {
    boolean fileStacked =
        !found.isEmpty() && found.stream().allMatch(v -> STACKED_PATH.matcher(v.path()).matches());
    boolean modelStacked = stacked(layer);
    if (!modelStacked) {
      if (fileStacked) {
        problems.add(
            where
                + ": the model's layer has one cell, the file's layer stacks cells "
                + keys(found));
        return null;
      }
      return found;
    }
    if (!fileStacked && !found.isEmpty() && cells(layer).size() == 1) {
      // Keras' RNN(LSTMCell(...)) keeps its one cell's variables in cell/vars, in the order
      // RNN([LSTMCell(...)]) keeps them in cell/cells/<cell>/vars: the same layer to rnnc
      return found;
    }
    if (!fileStacked && !found.isEmpty()) {
      problems.add(
          where
              + ": the model's layer stacks cells "
              + modelKeys(layer)
              + ", the file's layer has a single cell ("
              + found.getFirst().path()
              + ")");
      return null;
    }
    Map<String, Deque<StoredVariable>> byKey = new LinkedHashMap<>();
    for (StoredVariable v : found) {
      Matcher m = STACKED_PATH.matcher(v.path());
      m.matches();
      byKey.computeIfAbsent(m.group(1), k -> new ArrayDeque<>()).add(v);
    }
    List<StoredVariable> ordered = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Variable variable : layer.variables()) {
      Deque<StoredVariable> ofCell = byKey.get(keyOf(variable));
      if (ofCell == null || ofCell.isEmpty()) {
        missing.add(variable.name());
      } else {
        ordered.add(ofCell.removeFirst());
      }
    }
    List<String> extra =
        byKey.values().stream().flatMap(Deque::stream).map(StoredVariable::path).toList();
    if (!missing.isEmpty() || !extra.isEmpty()) {
      problems.add(
          where
              + ": the stacked cells differ: the model has cells "
              + modelKeys(layer)
              + ", the file "
              + keys(found)
              + (missing.isEmpty() ? "" : "; not in the file: " + missing)
              + (extra.isEmpty() ? "" : "; in the file only: " + extra));
      return null;
    }
    return ordered;
  }

  private static List<String> modelKeys(Layer layer) {
    return cells(layer).stream().map(c -> String.valueOf(c.get("rnnc_key"))).toList();
  }

  private static List<String> keys(List<StoredVariable> found) {
    List<String> keys = new ArrayList<>();
    for (StoredVariable v : found) {
      Matcher m = STACKED_PATH.matcher(v.path());
      String key = m.matches() ? m.group(1) : v.path();
      if (!keys.contains(key)) {
        keys.add(key);
      }
    }
    return keys;
  }
}
