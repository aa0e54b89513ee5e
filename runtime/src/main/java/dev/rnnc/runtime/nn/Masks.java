package dev.rnnc.runtime.nn;

import java.util.Arrays;

/**
 * Keras masking for generated code: computing masks, and what a recurrent layer emits at a masked
 * step.
 */
public final class Masks {
  private Masks() {}

  /**
   * Keras {@code Masking(maskValue)}: {@code mask[t]} is whether any feature of timestep {@code t}
   * differs from {@code maskValue}; {@code out} is {@code in} with masked timesteps zeroed.
   */
  public static void fromValue(
      float[] in,
      int timesteps,
      int width,
      int stride,
      float maskValue,
      boolean[] mask,
      float[] out) {
    for (int t = 0; t < timesteps; t++) {
      int row = t * stride;
      boolean real = false;
      for (int f = 0; f < width && !real; f++) {
        real = in[row + f] != maskValue;
      }
      mask[t] = real;
      if (real) {
        System.arraycopy(in, row, out, row, stride);
      } else {
        Arrays.fill(out, row, row + stride, 0f);
      }
    }
  }

  /**
   * The gradient through {@link #fromValue}: {@code dIn} is {@code dOut} at real timesteps, zero at
   * masked ones (Keras' {@code Masking} multiplies by its mask, a constant of the inputs), over
   * {@code rows} rows of {@code width} values each {@code stride} apart (the padding zeroed).
   */
  public static void backward(
      int rows, boolean[] mask, float[] dOut, int stride, int width, float[] dIn) {
    for (int r = 0; r < rows; r++) {
      int row = r * stride;
      if (mask[r]) {
        System.arraycopy(dOut, row, dIn, row, width);
        Arrays.fill(dIn, row + width, row + stride, 0f);
      } else {
        Arrays.fill(dIn, row, row + stride, 0f);
      }
    }
  }

  /**
   * {@link #backward}, added to {@code dIn} (its input has another reader, whose gradient is
   * already there).
   */
  public static void addBackward(
      int rows, boolean[] mask, float[] dOut, int stride, int width, float[] dIn) {
    for (int r = 0; r < rows; r++) {
      if (mask[r]) {
        int row = r * stride;
        for (int j = 0; j < width; j++) {
          dIn[row + j] += dOut[row + j];
        }
      }
    }
  }

  /** Keras {@code Embedding(mask_zero=True)}: {@code mask[t]} is whether {@code ids[t] != 0}. */
  public static void fromIds(int[] ids, int timesteps, boolean[] mask) {
    fromIds(ids, timesteps, mask, 0);
  }

  /**
   * {@link #fromIds(int[], int, boolean[])} into {@code mask} from {@code maskOffset} on (one
   * sample of a chunk).
   */
  public static void fromIds(int[] ids, int timesteps, boolean[] mask, int maskOffset) {
    for (int t = 0; t < timesteps; t++) {
      mask[maskOffset + t] = ids[t] != 0;
    }
  }

  /**
   * The sequence output of a recurrent layer at a masked step {@code step} (in processing order):
   * zeros with {@code zeroOutputForMask}, else the previous step's output (zeros at the first
   * step).
   */
  public static void skipStep(float[] output, int step, int stride, boolean zeroOutputForMask) {
    skipStep(output, 0, step, stride, zeroOutputForMask);
  }

  /**
   * {@link #skipStep(float[], int, int, boolean)} for the sequence output that starts at {@code
   * offset} of {@code output} (one sample of a chunk).
   */
  public static void skipStep(
      float[] output, int offset, int step, int stride, boolean zeroOutputForMask) {
    int row = offset + step * stride;
    if (zeroOutputForMask || step == 0) {
      Arrays.fill(output, row, row + stride, 0f);
    } else {
      System.arraycopy(output, row - stride, output, row, stride);
    }
  }

  /**
   * The mask of a Keras 3.15 merge layer whose inputs all carry masks: a timestep is real when it
   * is real in some input ({@code out = a | b}; {@code out} may be {@code a}).
   */
  public static void or(boolean[] a, boolean[] b, int timesteps, boolean[] out) {
    for (int t = 0; t < timesteps; t++) {
      out[t] = a[t] | b[t];
    }
  }

  /**
   * Checks a mask passed to a call (Keras' {@code mask=}): not null, one entry per timestep of its
   * sample.
   *
   * @param index the sample's index in a batch, or -1 for a single sample
   */
  public static void checkMask(boolean[] mask, String name, int index, int timesteps) {
    if (mask == null) {
      throw new IllegalArgumentException(
          at(name, index) + " is null; expected one entry per timestep (" + timesteps + ")");
    }
    if (mask.length != timesteps) {
      throw new IllegalArgumentException(
          at(name, index)
              + " has "
              + mask.length
              + " entries; expected one per timestep of its sample ("
              + timesteps
              + ")");
    }
  }

  /** {@code name}, or {@code name[index]} for a sample of a batch (built only for a message). */
  private static String at(String name, int index) {
    return index < 0 ? name : name + "[" + index + "]";
  }

  /** Checks a batch's masks: one per sample, each as {@link #checkMask} for its sample. */
  public static void checkMasks(boolean[][] masks, String name, float[][][] batch) {
    checkBatchSize(masks == null ? -1 : masks.length, name, batch.length);
    for (int i = 0; i < batch.length; i++) {
      checkMask(masks[i], name, i, batch[i].length);
    }
  }

  /**
   * Checks a batch's lengths (PyTorch's {@code lengths}, padding after them): one per sample, each
   * in {@code [0, timesteps of its sample]}.
   */
  public static void checkLengths(int[] lengths, String name, float[][][] batch) {
    checkBatchSize(lengths == null ? -1 : lengths.length, name, batch.length);
    for (int i = 0; i < batch.length; i++) {
      checkLength(lengths[i], name, i, batch[i].length);
    }
  }

  /**
   * Checks the lengths of a batch of token id sequences ({@code @Packed} after an Embedding): one
   * per sample, each in {@code [0, timesteps of its sample]}.
   */
  public static void checkLengths(int[] lengths, String name, int[][] batch) {
    checkBatchSize(lengths == null ? -1 : lengths.length, name, batch.length);
    for (int i = 0; i < batch.length; i++) {
      checkLength(lengths[i], name, i, batch[i].length);
    }
  }

  private static void checkLength(int length, String name, int i, int timesteps) {
    if (length < 0 || length > timesteps) {
      throw new IllegalArgumentException(
          name
              + "["
              + i
              + "] is "
              + length
              + "; expected a length in [0, "
              + timesteps
              + "], the timesteps of sample "
              + i);
    }
  }

  private static void checkBatchSize(int size, String name, int batch) {
    if (size < 0) {
      throw new IllegalArgumentException(
          name + " is null; expected one entry per sample (" + batch + ")");
    }
    if (size != batch) {
      throw new IllegalArgumentException(
          name + " has " + size + " entries; expected one per sample of the batch (" + batch + ")");
    }
  }

  /** The mask of a sample of {@code length} real timesteps followed by padding. */
  public static void fromLength(int length, int timesteps, boolean[] mask) {
    fromLength(length, timesteps, mask, 0);
  }

  /**
   * {@link #fromLength(int, int, boolean[])} into {@code mask} from {@code offset} on (one sample
   * of a training batch).
   */
  public static void fromLength(int length, int timesteps, boolean[] mask, int offset) {
    Arrays.fill(mask, offset, offset + length, true);
    Arrays.fill(mask, offset + length, offset + timesteps, false);
  }
}
