package dev.rnnc.runtime.io;

import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.Variable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tree Keras 3.15's {@code save_weights} writes for a Sequential model with the same layers
 * (checked with h5py on files Keras wrote):
 *
 * <pre>
 * layers/&lt;key&gt;/vars                 attribute name = the layer name; Dense, Embedding: datasets 0, 1
 * layers/&lt;key&gt;/cell/vars            recurrent layers: attribute name = lstm_cell | gru_cell | simple_rnn_cell;
 *                                  datasets 0 kernel, 1 recurrent_kernel, 2 bias
 * vars                             attribute name = the model name
 * </pre>
 *
 * The key is the snake_case class name with {@code _k} for its k-th repeat in model order
 * ({@code lstm}, {@code lstm_1}, {@code dropout}); layers without weights get their empty
 * {@code vars} group too. A functional Keras model also writes {@code layers/input_layer/vars},
 * which Keras does not need to load, so the file loads into both.
 */
final class KerasH5Layout {
  private static final Map<String, String> CELL_NAMES =
      Map.of("LSTM", "lstm_cell", "GRU", "gru_cell", "SimpleRNN", "simple_rnn_cell");

  private KerasH5Layout() {}

  /** The HDF5 tree of the model's weights, in Keras layout. */
  static H5Writer.Group of(RnncModel model) {
    H5Writer.Group root = new H5Writer.Group();
    H5Writer.Group layers = root.group("layers");
    Map<String, Integer> repeats = new HashMap<>();
    for (Layer layer : model.layers()) {
      if (!StoredLayer.KNOWN_CLASSES.contains(layer.kind())) {
        throw new IllegalArgumentException("layer " + layer.name() + " has kind " + layer.kind()
            + ", which has no Keras weight layout here");
      }
      String base = StoredLayer.snakeCase(layer.kind());
      int repeat = repeats.merge(base, 1, Integer::sum) - 1;
      H5Writer.Group group = layers.group(repeat == 0 ? base : base + "_" + repeat);
      H5Writer.Group own = group.group("vars");
      own.attribute("name", layer.name());
      String cell = CELL_NAMES.get(layer.kind());
      H5Writer.Group vars = own;
      if (cell != null) {
        vars = group.group("cell").group("vars");
        vars.attribute("name", cell);
      }
      List<Variable> variables = layer.variables();
      for (int i = 0; i < variables.size(); i++) {
        vars.dataset(Integer.toString(i), variables.get(i).shape(), variables.get(i).get());
      }
    }
    root.group("vars").attribute("name", model.modelName());
    return root;
  }
}
