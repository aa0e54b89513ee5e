package dev.rnnc.runtime.train;

/**
 * Keras {@code BinaryCrossentropy(fromLogits, labelSmoothing)}: per row the mean over the last axis
 * of the element-wise binary cross-entropy.
 *
 * <p>From probabilities (the default) the prediction is first clipped to {@code [ε, 1-ε]}, ε =
 * 1e-7, and the clipped elements get no gradient (keras/src/backend/tensorflow/nn.py {@code
 * binary_crossentropy}). From logits it is TensorFlow's {@code sigmoid_cross_entropy_with_logits}:
 * {@code max(x,0) - x·z + log(1 + e^-|x|)}, gradient {@code sigmoid(x) - z}.
 *
 * <p>Note for model code: when the output layer's activation is a sigmoid, Keras' TensorFlow
 * backend computes this loss from the layer's logits even with {@code fromLogits = false} (the
 * output carries {@code _keras_logits}; nn.py {@code _get_logits}), so there is no clipping. A
 * model reproducing Keras' training numbers calls {@link #onLogits()} on the pre-activation values.
 */
public final class BinaryCrossentropy extends Loss {
  private final boolean fromLogits;
  private final double labelSmoothing;

  /** From probabilities, no label smoothing (Keras' defaults). */
  public BinaryCrossentropy() {
    this(false, 0);
  }

  /** From logits or probabilities, no label smoothing. */
  public BinaryCrossentropy(boolean fromLogits) {
    this(fromLogits, 0);
  }

  /**
   * The loss, named {@code "binary_crossentropy"}.
   *
   * @param labelSmoothing in [0, 1]: targets become {@code z·(1-s) + s/2}
   */
  public BinaryCrossentropy(boolean fromLogits, double labelSmoothing) {
    super("binary_crossentropy");
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

  /**
   * The same loss taking logits: what Keras computes behind a sigmoid output layer (see the class
   * note).
   */
  public BinaryCrossentropy onLogits() {
    return fromLogits ? this : new BinaryCrossentropy(true, labelSmoothing);
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
    double sum = 0;
    double factor = scale / width;
    for (int c = 0; c < width; c++) {
      double z = yTrue[trueOffset + c];
      if (labelSmoothing != 0) {
        z = z * (1 - labelSmoothing) + 0.5 * labelSmoothing;
      }
      double x = yPred[predOffset + c];
      double derivative;
      if (fromLogits) {
        // TF's stable form; its where-based gradient is sigmoid(x) - z everywhere, x = 0 included
        double e = Math.exp(-Math.abs(x));
        sum += Math.max(x, 0) - x * z + Math.log1p(e);
        derivative = (x >= 0 ? 1 / (1 + e) : e / (1 + e)) - z;
      } else {
        double p = CrossEntropy.clip(x);
        sum -= z * Math.log(p) + (1 - z) * Math.log(1 - p);
        derivative = CrossEntropy.passes(x) ? (1 - z) / (1 - p) - z / p : 0;
      }
      if (gradient != null) {
        gradient[predOffset + c] = (float) (factor * derivative);
      }
    }
    return sum / width;
  }
}
