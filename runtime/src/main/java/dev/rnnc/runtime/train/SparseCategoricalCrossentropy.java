package dev.rnnc.runtime.train;

/**
 * Keras {@code SparseCategoricalCrossentropy(fromLogits)}: categorical cross-entropy with integer
 * class targets, one per row. Float targets are cast toward zero, as Keras casts them; a class
 * outside {@code [0, width)} is an {@link IllegalArgumentException}.
 *
 * <p>From probabilities TensorFlow clips every class to {@code [ε, 1-ε]}, takes the log and applies
 * {@code sparse_softmax_cross_entropy_with_logits} (keras/src/backend/tensorflow/nn.py), which
 * renormalises: the row loss is {@code log(Σ p') - log(p'_y)}. From logits it is {@code
 * logSumExp(x) - x_y}, gradient {@code softmax(x) - onehot(y)}.
 *
 * <p>Note for model code: behind a softmax output layer Keras' TensorFlow backend uses the layer's
 * logits even with {@code fromLogits = false}; see {@link #onLogits()}.
 */
public final class SparseCategoricalCrossentropy extends Loss {
  private final boolean fromLogits;

  /** From probabilities (Keras' default). */
  public SparseCategoricalCrossentropy() {
    this(false);
  }

  /** The loss, named {@code "sparse_categorical_crossentropy"}. */
  public SparseCategoricalCrossentropy(boolean fromLogits) {
    super("sparse_categorical_crossentropy");
    this.fromLogits = fromLogits;
  }

  /** Whether predictions are logits. */
  public boolean fromLogits() {
    return fromLogits;
  }

  /** The same loss taking logits: what Keras computes behind a softmax output layer. */
  public SparseCategoricalCrossentropy onLogits() {
    return fromLogits ? this : new SparseCategoricalCrossentropy(true);
  }

  /** One class per row. */
  @Override
  public int targetWidth(int width) {
    return 1;
  }

  /**
   * {@link #compute} with {@code int} class labels, one per row.
   *
   * @param labels the class of each row, in {@code [0, layout.width())}
   */
  public double compute(
      OutputLayout layout,
      int samples,
      int[] labels,
      float[] yPred,
      float[] weights,
      boolean[] mask,
      float[] gradient) {
    int rows = layout.rows(samples);
    BatchChecks.check(name(), layout, samples, yPred, weights, mask);
    BatchChecks.checkLabels(name(), rows, labels);
    if (gradient != null) {
      BatchChecks.checkGradient(name(), layout, rows, gradient);
    }
    double divisor = divisor(rows, mask);
    double sum = 0;
    for (int r = 0; r < rows; r++) {
      double w = divisor == 0 ? 0 : weight(weights, mask, r);
      int offset = r * layout.stride();
      int label = BatchChecks.label(name(), labels[r], r, layout.rowWidth(r));
      double value =
          labelRow(label, yPred, offset, layout.rowWidth(r), w == 0 ? 0 : w / divisor, gradient);
      if (w != 0) {
        sum += value * w;
      }
      clearPadding(layout, r, offset, gradient);
    }
    return divisor == 0 ? 0 : sum / divisor;
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
    int label = BatchChecks.label(name(), yTrue[trueOffset], trueOffset, width);
    return labelRow(label, yPred, predOffset, width, scale, gradient);
  }

  private double labelRow(
      int label, float[] x, int offset, int width, double scale, float[] gradient) {
    if (fromLogits) {
      double logSumExp = CrossEntropy.logSumExp(x, offset, width);
      if (gradient != null) {
        for (int c = 0; c < width; c++) {
          double softmax = Math.exp(x[offset + c] - logSumExp);
          gradient[offset + c] = (float) (scale * (c == label ? softmax - 1 : softmax));
        }
      }
      return logSumExp - x[offset + label];
    }
    double sum = 0;
    for (int c = 0; c < width; c++) {
      sum += CrossEntropy.clip(x[offset + c]);
    }
    double clippedLabel = CrossEntropy.clip(x[offset + label]);
    if (gradient != null) {
      // d/dp_c of log(Σp') - log(p'_y) = 1/Σp' - [c == y]/p'_y, where the clip passes the gradient
      for (int c = 0; c < width; c++) {
        double g =
            CrossEntropy.passes(x[offset + c]) ? 1 / sum - (c == label ? 1 / clippedLabel : 0) : 0;
        gradient[offset + c] = (float) (scale * g);
      }
    }
    return Math.log(sum) - Math.log(clippedLabel);
  }
}
