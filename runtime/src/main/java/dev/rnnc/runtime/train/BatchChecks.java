package dev.rnnc.runtime.train;

/** Argument checks shared by losses and metrics: one place for the messages. */
final class BatchChecks {
  private BatchChecks() {}

  /** Checks the arrays of a batch with float targets, {@code targetWidth} values per target row. */
  static void check(
      String who,
      OutputLayout layout,
      int samples,
      int targetWidth,
      float[] yTrue,
      float[] yPred,
      float[] weights,
      boolean[] mask) {
    check(who, layout, samples, yPred, weights, mask);
    need(
        who, "yTrue", yTrue == null ? -1 : yTrue.length, (long) layout.rows(samples) * targetWidth);
  }

  /** Checks the predictions, weights and mask of a batch. */
  static void check(
      String who,
      OutputLayout layout,
      int samples,
      float[] yPred,
      float[] weights,
      boolean[] mask) {
    if (samples < 0) {
      throw new IllegalArgumentException(who + ": samples must be >= 0, was " + samples);
    }
    int rows = layout.rows(samples);
    need(who, "yPred", yPred == null ? -1 : yPred.length, predictionLength(layout, rows));
    if (weights != null) {
      need(who, "weights", weights.length, rows);
    }
    if (mask != null) {
      need(who, "mask", mask.length, rows);
    }
  }

  /** Checks a gradient buffer laid out like the predictions. */
  static void checkGradient(String who, OutputLayout layout, int rows, float[] gradient) {
    need(who, "gradient", gradient.length, predictionLength(layout, rows));
  }

  /** Checks the int labels of a sparse target. */
  static void checkLabels(String who, int rows, int[] labels) {
    need(who, "labels", labels == null ? -1 : labels.length, rows);
  }

  /** The class of a sparse target, as Keras casts it (toward zero), checked against the width. */
  static int label(String who, double value, int row, int width) {
    if (!(value >= 0 && value < width)) { // also rejects NaN
      throw new IllegalArgumentException(
          who + ": label " + value + " of row " + row + " is outside [0, " + width + ")");
    }
    return (int) value;
  }

  private static long predictionLength(OutputLayout layout, int rows) {
    return rows == 0 ? 0 : (long) (rows - 1) * layout.stride() + layout.width();
  }

  private static void need(String who, String what, int length, long required) {
    if (length < 0) {
      throw new IllegalArgumentException(who + ": " + what + " is null");
    }
    if (length < required) {
      throw new IllegalArgumentException(
          who + ": " + what + " has " + length + " values, the batch needs " + required);
    }
  }
}
