package dev.rnnc.runtime.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A Keras weight file that cannot be loaded into a model: unreadable, not a Keras 3 weight file,
 * or not matching the model's layers and shapes.
 *
 * <p>It extends {@link IOException} because the fault lies in the file (or in choosing it), and
 * callers of {@link KerasWeights#load} already handle {@code IOException}; catching this subtype
 * gives the {@linkplain #problems() individual problems}. When it is thrown the model is unchanged.
 */
public final class KerasWeightsException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String[] problems; // an array keeps the exception serializable

  KerasWeightsException(Path file, String target, List<String> problems, Throwable cause) {
    super(message(file, target, problems), cause);
    this.file = file;
    this.problems = problems.toArray(String[]::new);
  }

  /** A single problem with the file itself, before any model comparison. */
  KerasWeightsException(Path file, String problem, Throwable cause) {
    this(file, null, List.of(problem), cause);
  }

  /** The file that failed to load. */
  public Path file() {
    return file;
  }

  /** Every problem found, one line each (layer, variable, expected vs. found). */
  public List<String> problems() {
    return List.of(problems);
  }

  private static String message(Path file, String target, List<String> problems) {
    StringBuilder sb = new StringBuilder("cannot load Keras weights from ").append(file);
    if (target != null) {
      sb.append(" into ").append(target);
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
