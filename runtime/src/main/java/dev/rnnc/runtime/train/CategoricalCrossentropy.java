package dev.rnnc.runtime.train;

/**
 * Keras {@code CategoricalCrossentropy(fromLogits, labelSmoothing)}: per row {@code -Σ_c
 * t_c·log(p_c)} (a sum over the last axis, not a mean), with one-hot or soft targets {@code t}.
 *
 * <p>From probabilities the row is first divided by its sum, then clipped to {@code [ε, 1-ε]}; the
 * gradient flows back through both (keras/src/backend/tensorflow/nn.py {@code
 * categorical_crossentropy}). From logits it is TensorFlow's {@code
 * softmax_cross_entropy_with_logits}, whose fused gradient is {@code softmax(x) - t}.
 *
 * <p>Note for model code: behind a softmax output layer Keras' TensorFlow backend uses the layer's
 * logits even with {@code fromLogits = false} (nn.py {@code _get_logits}); see {@link #onLogits()}.
 */
public final class CategoricalCrossentropy extends Loss {
  private final boolean fromLogits;
  private final double labelSmoothing;

  /** From probabilities, no label smoothing (Keras' defaults). */
  public CategoricalCrossentropy() {
    this(false, 0);
  }

  /** From logits or probabilities, no label smoothing. */
  public CategoricalCrossentropy(boolean fromLogits) {
    this(fromLogits, 0);
  }

  /**
   * The loss, named {@code "categorical_crossentropy"}.
   *
   * @param labelSmoothing in [0, 1]: targets become {@code t·(1-s) + s/classes}
   */
  public CategoricalCrossentropy(boolean fromLogits, double labelSmoothing) {
    super("categorical_crossentropy");
    this.fromLogits = fromLogits;
    this.labelSmoothing = CrossEntropy.checkSmoothing(labelSmoothing);
  }

  /** Whether predictions are logits. */
  public boolean fromLogits() {
    return fromLogits;
  }

  /** The label smoothing factor. */
  public double labelSmoothing() {
    return labelSmoothing;
  }

  /** The same loss taking logits: what Keras computes behind a softmax output layer. */
  public CategoricalCrossentropy onLogits() {
    return fromLogits ? this : new CategoricalCrossentropy(true, labelSmoothing);
  }

  private double target(float[] yTrue, int offset, int width) {
    double t = yTrue[offset];
    return labelSmoothing == 0 ? t : t * (1 - labelSmoothing) + labelSmoothing / width;
  }

  @Override
  protected double row(
      float[] yTrue,
      int trueOffset,
      float[] yPred,
      int predOffset,
      int width,
      double scale,
      float[] gradient) {
    return fromLogits
        ? logitsRow(yTrue, trueOffset, yPred, predOffset, width, scale, gradient)
        : probabilityRow(yTrue, trueOffset, yPred, predOffset, width, scale, gradient);
  }

  private double logitsRow(
      float[] yTrue,
      int trueOffset,
      float[] x,
      int offset,
      int width,
      double scale,
      float[] gradient) {
    double logSumExp = CrossEntropy.logSumExp(x, offset, width);
    double loss = 0;
    for (int c = 0; c < width; c++) {
      double t = target(yTrue, trueOffset + c, width);
      loss += t * (logSumExp - x[offset + c]);
      if (gradient != null) {
        gradient[offset + c] = (float) (scale * (Math.exp(x[offset + c] - logSumExp) - t));
      }
    }
    return loss;
  }

  private double probabilityRow(
      float[] yTrue,
      int trueOffset,
      float[] p,
      int offset,
      int width,
      double scale,
      float[] gradient) {
    double sum = 0;
    for (int c = 0; c < width; c++) {
      sum += p[offset + c];
    }
    double loss = 0;
    double weighted = 0; // Σ_c g_c·o_c, the normalisation's share of every gradient
    for (int c = 0; c < width; c++) {
      double o = p[offset + c] / sum;
      double clipped = CrossEntropy.clip(o);
      double t = target(yTrue, trueOffset + c, width);
      loss -= t * Math.log(clipped);
      weighted += CrossEntropy.passes(o) ? -t / clipped * o : 0;
    }
    if (gradient != null) {
      for (int c = 0; c < width; c++) {
        double o = p[offset + c] / sum;
        double g =
            CrossEntropy.passes(o)
                ? -target(yTrue, trueOffset + c, width) / CrossEntropy.clip(o)
                : 0;
        gradient[offset + c] = (float) (scale * (g - weighted) / sum);
      }
    }
    return loss;
  }
}
