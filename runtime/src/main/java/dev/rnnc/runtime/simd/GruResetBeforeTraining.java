package dev.rnnc.runtime.simd;

import java.util.Arrays;

/**
 * The GRU timestep with {@code reset_after=False} of a training pass, forward and backward, for
 * {@code batch} sequences in lockstep. Packed gate order z, r, h; every gate block {@code stride}
 * floats; the recurrent kernel {@code U} row-major, {@code units × 3·stride}; the one bias row
 * folded into the projection {@code mx = x·W + b}. {@code z = ra(mx_z + h·U_z)}, {@code r = ra(mx_r
 * + h·U_r)}, {@code hh = a(mx_h + (r·h)·U_h)}, {@code h' = z·h + (1 - z)·hh}.
 *
 * <p>Inference has this step for one sequence only ({@code Cells.gruResetBefore}, state at offset
 * 0); the forward step here runs exactly its kernels, one sample at a time, on a copy of each
 * sample's state. The backward step recomputes the gates from the saved {@code h_{t-1}}; a masked
 * sample's gradients pass through unchanged (see {@link LstmTraining}).
 */
public final class GruResetBeforeTraining {
  private final FloatKernels k;
  private final FloatGradientKernels g;

  /**
   * Training steps on the given kernels.
   *
   * @param kernels the forward kernels (those inference uses, for bit-identical outputs)
   * @param gradients the backward products
   */
  public GruResetBeforeTraining(FloatKernels kernels, FloatGradientKernels gradients) {
    this.k = kernels;
    this.g = gradients;
  }

  /**
   * Floats one sample's saved record of one timestep takes: {@code h_{t-1}}.
   *
   * @param stride floats per gate block
   * @return {@code stride}
   */
  public static int recordSize(int stride) {
    return stride;
  }

  /**
   * Floats of scratch {@link #backward} needs.
   *
   * @param batch the number of sequences
   * @param stride floats per gate block
   * @return {@code 10·batch·stride}
   */
  public static int scratchSize(int batch, int stride) {
    return 10 * batch * stride;
  }

  /**
   * Floats of scratch {@link #forwardDropout} and the backward step with recurrent masks need:
   * {@link #scratchSize} and two masked rows per sample.
   *
   * @param batch the number of sequences
   * @param stride floats per gate block
   * @return {@code 12·batch·stride}
   */
  public static int dropoutScratchSize(int batch, int stride) {
    return 12 * batch * stride;
  }

