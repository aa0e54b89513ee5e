package dev.rnnc.runtime.simd;

import java.util.Arrays;

/**
 * Keras' {@code recurrent_dropout} inside the training steps: {@code h_{t-1}} enters the recurrent
 * kernel masked, one mask per sample and gate block ({@code rm[(b·blocks + g)·stride + j]}, values
 * 0 or {@code 1/(1-rate)}, padding zero; a SimpleRNN has one block), so gate block {@code g} reads
 * {@code (h ⊙ m_g)·U_g} (keras/src/layers/rnn/lstm.py and gru.py, {@code implementation == 1};
 * simple_rnn.py). The masks stay fixed for the whole sequence. Scratch {@code hm} holds one masked
 * row per sample ({@code batch·stride} floats).
 */
final class RecurrentMasks {
  private RecurrentMasks() {}

  /**
   * {@code out[b][g] = (h_b ⊙ m_{b,g})·U[:, g]} for the gate blocks {@code from .. to - 1},
   * overwriting those blocks of {@code out}'s rows.
   *
   * @param h the states, sample {@code b}'s at {@code hOff + b·hStride}, {@code units} wide
   * @param rm the masks, {@code blocks} per sample
   * @param u the recurrent kernel, {@code units × uWidth} row-major, block {@code g} at {@code
   *     g·stride}
   * @param hm scratch of {@code batch·stride}
   */
  static void product(
      FloatKernels k,
      int batch,
      float[] h,
      int hOff,
      int hStride,
      int units,
      float[] rm,
      int blocks,
      int stride,
      float[] u,
      int uWidth,
      int from,
      int to,
      float[] hm,
      int hmOff,
      float[] out,
      int outOff,
      int outStride) {
    for (int g = from; g < to; g++) {
      mask(batch, h, hOff, hStride, units, rm, blocks, g, stride, hm, hmOff);
      k.matmul(
          hm,
          hmOff,
          stride,
          batch,
          units,
          u,
          g * stride,
          uWidth,
          stride,
          null,
          0,
          out,
          outOff + g * stride,
          outStride);
    }
  }

  /**
   * The gradients of {@link #product}: {@code dU[:, g] += (h ⊙ m_g)ᵀ·dz[:, g]} and {@code dh +=
   * (dz[:, g]·U[:, g]ᵀ) ⊙ m_g} for the blocks {@code from .. to - 1}.
   *
   * @param dz the gradients of the products, sample {@code b}'s block {@code g} at {@code dzOff +
   *     b·dzStride + g·stride}
   * @param dh the gradient of {@code h}, sample {@code b}'s at {@code dhOff + b·dhStride},
   *     accumulated
   * @param hm scratch of {@code 2·batch·stride}
   */
  static void backward(
      FloatGradientKernels g,
      int batch,
      float[] h,
      int hOff,
      int hStride,
      int units,
      float[] rm,
      int blocks,
      int stride,
      float[] u,
      int uWidth,
      int from,
      int to,
      float[] dz,
      int dzOff,
      int dzStride,
      float[] dU,
      float[] dh,
      int dhOff,
      int dhStride,
      float[] hm,
      int hmOff) {
    int dhm = hmOff + batch * stride;
    for (int block = from; block < to; block++) {
      mask(batch, h, hOff, hStride, units, rm, blocks, block, stride, hm, hmOff);
      g.mulAddOuter(
          batch,
          hm,
          hmOff,
          stride,
          units,
          dz,
          dzOff + block * stride,
          dzStride,
          stride,
          dU,
          block * stride,
          uWidth);
      Arrays.fill(hm, dhm, dhm + batch * stride, 0f);
      g.mulAddTransposed(
          batch,
          dz,
          dzOff + block * stride,
          dzStride,
          stride,
          u,
          block * stride,
          uWidth,
          units,
          hm,
          dhm,
          stride);
      for (int b = 0; b < batch; b++) {
        int m = (b * blocks + block) * stride;
        int from1 = dhm + b * stride;
        int to1 = dhOff + b * dhStride;
        for (int j = 0; j < units; j++) {
          dh[to1 + j] += hm[from1 + j] * rm[m + j];
        }
      }
    }
  }

  /** {@code hm[b] = h_b ⊙ m_{b,g}}, padding zero. */
  static void mask(
      int batch,
      float[] h,
      int hOff,
      int hStride,
      int units,
      float[] rm,
      int blocks,
      int g,
      int stride,
      float[] hm,
      int hmOff) {
    for (int b = 0; b < batch; b++) {
      int from = hOff + b * hStride;
      int m = (b * blocks + g) * stride;
      int to = hmOff + b * stride;
      for (int j = 0; j < units; j++) {
        hm[to + j] = h[from + j] * rm[m + j];
      }
      Arrays.fill(hm, to + units, to + stride, 0f);
    }
  }
}
