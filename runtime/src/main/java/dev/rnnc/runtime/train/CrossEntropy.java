package dev.rnnc.runtime.train;

/**
 * What Keras' cross-entropies share: {@code backend.epsilon()} and the float32 clip to {@code [ε,
 * 1-ε]}.
 */
final class CrossEntropy {
  private CrossEntropy() {}

  /** Keras' {@code backend.epsilon()} as the float32 tensor it becomes. */
  static final double EPSILON = (float) 1e-7;

  /** {@code 1 - epsilon}, as TensorFlow rounds it to float32 for {@code clip_by_value}. */
  static final double ONE_MINUS_EPSILON = (float) (1 - 1e-7);

  /** {@code clip_by_value(p, ε, 1-ε)}. */
  static double clip(double p) {
    return Math.min(Math.max(p, EPSILON), ONE_MINUS_EPSILON);
  }

  /**
   * Whether {@code clip_by_value} passes the gradient at {@code p} (inside the bounds, bounds
   * included).
   */
  static boolean passes(double p) {
    return p >= EPSILON && p <= ONE_MINUS_EPSILON;
  }

  /** Checks a label smoothing factor, which Keras takes in {@code [0, 1]}. */
  static double checkSmoothing(double labelSmoothing) {
    if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
      throw new IllegalArgumentException("labelSmoothing must be in [0, 1], was " + labelSmoothing);
    }
    return labelSmoothing;
  }

  /** {@code log(Σ exp(x))} over the row, shifted by its maximum so that no term overflows. */
  static double logSumExp(float[] x, int offset, int width) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < width; c++) {
      max = Math.max(max, x[offset + c]);
    }
    double sum = 0;
    for (int c = 0; c < width; c++) {
      sum += Math.exp(x[offset + c] - max);
    }
    return max + Math.log(sum);
  }
}
