package dev.rnnc.runtime.io;

import java.nio.file.Path;
import java.util.List;

/**
 * A Keras weight file that cannot be loaded into a model (unreadable, not a Keras 3 weight file, or
 * not matching the model's layers and shapes), or a model that cannot be saved as one.
 *
 * <p>When {@link KerasWeights#load} throws it the model is unchanged; when {@link
 * KerasWeights#save} throws it no file was written.
 */
public final class KerasWeightsException extends WeightsException {
  private static final long serialVersionUID = 1L;

  KerasWeightsException(Path file, String target, List<String> problems, Throwable cause) {
    super("cannot load Keras weights from", file, target, problems, cause);
  }

  /** A single problem with the file itself, before any model comparison. */
  KerasWeightsException(Path file, String problem, Throwable cause) {
    this(file, null, List.of(problem), cause);
  }

  private KerasWeightsException(
      String action, Path file, String target, List<String> problems, Throwable cause) {
    super(action, file, target, problems, cause);
  }

  /** A save that failed; nothing was written. */
  static KerasWeightsException saving(
      Path file, String target, List<String> problems, Throwable cause) {
    return new KerasWeightsException("cannot save Keras weights to", file, target, problems, cause);
  }

  /** A {@code .keras} save that failed; nothing was written. */
  static KerasWeightsException savingModel(
      Path file, String target, List<String> problems, Throwable cause) {
    return new KerasWeightsException("cannot save a Keras model to", file, target, problems, cause);
  }
}
