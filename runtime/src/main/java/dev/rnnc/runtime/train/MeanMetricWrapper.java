package dev.rnnc.runtime.train;

/**
 * A Keras {@code MeanMetricWrapper}: a value per prediction row, averaged over everything seen,
 * weighted by sample weights and masks as Keras weighs them
 * (keras/src/metrics/reduction_metrics.py). Per batch of {@code B} samples with {@code T} rows
 * each, Keras first reduces to one value per sample, so with per-row weights {@code w} (1 when
 * absent) and mask {@code m}:
 *
 * <pre>
 *   total += Σ_r w_r·m_r·v_r / T      count += Σ_r w_r·m_r / T
 * </pre>
 *
 * and the result is {@code total / count}. Updates allocate nothing.
 */
public abstract class MeanMetricWrapper extends Metric {
  private double total;
  private double count;

  /** A metric with the given history key. */
  protected MeanMetricWrapper(String name) {
    super(name);
  }

  /**
   * Values per target row for predictions {@code width} wide ({@code width}, or 1 for class
   * labels).
   */
  protected int targetWidth(int width) {
    return width;
  }

  /** The metric's value for one row. */
  protected abstract double rowValue(
      float[] yTrue, int trueOffset, float[] yPred, int predOffset, int width);

  /**
   * Adds a batch, laid out as for {@link Loss#compute}.
   *
   * @param weights per-row sample weights, or null
   * @param mask per-row mask, or null
   */
  public final void update(
      OutputLayout layout,
      int samples,
      float[] yTrue,
      float[] yPred,
      float[] weights,
      boolean[] mask) {
    int targetWidth = targetWidth(layout.width());
    BatchChecks.check(name(), layout, samples, targetWidth, yTrue, yPred, weights, mask);
    double batchTotal = 0;
    double batchCount = 0;
    for (int r = 0; r < layout.rows(samples); r++) {
      double w = Loss.weight(weights, mask, r);
      if (w != 0) {
        batchTotal +=
            w * rowValue(yTrue, r * targetWidth, yPred, r * layout.stride(), layout.rowWidth(r));
        batchCount += w;
      }
    }
    add(batchTotal, batchCount, layout.timesteps());
  }

  /** Adds a batch's weighted sum and weight over {@code timesteps} rows per sample. */
  final void add(double batchTotal, double batchCount, int timesteps) {
    total += batchTotal / timesteps;
    count += batchCount / timesteps;
  }

  @Override
  public void reset() {
    total = 0;
    count = 0;
  }

  @Override
  public double result() {
    return count == 0 ? 0 : total / count;
  }

  /** The index of the row's largest value, the first on ties (TensorFlow's {@code argmax}). */
  static int argmax(float[] values, int offset, int width) {
    int best = 0;
    for (int c = 1; c < width; c++) {
      if (values[offset + c] > values[offset + best]) {
        best = c;
      }
    }
    return best;
  }
}
