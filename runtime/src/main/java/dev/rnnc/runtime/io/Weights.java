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
    } else if (isRnncFile(file)) {
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

  private static boolean isRnncFile(Path file) throws IOException {
    try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
      return RnncWeights.FORMAT.equals(reader.metadata().get(RnncWeights.FORMAT_KEY));
    } catch (BadWeightFile damaged) {
      return false; // the PyTorch loader reports the damage
    }
  }
}
