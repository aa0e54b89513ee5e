package dev.rnnc.runtime.simd;

import java.util.Arrays;

/** Row bookkeeping shared by the training steps: which samples step, and clean padding. */
final class StepRows {
  private StepRows() {}

  /**
   * Whether sample {@code b} takes this timestep: no mask means every sample does; else {@code
   * mask[maskOff + b·maskStride]}.
   */
  static boolean real(boolean[] mask, int maskOff, int maskStride, int b) {
    return mask == null || mask[maskOff + b * maskStride];
  }

  /**
   * Zeroes the padding columns {@code units .. stride} of each of {@code blocks} gate blocks of the
   * row at {@code off}: gradient rows leave no garbage there, so whole-row products and sums stay
   * exact and the padding of accumulated weight gradients stays zero (an optimizer step then keeps
   * the padding of the weights zero too).
   */
  static void zeroPadding(float[] a, int off, int blocks, int units, int stride) {
    if (units == stride) {
      return;
    }
    for (int b = 0; b < blocks; b++) {
      Arrays.fill(a, off + b * stride + units, off + (b + 1) * stride, 0f);
    }
  }
}
