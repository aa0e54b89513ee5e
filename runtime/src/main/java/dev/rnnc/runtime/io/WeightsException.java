package dev.rnnc.runtime.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A weight file that cannot be loaded into a model, or a model that cannot be saved to one:
 * unreadable, damaged, of the wrong format, or not matching the model's layers and shapes.
 *
 * <p>It extends {@link IOException} because the fault lies in the file (or in choosing it), and
 * callers of the loaders already handle {@code IOException}; catching this subtype gives the
 * {@linkplain #problems() individual problems}. When a loader throws it the model is unchanged.
 */
public class WeightsException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String[] problems; // an array keeps the exception serializable

  /**
   * @param action what failed, e.g. {@code "cannot load PyTorch weights from"}; the file follows
   * @param file the file
   * @param target the model, with its preposition: {@code "into model Forecaster"}, or {@code null}
   * @param problems every problem found, one line each
   * @param cause the underlying exception, or {@code null}
   */
  WeightsException(
      String action, Path file, String target, List<String> problems, Throwable cause) {
    super(message(action, file, target, problems), cause);
    this.file = file;
    this.problems = problems.toArray(String[]::new);
  }

  /** The file that failed to load or save. */
  public Path file() {
    return file;
  }

  /** Every problem found, one line each (layer, variable or tensor, expected vs. found). */
  public List<String> problems() {
    return List.of(problems);
  }

  private static String message(String action, Path file, String target, List<String> problems) {
    StringBuilder sb = new StringBuilder(action).append(' ').append(file);
    if (target != null) {
      sb.append(' ').append(target);
    }
    if (problems.size() == 1) {
      return sb.append(": ").append(problems.getFirst()).toString();
    }
    sb.append(": ").append(problems.size()).append(" problems");
    for (String problem : problems) {
      sb.append("\n  - ").append(problem);
    }
    return sb.toString();
  }
}
