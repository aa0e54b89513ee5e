package dev.rnnc.runtime.train;

import java.util.Arrays;
import java.util.Objects;

/**
 * How a batch of one model output lies in a flat {@code float[]}: each sample has {@code timesteps}
 * rows (1 for a non-sequence output, {@code T} for a {@code returnSequences} head), each row holds
 * {@code width} values and starts {@code stride} floats after the previous one ({@code stride >=
 * width}; the lanes in between are packing padding). Row {@code r = sample·timesteps + t} starts at
 * {@code r·stride}. Targets and per-row weights and masks follow the same row order, unpadded.
 *
 * <p>A ragged layout ({@link #ragged}) gives row {@code t} of every sample its own width, {@code
 * rowWidths[t]} (PyTorch's {@code h_n} of an {@code @RNN} whose cells differ in width: a row per
 * cell); {@code width} is then the widest row, rows and targets are {@code width} floats apart, and
 * a loss or metric reads {@link #rowWidth} values of each, as it would of a row of its own output.
 *
 * @param timesteps rows per sample, at least 1
 * @param width values per row (Keras' last axis), at least 1; the widest row's when ragged
 * @param stride floats from one row to the next, at least {@code width}
 * @param rowWidths per row of a sample, its width when ragged, else null
 */
public record OutputLayout(int timesteps, int width, int stride, int[] rowWidths) {

  /** Rows of one width. */
  public OutputLayout(int timesteps, int width, int stride) {
    this(timesteps, width, stride, null);
  }

  /** Checks the sizes. */
  public OutputLayout {
    if (rowWidths != null) {
      rowWidths = rowWidths.clone();
      if (rowWidths.length != timesteps
          || Arrays.stream(rowWidths).anyMatch(w -> w < 1)
          || Arrays.stream(rowWidths).max().orElse(0) != width) {
        throw new IllegalArgumentException(
            "a ragged output layout needs a width >= 1 per row, the widest "
                + width
                + ", for "
                + timesteps
                + " rows, was "
                + Arrays.toString(rowWidths));
      }
    }
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

  /**
   * Rows of widths {@code rowWidths} per sample, each {@code max(rowWidths)} floats apart: a
   * sample's rows of states of different widths (a row per cell of an {@code @RNN}).
   */
  public static OutputLayout ragged(int... rowWidths) {
    int width = Arrays.stream(rowWidths).max().orElse(0);
    return new OutputLayout(rowWidths.length, width, width, rowWidths);
  }

  /** The number of rows of {@code samples} samples. */
  public int rows(int samples) {
    return samples * timesteps;
  }

  /** The values of row {@code row} (counted over the batch, {@code sample·timesteps + t}). */
  public int rowWidth(int row) {
    return rowWidths == null ? width : rowWidths[row % timesteps];
  }

  /** Whether rows differ in width ({@link #ragged}). */
  public boolean isRagged() {
    return rowWidths != null;
  }

  /** Its widths per row, a copy, or null when every row is {@code width} wide. */
  @Override
  public int[] rowWidths() {
    return rowWidths == null ? null : rowWidths.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OutputLayout l
        && l.timesteps == timesteps
        && l.width == width
        && l.stride == stride
        && Arrays.equals(l.rowWidths, rowWidths);
  }

  @Override
  public int hashCode() {
    return Objects.hash(timesteps, width, stride, Arrays.hashCode(rowWidths));
  }

  @Override
  public String toString() {
    return "OutputLayout[timesteps="
        + timesteps
        + ", width="
        + width
        + ", stride="
        + stride
        + (rowWidths == null ? "" : ", rowWidths=" + Arrays.toString(rowWidths))
        + "]";
  }
}
