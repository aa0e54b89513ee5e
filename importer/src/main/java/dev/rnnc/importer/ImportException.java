package dev.rnnc.importer;

import java.util.List;

/**
 * A {@code .keras} file that cannot become an rnnc interface: unreadable, not a Keras 3 model
 * archive, or using something rnnc cannot express. Lists every problem found, not just the first.
 */
public final class ImportException extends Exception {
  private final List<String> problems;

  /**
   * @param source the file, as the user named it
   * @param problems one line per problem, each naming the layer and the option at fault
   */
  public ImportException(String source, List<String> problems) {
    super(message(source, problems));
    this.problems = List.copyOf(problems);
  }

  /** One problem, with the exception that revealed it. */
  public ImportException(String source, String problem, Throwable cause) {
    super(message(source, List.of(problem)), cause);
    this.problems = List.of(problem);
  }

  /** Every problem, one line each. */
  public List<String> problems() {
    return problems;
  }

  private static String message(String source, List<String> problems) {
    if (problems.size() == 1) {
      return "cannot import " + source + ": " + problems.getFirst();
    }
    return "cannot import "
        + source
        + ", "
        + problems.size()
        + " problems:\n  - "
        + String.join("\n  - ", problems);
  }
}
