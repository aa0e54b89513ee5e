package dev.rnnc.runtime.train;

/**
 * How a batch of one model output lies in a flat {@code float[]}: each sample has {@code timesteps}
 * rows (1 for a non-sequence output, {@code T} for a {@code returnSequences} head), each row holds
 * {@code width} values and starts {@code stride} floats after the previous one ({@code stride >=
 * width}; the lanes in between are packing padding). Row {@code r = sample·timesteps + t} starts at
 * {@code r·stride}. Targets and per-row weights and masks follow the same row order, unpadded.
 *
 * @param timesteps rows per sample, at least 1
 * @param width values per row (Keras' last axis), at least 1
 * @param stride floats from one row to the next, at least {@code width}
 */
public record OutputLayout(int timesteps, int width, int stride) {

  /** Checks the sizes. */
  public OutputLayout {
    if (timesteps < 1 || width < 1 || stride < width) {
      throw new IllegalArgumentException(
          "output layout needs timesteps >= 1, width >= 1 and stride >= width, was "
              + "timesteps "
              + timesteps
              + ", width "
              + width
              + ", stride "
              + stride);
    }
  }

  /**
   * One unpadded row of {@code width} values per sample: the common {@code (batch, width)} output.
   */
  public static OutputLayout of(int width) {
    return new OutputLayout(1, width, width);
  }

  /** One row per sample, rows {@code stride} floats apart. */
  public static OutputLayout padded(int width, int stride) {
    return new OutputLayout(1, width, stride);
  }

  /** {@code timesteps} unpadded rows per sample: a {@code (batch, timesteps, width)} output. */
  public static OutputLayout sequence(int timesteps, int width) {
    return new OutputLayout(timesteps, width, width);
  }

  /** The number of rows of {@code samples} samples. */
  public int rows(int samples) {
    return samples * timesteps;
  }
}
