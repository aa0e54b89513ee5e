package dev.rnnc.runtime.io;

import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.Shapes;
import dev.rnnc.runtime.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * The all-or-nothing core of every loader: values are checked against their variables and queued;
 * problems are collected; only when there are none does {@link #apply()} set anything. Since every
 * queued value passed {@link Variable#checkAssignable}, no set can fail halfway.
 */
final class PendingAssignments {
  private final List<String> problems = new ArrayList<>();
  private final List<Runnable> assignments = new ArrayList<>();

  /**
   * Checks {@code values} (Keras layout, shape {@code shape}) against a variable and queues the
   * set.
   *
   * @param source where the values come from, for messages (e.g. the tensor names)
   */
  void offer(Layer layer, Variable variable, int[] shape, float[] values, String source) {
    String where = layer.name() + " (" + layer.kind() + ") " + variable.name();
    if (!variable.hasShape(shape)) {
      problems.add(
          "%s: expected shape %s, %s gives %s"
              .formatted(where, Shapes.format(variable.shape()), source, Shapes.format(shape)));
      return;
    }
    try {
      variable.checkAssignable(values);
      assignments.add(() -> variable.set(values));
    } catch (IllegalArgumentException e) {
      problems.add(
          layer.name() + " (" + layer.kind() + ") " + e.getMessage() + " (" + source + ")");
    }
  }

  /** Records a problem that stops the load. */
  void problem(String problem) {
    problems.add(problem);
  }

  List<String> problems() {
    return problems;
  }

  /** Sets every queued value; call only when {@link #problems()} is empty. */
  void apply() {
    if (!problems.isEmpty()) {
      throw new IllegalStateException("problems pending: " + problems);
    }
    assignments.forEach(Runnable::run);
  }
}
