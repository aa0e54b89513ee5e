package dev.rnnc.runtime;

import java.util.StringJoiner;

/** Formats shapes the way Keras prints them: {@code (30, 1)}, {@code (64,)}. */
public final class Shapes {
  private Shapes() {}

  /** Formats a shape; a 1-D shape keeps Python's trailing comma. */
  public static String format(int... shape) {
    if (shape.length == 1) {
      return "(" + shape[0] + ",)";
    }
    StringJoiner joiner = new StringJoiner(", ", "(", ")");
    for (int d : shape) {
      joiner.add(d < 0 ? "None" : Integer.toString(d));
    }
    return joiner.toString();
  }
}
