package dev.rnnc.runtime.train;

import java.util.Arrays;

/**
 * A Keras loss: for a batch of predictions, the scalar loss Keras reports and trains on, and its
 * gradient with respect to every prediction. Each row's loss is Keras' per-row value (a mean over
 * the last axis for most losses); rows are then reduced as Keras' default {@code
 * "sum_over_batch_size"}:
 *
 * <pre>
 *   loss = Σ_r w_r·l_r / rows             without a mask
 *   loss = Σ_r w_r·m_r·l_r / Σ_r m_r      with a mask (0 when no row is valid)
 * </pre>
 *
 * where {@code w} are the per-row sample weights (1 when absent) and {@code m} the per-row mask
 * (keras/src/losses/loss.py: {@code apply_mask} gives valid rows the weight {@code total/valid},
 * {@code reduce_values} divides by {@code total}).
 *
 * <p>Sample weights are per row: a {@code (batch, timesteps)} weight as Keras takes it. A
 * per-sample weight for a sequence output is an error in Keras 3.15 (it cannot broadcast {@code
 * (B,)} against {@code (B, T)}); callers that accept one repeat it over the sample's rows.
 *
 * <p>Losses hold no batch state: one instance may serve several threads. No allocation per call.
 */
public abstract class Loss {
  private final String name;

  /**
   * A loss with the given Keras name (the history key of its metric, e.g. {@code
   * "mean_squared_error"}).
   */
  protected Loss(String name) {
    this.name = name;
  }

  /** The Keras name, e.g. {@code "binary_crossentropy"}. */
  public final String name() {
    return name;
  }

  /**
   * Values per target row for predictions {@code width} wide: {@code width}, or 1 for sparse
   * labels.
   */
  public int targetWidth(int width) {
    return width;
  }

  /**
   * The batch loss, and its gradient into {@code gradient} when that is not null.
   *
   * @param layout how the predictions lie in {@code yPred}
   * @param samples samples in the batch; {@code layout.rows(samples)} rows
   * @param yTrue targets, {@link #targetWidth} values per row, unpadded
   * @param yPred predictions, rows {@code layout.stride()} apart
   * @param weights per-row sample weights, or null for all 1
   * @param mask per-row mask (false: the row does not count), or null
   * @param gradient null, or receives {@code d loss / d yPred} laid out like {@code yPred}; padding
   *     lanes are set to 0
   * @return the reduced loss
   */
  public final double compute(
      OutputLayout layout,
      int samples,
      float[] yTrue,
      float[] yPred,
      float[] weights,
      boolean[] mask,
      float[] gradient) {
    int targetWidth = targetWidth(layout.width());
    BatchChecks.check(name, layout, samples, targetWidth, yTrue, yPred, weights, mask);
    int rows = layout.rows(samples);
    if (gradient != null) {
      BatchChecks.checkGradient(name, layout, rows, gradient);
    }
    double divisor = divisor(rows, mask);
    double sum = 0;
    for (int r = 0; r < rows; r++) {
      double w = divisor == 0 ? 0 : weight(weights, mask, r);
      int offset = r * layout.stride();
      double value =
          row(
              yTrue,
              r * targetWidth,
              yPred,
              offset,
              layout.rowWidth(r),
              w == 0 ? 0 : w / divisor,
              gradient);
      if (w != 0) {
        sum += value * w;
      }
      clearPadding(layout, r, offset, gradient);
    }
    return divisor == 0 ? 0 : sum / divisor;
  }

  /**
   * One row's loss; when {@code gradient} is not null, writes {@code scale · d rowLoss / d yPred}
   * for the row's {@code width} predictions at {@code predOffset}.
   */
  protected abstract double row(
      float[] yTrue,
      int trueOffset,
      float[] yPred,
      int predOffset,
      int width,
      double scale,
      float[] gradient);

  /** The denominator of Keras' reduction: the row count, or the valid row count under a mask. */
  static double divisor(int rows, boolean[] mask) {
    if (mask == null) {
      return rows;
    }
    int valid = 0;
    for (int r = 0; r < rows; r++) {
      if (mask[r]) {
        valid++;
      }
    }
    return valid;
  }

  /** The weight of row {@code r}: its sample weight, 0 where masked. */
  static double weight(float[] weights, boolean[] mask, int r) {
    if (mask != null && !mask[r]) {
      return 0;
    }
    return weights == null ? 1 : weights[r];
  }

  /** Zeroes the lanes of row {@code r}'s gradient (at {@code offset}) past its width. */
  static void clearPadding(OutputLayout layout, int r, int offset, float[] gradient) {
    int width = layout.rowWidth(r);
    if (gradient != null && layout.stride() > width) {
      Arrays.fill(gradient, offset + width, offset + layout.stride(), 0f);
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + name + ")";
  }
}
