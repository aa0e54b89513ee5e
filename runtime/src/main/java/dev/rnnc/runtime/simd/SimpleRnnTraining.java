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
   * U ({@code units × stride}, row-major) transposed into {@code uT}: {@code stride} rows of {@code
   * stride} floats, the first {@code units} of each used ({@link #transposedSize}). Once per
   * training step, after the optimizer changed U, before the backward steps.
   */
  public static void transpose(float[] u, int units, int stride, float[] uT) {
    RecurrentTranspose.transpose(u, units, 1, stride, uT);
  }

  /** Floats of {@link #transpose}'s output. */
  public static int transposedSize(int stride) {
    return RecurrentTranspose.size(1, stride);
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
   * Floats of scratch {@link #forwardDropout} and the backward step with a recurrent mask need:
   * {@link #scratchSize} and two masked rows per sample.
   *
   * @param batch the number of sequences
   * @param stride the state's padded width
   * @return {@code 4·batch·stride}
   */
  public static int dropoutScratchSize(int batch, int stride) {
    return 4 * batch * stride;
  }

  /**
   * One forward timestep with Keras' {@code recurrent_dropout} (keras/src/layers/rnn/simple_rnn.py
   * {@code SimpleRNNCell.call}): {@code h' = act(x·W + b + (h ⊙ m)·U)}, saving {@code h_{t-1}} and
   * {@code h_t} as {@link #forward}. Computed apart from the fused inference kernel.
   *
   * @param rm the recurrent mask, {@code stride} per sample, values 0 or {@code 1/(1-rate)}
   * @param scratch at least {@link #dropoutScratchSize} floats
   */
  public void forwardDropout(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] u,
      int units,
      int stride,
      float[] h,
      int sStride,
      Activation act,
      float[] saved,
      int savedOff,
      float[] rm,
      float[] scratch) {
    int record = recordSize(stride);
    for (int b = 0; b < batch; b++) {
      System.arraycopy(h, b * sStride, saved, savedOff + b * record, units);
    }
    RecurrentMasks.product(
        k,
        batch,
        saved,
        savedOff,
        record,
        units,
        rm,
        1,
        stride,
        u,
        stride,
        0,
        1,
        scratch,
        2 * batch * stride,
        scratch,
        0,
        stride);
    for (int b = 0; b < batch; b++) {
      k.add(scratch, b * stride, projection, pOff + b * pStride, scratch, b * stride, units);
      k.activateRepeatably(act, scratch, b * stride, units);
      System.arraycopy(scratch, b * stride, h, b * sStride, units);
      System.arraycopy(scratch, b * stride, saved, savedOff + b * record + stride, units);
    }
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
    k.simpleRnnTrainingSteps(
        batch, projection, pOff, pStride, u, units, stride, h, sStride, scratch, act);
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
   * @param dProjection the input projection gradients, written at the projection's offsets (may be
   *     {@code projection} itself: the step reads its rows before it writes them)
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
    backward(
        batch,
        projection,
        pOff,
        pStride,
        u,
        units,
        stride,
        saved,
        savedOff,
        mask,
        maskOff,
        maskStride,
        dh,
        sStride,
        dProjection,
        dU,
        scratch,
        act,
        null,
        null);
  }

  /**
   * {@link #backward} with {@code uT}, U transposed by {@link #transpose} since U last changed: the
   * same gradients (summed in another order), the gradient of {@code h_{t-1}} a plain product over
   * {@code uT} instead of a dot product per unit, each ending in a sum across lanes.
   *
   * @param uT the transposed recurrent kernel
   */
  public void backwardTransposed(
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
      Activation act,
      float[] uT) {
    backward(
        batch,
        projection,
        pOff,
        pStride,
        u,
        units,
        stride,
        saved,
        savedOff,
        mask,
        maskOff,
        maskStride,
        dh,
        sStride,
        dProjection,
        dU,
        scratch,
        act,
        null,
        uT);
  }

  /**
   * {@link #backward} of a {@link #forwardDropout} step: {@code dU += (h ⊙ m)ᵀ·dz}, {@code dh_{t-1}
   * = (dz·Uᵀ) ⊙ m}; null {@code rm} is {@link #backward}. {@code scratch} holds at least {@link
   * #dropoutScratchSize} floats with a mask.
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
      Activation act,
      float[] rm) {
    backward(
        batch,
        projection,
        pOff,
        pStride,
        u,
        units,
        stride,
        saved,
        savedOff,
        mask,
        maskOff,
        maskStride,
        dh,
        sStride,
        dProjection,
        dU,
        scratch,
        act,
        rm,
        null);
  }

  private void backward(
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
      Activation act,
      float[] rm,
      float[] uT) {
    int record = recordSize(stride);
    int dhPrev = batch * stride;
    boolean input = ActivationGradients.needsInput(act);
    if (input) {
      if (rm == null) {
        k.matmul(
            saved, savedOff, record, batch, units, u, 0, stride, units, null, 0, scratch, 0,
            stride);
      } else {
        RecurrentMasks.product(
            k,
            batch,
            saved,
            savedOff,
            record,
            units,
            rm,
            1,
            stride,
            u,
            stride,
            0,
            1,
            scratch,
            2 * batch * stride,
            scratch,
            0,
            stride);
      }
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
    if (rm == null) {
      g.mulAddOuter(
          batch, saved, savedOff, record, units, dProjection, pOff, pStride, stride, dU, 0, stride);
      if (uT != null) {
        k.matmul(
            dProjection,
            pOff,
            pStride,
            batch,
            stride,
            uT,
            0,
            stride,
            units,
            null,
            0,
            scratch,
            dhPrev,
            stride);
      } else {
        Arrays.fill(scratch, dhPrev, dhPrev + batch * stride, 0f);
        g.mulAddTransposed(
            batch,
            dProjection,
            pOff,
            pStride,
            stride,
            u,
            0,
            stride,
            units,
            scratch,
            dhPrev,
            stride);
      }
    } else {
      Arrays.fill(scratch, dhPrev, dhPrev + batch * stride, 0f);
      RecurrentMasks.backward(
          g,
          batch,
          saved,
          savedOff,
          record,
          units,
          rm,
          1,
          stride,
          u,
          stride,
          0,
          1,
          dProjection,
          pOff,
          pStride,
          dU,
          scratch,
          dhPrev,
          stride,
          scratch,
          2 * batch * stride);
    }
    for (int b = 0; b < batch; b++) {
      if (StepRows.real(mask, maskOff, maskStride, b)) {
        System.arraycopy(scratch, dhPrev + b * stride, dh, b * sStride, units);
      }
    }
  }
}