  /**
   * One forward timestep with Keras' {@code recurrent_dropout} (keras/src/layers/rnn/gru.py {@code
   * GRUCell.call}, {@code implementation=1}, {@code reset_after=False}): {@code z = ra(mx_z + (h ⊙
   * m_z)·U_z)}, {@code r = ra(mx_r + (h ⊙ m_r)·U_r)}, {@code hh = a(mx_h + (r·(h ⊙ m_h))·U_h)},
   * {@code h' = z·h + (1 - z)·hh} with {@code h} unmasked in the blend. Computed as the backward
   * step recomputes it.
   *
   * @param rm the recurrent masks, {@code 3·stride} per sample (z, r, h), values 0 or {@code
   *     1/(1-rate)}
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
      Activation recAct,
      float[] saved,
      int savedOff,
      float[] rm,
      float[] scratch) {
    for (int b = 0; b < batch; b++) {
      System.arraycopy(h, b * sStride, saved, savedOff + b * stride, units);
    }
    recompute(
        batch,
        projection,
        pOff,
        pStride,
        u,
        units,
        stride,
        saved,
        savedOff,
        scratch,
        false,
        act,
        recAct,
        rm);
    int row4 = 4 * stride;
    for (int b = 0; b < batch; b++) {
      int gate = b * row4;
      for (int j = 0; j < units; j++) {
        float z = scratch[gate + j];
        float hh = scratch[gate + 3 * stride + j];
        h[b * sStride + j] = z * h[b * sStride + j] + (1f - z) * hh;
      }
    }
  }

  /**
   * One forward timestep: per sample, saves {@code h} into its record at {@code saved[savedOff +
   * b·recordSize(stride)]}, copies it to {@code state}, runs the kernels of {@code
   * Cells.gruResetBefore} on the copy and copies it back.
   *
   * @param batch the number of sequences
   * @param projection the input projections {@code x·W + b}
   * @param pOff offset of sequence 0's projection row of this timestep
   * @param pStride distance between the sequences' projection rows
   * @param u the recurrent kernel, row-major
   * @param units the number of units
   * @param stride floats per gate block
   * @param gates scratch of {@code 4·stride}
   * @param state scratch of {@code stride}: a sample's state at offset 0, as the kernels want it
   * @param h the hidden states, sequence {@code b}'s at {@code b·sStride}, updated
   * @param sStride distance between the sequences' states
   * @param act the candidate activation
   * @param recAct the gate activation
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
      float[] gates,
      float[] state,
      float[] h,
      int sStride,
      Activation act,
      Activation recAct,
      float[] saved,
      int savedOff) {
    int width = 3 * stride;
    int resetH = 2 * stride;
    int candidate = 3 * stride;
    for (int b = 0; b < batch; b++) {
      int offset = pOff + b * pStride;
      System.arraycopy(h, b * sStride, saved, savedOff + b * stride, units);
      System.arraycopy(h, b * sStride, state, 0, units);
      // Cells.gruResetBefore, with activateRepeatably for activate (the same bits in every tier)
      System.arraycopy(projection, offset, gates, 0, 2 * stride);
      k.mulAdd(state, 0, units, u, 0, width, 2 * stride, gates, 0);
      k.activateRepeatably(recAct, gates, 0, 2 * stride);
      k.mul(gates, stride, state, 0, gates, resetH, units);
      System.arraycopy(projection, offset + 2 * stride, gates, candidate, stride);
      k.mulAdd(gates, resetH, units, u, 2 * stride, width, stride, gates, candidate);
      k.activateRepeatably(act, gates, candidate, stride);
      k.gruBlend(gates, 0, gates, candidate, state, units);
      System.arraycopy(state, 0, h, b * sStride, units);
    }
  }

  /**
   * One backward timestep. On entry {@code dh} holds {@code dL/dh_t}, on return {@code
   * dL/dh_{t-1}}. Writes {@code dL/d(x·W + b)} into {@code dProjection} in the projection's layout
   * (padding zero, a masked sample's row zero) and adds the recurrent kernel's gradient to {@code
   * dU}: rows times {@code h_{t-1}} for z and r, times {@code r·h_{t-1}} for the candidate.
   *
   * @param batch the number of sequences
   * @param projection the input projections the forward step read
   * @param pOff offset of sequence 0's projection row of this timestep
   * @param pStride distance between the sequences' projection rows
   * @param u the recurrent kernel, row-major
   * @param units the number of units
   * @param stride floats per gate block
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
   * @param dU the recurrent kernel's gradient, {@code units × 3·stride}, accumulated
   * @param scratch at least {@link #scratchSize} floats
   * @param act the candidate activation
   * @param recAct the gate activation
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
      Activation recAct) {
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
        recAct,
        null);
  }

  /**
   * {@link #backward} of a {@link #forwardDropout} step: the recurrent products' gradients go
   * through the same masks {@code rm}; null {@code rm} is {@link #backward}. {@code scratch} holds
   * at least {@link #dropoutScratchSize} floats with masks.
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
      Activation recAct,
      float[] rm) {
    int width = 3 * stride;
    int row4 = 4 * stride;
    // scratch: per sample z, r, r·h_{t-1}, hh | their inputs | dL/d(r·h_{t-1}) | dh_{t-1}
    int pre = batch * row4;
    int dRh = 2 * batch * row4;
    int dhPrev = dRh + batch * stride;
    boolean keepPre = !ActivationGradients.outputsSuffice(act, recAct);
    recompute(
        batch,
        projection,
        pOff,
        pStride,
        u,
        units,
        stride,
        saved,
        savedOff,
        scratch,
        keepPre,
        act,
        recAct,
        rm);
    for (int b = 0; b < batch; b++) {
      int row = pOff + b * pStride;
      if (!StepRows.real(mask, maskOff, maskStride, b)) {
        Arrays.fill(dProjection, row, row + width, 0f);
        continue;
      }
      int gate = b * row4;
      int hPrev = savedOff + b * stride;
      int state = b * sStride;
      int back = dhPrev + b * stride;
      for (int j = 0; j < units; j++) {
        float z = scratch[gate + j];
        float hh = scratch[gate + 3 * stride + j];
        float dhj = dh[state + j];
        float zIn = keepPre ? scratch[pre + gate + j] : 0f;
        float hhIn = keepPre ? scratch[pre + gate + 3 * stride + j] : 0f;
        dProjection[row + j] =
            dhj * (saved[hPrev + j] - hh) * ActivationGradients.derivative(recAct, zIn, z);
        dProjection[row + stride + j] = 0f; // the reset gate's, once dL/d(r·h) is known
        dProjection[row + 2 * stride + j] =
            dhj * (1f - z) * ActivationGradients.derivative(act, hhIn, hh);
        scratch[back + j] = dhj * z;
      }
      StepRows.zeroPadding(dProjection, row, 3, units, stride);
    }
    Arrays.fill(scratch, dRh, dRh + batch * stride, 0f);
    g.mulAddTransposed(
        batch,
        dProjection,
        pOff + 2 * stride,
        pStride,
        stride,
        u,
        2 * stride,
        width,
        units,
        scratch,
        dRh,
        stride);
    for (int b = 0; b < batch; b++) {
      if (!StepRows.real(mask, maskOff, maskStride, b)) {
        continue;
      }
      int gate = b * row4;
      int row = pOff + b * pStride;
      int hPrev = savedOff + b * stride;
      int back = dhPrev + b * stride;
      int m = (b * 3 + 2) * stride;
      for (int j = 0; j < units; j++) {
        float r = scratch[gate + stride + j];
        float rIn = keepPre ? scratch[pre + gate + stride + j] : 0f;
        float dRhj = scratch[dRh + b * stride + j];
        float mh = rm == null ? 1f : rm[m + j];
        dProjection[row + stride + j] =
            dRhj * (saved[hPrev + j] * mh) * ActivationGradients.derivative(recAct, rIn, r);
        scratch[back + j] += dRhj * r * mh;
      }
    }
    if (rm == null) {
      g.mulAddOuter(
          batch,
          saved,
          savedOff,
          stride,
          units,
          dProjection,
          pOff,
          pStride,
          2 * stride,
          dU,
          0,
          width);
    }
    g.mulAddOuter(
        batch,
        scratch,
        2 * stride,
        row4,
        units,
        dProjection,
        pOff + 2 * stride,
        pStride,
        stride,
        dU,
        2 * stride,
        width);
    if (rm == null) {
      g.mulAddTransposed(
          batch,
          dProjection,
          pOff,
          pStride,
          2 * stride,
          u,
          0,
          width,
          units,
          scratch,
          dhPrev,
          stride);
    } else {
      RecurrentMasks.backward(
          g,
          batch,
          saved,
          savedOff,
          stride,
          units,
          rm,
          3,
          stride,
          u,
          width,
          0,
          2,
          dProjection,
          pOff,
          pStride,
          dU,
          scratch,
          dhPrev,
          stride,
          scratch,
          10 * batch * stride);
    }
    for (int b = 0; b < batch; b++) {
      if (StepRows.real(mask, maskOff, maskStride, b)) {
        System.arraycopy(scratch, dhPrev + b * stride, dh, b * sStride, units);
      }
    }
  }

  /**
   * Recomputes a step from the saved {@code h_{t-1}} into {@code scratch}: per sample (at {@code
   * b·4·stride}) z, r, {@code r·h_{t-1}}, hh, their inputs (if {@code keepPre}) {@code
   * batch·4·stride} further. With recurrent masks {@code rm}, z and r read {@code h_{t-1} ⊙ m_z},
   * {@code h_{t-1} ⊙ m_r} and the third slot holds {@code r·(h_{t-1} ⊙ m_h)} (masked rows at {@code
   * 10·batch·stride}).
   */
  private void recompute(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] u,
      int units,
      int stride,
      float[] saved,
      int savedOff,
      float[] scratch,
      boolean keepPre,
      Activation act,
      Activation recAct,
      float[] rm) {
    int width = 3 * stride;
    int row4 = 4 * stride;
    int pre = batch * row4;
    if (rm == null) {
      k.matmul(
          saved,
          savedOff,
          stride,
          batch,
          units,
          u,
          0,
          width,
          2 * stride,
          null,
          0,
          scratch,
          0,
          row4);
    } else {
      RecurrentMasks.product(
          k,
          batch,
          saved,
          savedOff,
          stride,
          units,
          rm,
          3,
          stride,
          u,
          width,
          0,
          2,
          scratch,
          10 * batch * stride,
          scratch,
          0,
          row4);
    }
    for (int b = 0; b < batch; b++) {
      int gate = b * row4;
      k.add(scratch, gate, projection, pOff + b * pStride, scratch, gate, 2 * stride);
      if (keepPre) {
        System.arraycopy(scratch, gate, scratch, pre + gate, 2 * stride);
      }
      k.activateRepeatably(recAct, scratch, gate, 2 * stride);
      int hPrev = savedOff + b * stride;
      if (rm == null) {
        for (int j = 0; j < units; j++) {
          scratch[gate + 2 * stride + j] = scratch[gate + stride + j] * saved[hPrev + j];
        }
      } else { // the candidate's mask on h_{t-1}, before the reset gate: r·(h ⊙ m_h)
        int m = (b * 3 + 2) * stride;
        for (int j = 0; j < units; j++) {
          scratch[gate + 2 * stride + j] =
              scratch[gate + stride + j] * (saved[hPrev + j] * rm[m + j]);
        }
      }
      Arrays.fill(scratch, gate + 2 * stride + units, gate + 3 * stride, 0f);
    }
    k.matmul(
        scratch,
        2 * stride,
        row4,
        batch,
        units,
        u,
        2 * stride,
        width,
        stride,
        null,
        0,
        scratch,
        3 * stride,
        row4);
    for (int b = 0; b < batch; b++) {
      int hh = b * row4 + 3 * stride;
      k.add(scratch, hh, projection, pOff + b * pStride + 2 * stride, scratch, hh, stride);
      if (keepPre) {
        System.arraycopy(scratch, hh, scratch, pre + hh, stride);
      }
      k.activateRepeatably(act, scratch, hh, units);
    }
  }
}
