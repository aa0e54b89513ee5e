package dev.rnnc.runtime.simd;

import java.util.Arrays;

/**
 * The SimpleRNN timestep {@code h' = act(x·W + b + h·U)} of a training pass, forward and backward,
 * for {@code batch} sequences in lockstep; the recurrent kernel {@code U} row-major, {@code units ×
 * stride}.
 *
 * <p>The forward step is the inference step ({@link FloatKernels#simpleRnnSteps}) between saving
 * {@code h_{t-1}} and {@code h_t}. The backward step takes the activation's derivative from {@code
 * h_t} ({@link ActivationGradients}); only for an activation that {@link
 * ActivationGradients#needsInput} does it recompute the step's input {@code x·W + b + h_{t-1}·U}. A
 * masked sample's gradient passes through unchanged (see {@link LstmTraining}).
 */
public final class SimpleRnnTraining {
  private final FloatKernels k;
  private final FloatGradientKernels g;

  /**
   * Training steps on the given kernels.
   *
   * @param kernels the forward kernels (those inference uses, for bit-identical outputs)
   * @param gradients the backward products
   */
  public SimpleRnnTraining(FloatKernels kernels, FloatGradientKernels gradients) {
    this.k = kernels;
    this.g = gradients;
  }

  /**
   * Floats one sample's saved record of one timestep takes: {@code h_{t-1}} at 0, {@code h_t} at
   * {@code stride}.
   *
   * @param stride the state's padded width
   * @return {@code 2·stride}
   */
  public static int recordSize(int stride) {
    return 2 * stride;
  }

  /**
   * Floats of scratch {@link #backward} needs.
   *
   * @param batch the number of sequences
   * @param stride the state's padded width
   * @return {@code 2·batch·stride}
   */
  public static int scratchSize(int batch, int stride) {
    return 2 * batch * stride;
  }

  /**
   * One forward timestep: saves every sample's {@code h_{t-1}}, runs {@link
   * FloatKernels#simpleRnnSteps}, saves {@code h_t}; sample {@code b}'s record at {@code
   * saved[savedOff + b·recordSize(stride)]}.
   *
   * @param batch the number of sequences
   * @param projection the input projections {@code x·W + b}
   * @param pOff offset of sequence 0's projection row of this timestep
   * @param pStride distance between the sequences' projection rows
   * @param u the recurrent kernel, row-major
   * @param units the number of units
   * @param stride the row stride of {@code u}
   * @param scratch scratch of {@code batch·stride}
   * @param h the hidden states, sequence {@code b}'s at {@code b·sStride}, updated
   * @param sStride distance between the sequences' states
   * @param act the activation
   * @param saved the records
   * @param savedOff offset of sequence 0's record of this timestep
   */
  public void forward(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] u,
      int units,
      int stride,
      float[] scratch,
      float[] h,
      int sStride,
      Activation act,
      float[] saved,
      int savedOff) {
    int record = recordSize(stride);
    for (int b = 0; b < batch; b++) {
      System.arraycopy(h, b * sStride, saved, savedOff + b * record, units);
    }
    k.simpleRnnSteps(batch, projection, pOff, pStride, u, units, stride, h, sStride, scratch, act);
    for (int b = 0; b < batch; b++) {
      System.arraycopy(h, b * sStride, saved, savedOff + b * record + stride, units);
    }
  }

  /**
   * One backward timestep. On entry {@code dh} holds {@code dL/dh_t}, on return {@code
   * dL/dh_{t-1}}. Writes {@code dL/d(x·W + b)} into {@code dProjection} in the projection's layout
   * (padding zero, a masked sample's row zero) and adds {@code h_{t-1}ᵀ·dL/d(x·W + b)} to {@code
   * dU}.
   *
   * @param batch the number of sequences
   * @param projection the input projections the forward step read
   * @param pOff offset of sequence 0's projection row of this timestep
   * @param pStride distance between the sequences' projection rows
   * @param u the recurrent kernel, row-major
   * @param units the number of units
   * @param stride the row stride of {@code u}
   * @param saved the records the forward step wrote
   * @param savedOff offset of sequence 0's record of this timestep
   * @param mask whether each sequence takes this timestep ({@code mask[maskOff + b·maskStride]}),
   *     or null if all do
   * @param maskOff offset of sequence 0's flag
   * @param maskStride distance between the sequences' flags
   * @param dh the hidden state gradients, sequence {@code b}'s at {@code b·sStride}, updated
   * @param sStride distance between the sequences' state gradients
   * @param dProjection the input projection gradients, written at the projection's offsets
   * @param dU the recurrent kernel's gradient, {@code units × stride}, accumulated
   * @param scratch at least {@link #scratchSize} floats
   * @param act the activation
   */
  public void backward(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] u,
      int units,
      int stride,
      float[] saved,
      int savedOff,
      boolean[] mask,
      int maskOff,
      int maskStride,
      float[] dh,
      int sStride,
      float[] dProjection,
      float[] dU,
      float[] scratch,
      Activation act) {
    int record = recordSize(stride);
    int dhPrev = batch * stride;
    boolean input = ActivationGradients.needsInput(act);
    if (input) {
      k.matmul(
          saved, savedOff, record, batch, units, u, 0, stride, units, null, 0, scratch, 0, stride);
      for (int b = 0; b < batch; b++) {
        k.add(scratch, b * stride, projection, pOff + b * pStride, scratch, b * stride, units);
      }
    }
    for (int b = 0; b < batch; b++) {
      int row = pOff + b * pStride;
      if (!StepRows.real(mask, maskOff, maskStride, b)) {
        Arrays.fill(dProjection, row, row + stride, 0f);
        continue;
      }
      System.arraycopy(dh, b * sStride, dProjection, row, units);
      ActivationGradients.backward(
          act,
          input ? scratch : null,
          b * stride,
          saved,
          savedOff + b * record + stride,
          dProjection,
          row,
          units);
      StepRows.zeroPadding(dProjection, row, 1, units, stride);
    }
    g.mulAddOuter(
        batch, saved, savedOff, record, units, dProjection, pOff, pStride, stride, dU, 0, stride);
    Arrays.fill(scratch, dhPrev, dhPrev + batch * stride, 0f);
    g.mulAddTransposed(
        batch, dProjection, pOff, pStride, stride, u, 0, stride, units, scratch, dhPrev, stride);
    for (int b = 0; b < batch; b++) {
      if (StepRows.real(mask, maskOff, maskStride, b)) {
        System.arraycopy(scratch, dhPrev + b * stride, dh, b * sStride, units);
      }
    }
  }
}
