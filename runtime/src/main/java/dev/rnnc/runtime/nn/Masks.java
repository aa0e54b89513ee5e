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
}
