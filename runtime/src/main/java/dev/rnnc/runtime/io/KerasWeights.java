package dev.rnnc.runtime.io;

import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.Shapes;
import dev.rnnc.runtime.Variable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Loads Keras 3 weight files into a model ({@code model.save_weights("x.weights.h5")} files and
 * {@code model.save("x.keras")} archives), and saves a model's weights as a {@code .weights.h5}
 * that Keras loads ({@link #save}) or a whole {@code .keras} model ({@link #saveKeras}).
 *
 * <p>Layers are matched by name (the Java layer name equals the Keras layer name) or else by order
 * within a kind (the k-th LSTM of the model gets the file's {@code lstm}, {@code lstm_1}, ...).
 * Everything is read and checked before any variable is set, so a load either replaces all weights
 * or, throwing {@link KerasWeightsException}, none.
 *
 * <pre>{@code
 * RnncForecaster model = RnncForecaster.create(0);            // or RnncForecaster.load(path)
 * KerasWeights.load(Path.of("forecaster.keras"), model);
 * KerasWeights.save(Path.of("retrained.weights.h5"), model);  // back to Keras: model.load_weights(...)
 * KerasWeights.saveKeras(Path.of("retrained.keras"), model);   // whole model: keras.models.load_model(...)
 * }</pre>
 */
public final class KerasWeights {

  private KerasWeights() {}

  /**
   * Loads every weight of {@code model} from a Keras 3 weight file.
   *
   * <p>The format is recognised by content, not extension: HDF5 ({@code .weights.h5}) or zip
   * ({@code .keras}, whose {@code config.json} also supplies layer names and classes). Float32
   * datasets load as they are; float64 and float16 are converted (rounded to nearest); integer
   * datasets are rejected. Each model layer with weights must find exactly one file layer of its
   * kind, by name if every layer of the kind has a same-named one, else by order within the kind;
   * variable counts and shapes must agree and values must be finite. File layers with weights that
   * the model lacks are an error too, as they usually mean the wrong file. Layers without weights
   * (Dropout, Keras' InputLayer) need no counterpart.
   *
   * <p>A {@code .keras} archive's {@code config.json} is compared with the options the model
   * declares ({@link Layer#config()}): every option both state ({@code mask_zero}, {@code
   * go_backwards}, activations, units, wrapped layers, ...) must agree, and a {@code Masking} or
   * merge layer must be on both sides, since such a model would load and compute otherwise than
   * Keras (see {@code docs/weights.md} for the few options that cannot change the outputs and are
   * not compared). {@link #loadWeightsOnly} skips this for a model meant to differ. A {@code
   * .weights.h5} file has no config: only names, counts, shapes and values are checked.
   *
   * @param file a {@code .weights.h5} or {@code .keras} file
   * @param model the model whose variables receive the weights
   * @throws KerasWeightsException if the file is not a readable Keras 3 weight file or does not fit
   *     the model; its message lists every problem (each config difference with the layer, option,
   *     the file's and the declared value; layer, variable, expected shape vs. the file's, and the
   *     file's layers when one is missing). The model is then unchanged.
   * @throws IOException if the file cannot be opened (e.g. {@link
   *     java.nio.file.NoSuchFileException})
   */
  public static void load(Path file, RnncModel model) throws IOException {
    load(file, model, true);
  }

  /**
   * As {@link #load(Path, RnncModel)} for a model held as its own interface type ({@code Forecaster
   * m = RnncForecaster.load(...)}).
   *
   * @throws IllegalArgumentException if {@code model} is not a model rnnc generated (see {@link
   *     RnncModel#of})
   */
  public static void load(Path file, Object model) throws IOException {
    load(file, RnncModel.of(model));
  }

  /**
   * Loads the weights of a {@code .keras} archive (or {@code .weights.h5}) without comparing the
   * archive's {@code config.json} with the options the model declares: for a model that is meant to
   * differ from the one Keras trained (another activation, no mask, the other direction), whose
   * predictions then differ from Keras'. Layers, variable counts and shapes are checked as by
   * {@link #load(Path, RnncModel)}, and a failed load still changes nothing.
   *
   * @throws KerasWeightsException if the file is unreadable or its weights do not fit the model
   * @throws IOException if the file cannot be opened
   */
  public static void loadWeightsOnly(Path file, RnncModel model) throws IOException {
    load(file, model, false);
  }

  /** As {@link #loadWeightsOnly(Path, RnncModel)} for a model held as its own interface type. */
  public static void loadWeightsOnly(Path file, Object model) throws IOException {
    loadWeightsOnly(file, RnncModel.of(model));
  }

  private static void load(Path file, RnncModel model, boolean checkConfig) throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(model, "model");
    KerasArchive.Contents contents = read(file);
    List<StoredLayer> stored = contents.layers();

    LayerMatcher.Result matching = LayerMatcher.match(model.layers(), stored);
    List<String> problems = new ArrayList<>();
    if (checkConfig) {
      List<String> differences =
          KerasConfigCheck.differences(model.layers(), contents.config(), stored, matching.pairs());
      if (!differences.isEmpty()) {
        problems.addAll(differences);
        problems.add(
            ("the file's config.json differs from the options the model declares (%d difference%s above):"
                    + " declare them as the file has them, or call KerasWeights.loadWeightsOnly to load the weights anyway")
                .formatted(differences.size(), differences.size() == 1 ? "" : "s"));
      }
    }
    List<Runnable> assignments = new ArrayList<>();
    for (Layer layer : model.layers()) {
      StoredLayer match = matching.pairs().get(layer);
      if (match != null) {
        check(layer, match, problems, assignments);
      } else if (matching.missing().containsKey(layer)) {
        problems.add(matching.missing().get(layer));
      }
    }
    problems.addAll(matching.problems());
    if (!problems.isEmpty()) {
      throw new KerasWeightsException(file, "into model " + model.modelName(), problems, null);
    }
    // Every value was checked with checkAssignable above, so no set can fail halfway.
    assignments.forEach(Runnable::run);
  }

  /**
   * Writes every weight of {@code model} as a Keras 3 {@code .weights.h5} file that {@code
   * model.load_weights(path)} loads into a Keras model of the same layers (same kinds and sizes, in
   * the same order; Sequential or functional). The tree, names, attributes and dtypes are those
   * Keras 3.15's {@code save_weights} writes for such a Sequential model (see {@code
   * docs/weights.md}), wrappers included: a {@code @Bidirectional} layer is Keras' {@code
   * Bidirectional} (its {@code forward_layer} and {@code backward_layer}), a
   * {@code @TimeDistributed @Dense} Keras' {@code TimeDistributed(Dense)}, {@code @Masking} and
   * {@code @Dropout} layers have their empty groups. The file is replaced atomically: a failed save
   * leaves an existing file as it was.
   *
   * <p>Only weights are written; {@link #saveKeras} writes a {@code .keras} archive with the model
   * config too.
   *
   * @throws KerasWeightsException if a layer has no Keras weight layout, such as an LSTM with a
   *     projection ({@code projSize}, which Keras' LSTM lacks); nothing is written then
   * @throws IOException if the file cannot be written
   */
  public static void save(Path file, RnncModel model) throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(model, "model");
    if (WeightFiles.isDirectory(file)) {
      throw KerasWeightsException.saving(file, null, List.of(WeightFiles.DIRECTORY), null);
    }
    byte[] bytes;
    try {
      bytes = H5Writer.toBytes(KerasH5Layout.of(model));
    } catch (IllegalArgumentException e) {
      throw KerasWeightsException.saving(
          file, "from model " + model.modelName(), List.of(e.getMessage()), e);
    }
    AtomicFile.write(file, temporary -> Files.write(temporary, bytes));
  }

  /**
   * Writes {@code model} as a Keras 3 {@code .keras} archive that {@code
   * keras.models.load_model(path)} loads as a ready model: for a chain of layers its {@code
   * config.json} is a {@code Sequential} of an {@code InputLayer} (the declared input; a batch size
   * of 1 when a layer is stateful, as Keras' stateful layers need one) and every layer under its
   * rnnc name with its declared options ({@link Layer#config()}); {@code model.weights.h5} is
   * exactly what {@link #save} writes. Keras then predicts what rnnc predicts. The file is replaced
   * atomically: a failed save leaves an existing file as it was.
   *
   * <p>An {@code @RNN(cells = ...)} of built-in cells becomes Keras' {@code RNN} over {@code
   * StackedRNNCells}.
   *
   * <p>A graph model (named inputs, merges, {@code @Shared} layers, {@code @InitialState}, several
   * outputs; see {@link RnncModel#modelGraph()}) is written as a Keras {@code Functional} config
   * instead: its {@code InputLayer}s and layers in Keras' operation order, each layer's {@code
   * inbound_nodes} (one per application, {@code initial_state} for final states that start it),
   * {@code input_layers} and {@code output_layers}, as Keras 3.15.1's {@code model.save} writes
   * them; the weights in the same order.
   *
   * @throws KerasWeightsException if Keras cannot express a layer (a custom {@code @RNN} cell,
   *     alone or stacked, an LSTM projection), a mask reaches a layer started by
   *     {@code @InitialState} (Keras drops that mask, rnnc applies it), a graph model does not
   *     describe its Keras graph, or the model was not generated by rnnc; the message lists every
   *     such layer and nothing is written
   * @throws IOException if the file cannot be written
   */
  public static void saveKeras(Path file, RnncModel model) throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(model, "model");
    if (WeightFiles.isDirectory(file)) {
      throw KerasWeightsException.savingModel(file, null, List.of(WeightFiles.DIRECTORY), null);
    }
    byte[] config;
    byte[] weights;
    try {
      config = KerasArchiveWriter.configJson(KerasModelConfig.of(model));
      weights = H5Writer.toBytes(KerasH5Layout.of(model));
    } catch (IllegalArgumentException e) {
      throw KerasWeightsException.savingModel(
          file, "from model " + model.modelName(), List.of(e.getMessage().split("\n")), e);
    }
    AtomicFile.writeStream(file, out -> KerasArchiveWriter.write(out, config, weights));
  }

  /** Reads the file's layers, turning every failure into an exception that names the file. */
  static KerasArchive.Contents read(Path file) throws IOException {
    if (WeightFiles.isDirectory(file)) {
      throw new KerasWeightsException(file, WeightFiles.DIRECTORY, null);
    }
    WeightFormat format = WeightFormat.of(file);
    if (format != WeightFormat.HDF5 && format != WeightFormat.ZIP) {
      throw new KerasWeightsException(file, WeightFormat.problem(file), null);
    }
    try {
      return format == WeightFormat.HDF5
          ? new KerasArchive.Contents(H5WeightsReader.read(file), List.of())
          : KerasArchive.read(file);
    } catch (BadWeightFile e) {
      throw new KerasWeightsException(file, e.getMessage(), e.getCause());
    } catch (IOException | RuntimeException e) {
      // jhdf reports damaged HDF5 with unchecked exceptions; ZipFile with ZipException.
      String what =
          format == WeightFormat.HDF5
              ? "a Keras .weights.h5 (HDF5) file"
              : "a .keras (zip) archive";
      throw new KerasWeightsException(
          file, "cannot be read as " + what + ", it is damaged or truncated: " + e, e);
    }
  }

  /** Compares one matched layer's variables with the file's; queues the sets when they fit. */
  private static void check(
      Layer layer, StoredLayer stored, List<String> problems, List<Runnable> assignments) {
    // Say which file layer was used when the names do not make it obvious (matched by order).
    String where =
        layer.name()
            + " ("
            + layer.kind()
            + (layer.name().equals(stored.name())
                ? ""
                : ", matched by order to " + stored.describe())
            + ")";
    List<Variable> variables = layer.variables();
    List<StoredVariable> found = stored.variables();
    if (stored.otherDatasets() > 0) {
      problems.add(
          "%s: file layer %s has %d weight datasets outside its vars group, which this loader cannot map"
              .formatted(where, stored.key(), stored.otherDatasets()));
      return;
    }
    if (layer.kind().equals("RNN") || StackedCellWeights.aroundCells(layer)) {
      found =
          layer.kind().equals("RNN")
              ? StackedCellWeights.align(where, layer, found, problems)
              : StackedCellWeights.alignDirections(where, layer, found, problems);
      if (found == null) {
        return;
      }
    }
    if (variables.size() != found.size()) {
      problems.add(
          "%s: the model has %d variables %s, file layer %s has %d [%s]%s"
              .formatted(
                  where,
                  variables.size(),
                  variables,
                  stored.describe(),
                  found.size(),
                  found.stream()
                      .map(v -> Shapes.format(v.shape()))
                      .collect(Collectors.joining(", ")),
                  Math.abs(variables.size() - found.size()) == 1 ? " (use_bias differs?)" : ""));
      return;
    }
    for (int i = 0; i < variables.size(); i++) {
      Variable variable = variables.get(i);
      StoredVariable value = found.get(i);
      String prefix = where + " " + variable.name() + ": ";
      if (value.problem() != null) {
        problems.add(prefix + value.path() + " " + value.problem());
      } else if (!variable.hasShape(value.shape())) {
        problems.add(
            prefix
                + "expected shape %s, the file has %s at %s"
                    .formatted(
                        Shapes.format(variable.shape()),
                        Shapes.format(value.shape()),
                        value.path()));
      } else {
        try {
          variable.checkAssignable(value.values());
          assignments.add(() -> variable.set(value.values()));
        } catch (IllegalArgumentException e) {
          problems.add(where + " " + e.getMessage() + " (" + value.path() + ")");
        }
      }
    }
  }
}
