package dev.rnnc.runtime.io;

import dev.rnnc.runtime.RnncModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Loads a weight file of any format rnnc reads, recognised by content: a Keras 3 {@code
 * .weights.h5} (HDF5) or {@code .keras} (zip) file goes to {@link KerasWeights#load}, a safetensors
 * file with rnnc metadata to {@link RnncWeights#load}, any other safetensors file (a PyTorch
 * state_dict) to {@link PyTorchWeights#load(Path, RnncModel)}.
 *
 * <pre>{@code
 * Weights.load(Path.of(args[0]), model);   // whatever the user trained in
 * }</pre>
 */
public final class Weights {
  private Weights() {}

  /**
   * Loads every weight of {@code model} from {@code file}, with the matching rules of the loader
   * the format selects.
   *
   * @throws WeightsException if the file is damaged, of no format rnnc reads, or does not fit the
   *     model; the model is then unchanged
   * @throws IOException if the file cannot be opened
   */
  public static void load(Path file, RnncModel model) throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(model, "model");
    if (WeightFiles.isDirectory(file)) {
      throw new WeightsException(
          "cannot load weights from", file, null, List.of(WeightFiles.DIRECTORY), null);
    }
    if (WeightFormat.of(file) != WeightFormat.SAFETENSORS) {
      KerasWeights.load(file, model); // names the format it found when it is neither Keras format
    } else if (isRnncFile(file)) { // rnnc weights, or a TrainingCheckpoint's weights
      RnncWeights.load(file, model);
    } else {
      PyTorchWeights.load(file, model);
    }
  }

  /**
   * (Re)loads the weights of {@code file} into a model held as its own interface type, which does
   * not extend {@link RnncModel}:
   *
   * <pre>{@code
   * Forecaster forecaster = RnncForecaster.load(Path.of("v1.keras"));
   * ...
   * Weights.load(Path.of("v2.keras"), forecaster);   // all weights replaced, or none
   * }</pre>
   *
   * As {@link #load(Path, RnncModel)} otherwise: everything is checked before any variable is set.
   *
   * @throws IllegalArgumentException if {@code model} is not a model rnnc generated (its class does
   *     not implement {@link RnncModel}), naming its class; nothing is read then
   * @throws WeightsException if the file does not fit the model; the model is then unchanged
   * @throws IOException if the file cannot be opened
   */
  public static void load(Path file, Object model) throws IOException {
    Objects.requireNonNull(file, "file");
    load(file, RnncModel.of(model));
  }

  /**
   * Saves every weight of {@code model} in the format its file name asks for, as Keras' {@code
   * save}/{@code save_weights} choose by extension: {@code .weights.h5} a Keras 3 weights file
   * ({@link KerasWeights#save}), {@code .keras} a whole Keras model ({@link
   * KerasWeights#saveKeras}), {@code .safetensors} rnnc's own format ({@link RnncWeights#save}).
   * The file is replaced atomically. A generated model's fit saves through this for {@code
   * ModelCheckpoint}.
   *
   * @throws WeightsException if the extension is none of these (naming them; Keras' legacy {@code
   *     .h5} model format is not written), or the format cannot express the model; nothing is
   *     written then
   * @throws IOException if the file cannot be written
   */
  public static void save(Path file, RnncModel model) throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(model, "model");
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    if (name.endsWith(".weights.h5")) {
      KerasWeights.save(file, model);
    } else if (name.endsWith(".keras")) {
      KerasWeights.saveKeras(file, model);
    } else if (name.endsWith(".safetensors")) {
      RnncWeights.save(file, model);
    } else {
      throw new WeightsException(
          "cannot save weights to",
          file,
          "from model " + model.modelName(),
          List.of(
              "the file name chooses the format: end it in .weights.h5 (Keras weights), .keras"
                  + " (a Keras model) or .safetensors (rnnc)"
                  + (name.endsWith(".h5")
                      ? "; Keras' legacy HDF5 model format (.h5) is not written"
                      : "")),
          null);
    }
  }

  /** As {@link #save(Path, RnncModel)} for a model held as its own interface type. */
  public static void save(Path file, Object model) throws IOException {
    Objects.requireNonNull(file, "file");
    save(file, RnncModel.of(model));
  }

  private static boolean isRnncFile(Path file) throws IOException {
    try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
      String format = reader.metadata().get(RnncWeights.FORMAT_KEY);
      return RnncWeights.FORMAT.equals(format) || TrainingCheckpoint.FORMAT.equals(format);
    } catch (BadWeightFile damaged) {
      return false; // the PyTorch loader reports the damage
    }
  }
}
