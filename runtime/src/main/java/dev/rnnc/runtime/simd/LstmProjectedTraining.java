package dev.rnnc.runtime.simd;

import java.util.Arrays;

/**
 * The LSTM timestep with PyTorch's {@code proj_size} of a training pass, forward and backward, for
 * {@code batch} sequences in lockstep: the gates and {@code c} as in {@link LstmTraining}, then the
 * cell output {@code m = o·act(c)} ({@code units} wide) projected to {@code h = m·P} ({@code
 * projSize} wide), which is the output and the recurrent input. {@code U} is {@code projSize ×
 * 4·stride}, {@code P} {@code units × projStride}, both row-major.
 *
 * <p>Inference has this step for one sequence only ({@code Cells.lstmProjected}, states at offset
 * 0); the forward step here runs exactly its kernels, one sample at a time, on copies of each
 * sample's states. The backward step recomputes the gates from the saved {@code h_{t-1}}, {@code
 * c_{t-1}}; a masked sample's gradients pass through unchanged (see {@link LstmTraining}).
 */
public final class LstmProjectedTraining {
  private final FloatKernels k;
  private final FloatGradientKernels g;

  /**
   * Training steps on the given kernels.
   *
   * @param kernels the forward kernels (those inference uses, for bit-identical outputs)
   * @param gradients the backward products
   */
  public LstmProjectedTraining(FloatKernels kernels, FloatGradientKernels gradients) {
    this.k = kernels;
    this.g = gradients;
  }

  /**
   * Floats one sample's saved record of one timestep takes: {@code h_{t-1}} at 0, {@code c_{t-1}}
   * at {@code projStride}.
   *
   * @param stride floats per gate block
   * @param projStride the padded width of {@code h}
   * @return {@code projStride + stride}
   */
  public static int recordSize(int stride, int projStride) {
    return projStride + stride;
  }

  /**
   * Floats of scratch {@link #backward} needs.
   *
   * @param batch the number of sequences
   * @param stride floats per gate block
   * @param projStride the padded width of {@code h}
   * @return {@code batch·(12·stride + projStride)}
   */
  public static int scratchSize(int batch, int stride, int projStride) {
    return batch * (12 * stride + projStride);
  }

  /**
   * Floats of scratch {@link #forwardDropout} and the backward step with recurrent masks need:
   * {@link #scratchSize} and two masked rows per sample.
   *
   * @param batch the number of sequences
   * @param stride floats per gate block
   * @param projStride the padded width of {@code h}
   * @return {@code batch·(14·stride + projStride)}
   */
  public static int dropoutScratchSize(int batch, int stride, int projStride) {
    return batch * (14 * stride + projStride);
  }

  /**
   * One forward timestep with Keras' {@code recurrent_dropout} on the projected {@code h}: saves
   * the states as {@link #forward}, then each gate block reads {@code (h_{t-1} ⊙ m_g)·U_g} (Keras'
   * {@code implementation=1} with {@code h} PyTorch's projected state; the carry {@code c_{t-1}} is
   * not masked), and {@code h_t = (o·act(c_t))·P}. Computed as the backward step recomputes it
   * ({@link LstmTraining#recompute}), so the two agree.
   *
   * @param rm the recurrent masks, {@code 4·stride} per sample in packed gate order (i, f, o, c),
   *     {@code projSize} values each, 0 or {@code 1/(1-rate)}
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
      float[] projectionKernel,
      int projSize,
      int projStride,
      float[] c,
      float[] h,
      int sStride,
      Activation act,
      Activation recAct,
      float[] saved,
      int savedOff,
      float[] rm,
      float[] scratch) {
    int width = 4 * stride;
    int record = recordSize(stride, projStride);
    for (int b = 0; b < batch; b++) {
      System.arraycopy(h, b * sStride, saved, savedOff + b * record, projSize);
      System.arraycopy(c, b * sStride, saved, savedOff + b * record + projStride, units);
    }
    int cNew = 2 * batch * width;
    int cAct = cNew + batch * stride;
    int m = cAct + batch * stride;
    LstmTraining.recompute(
        k,
        batch,
        projection,
        pOff,
        pStride,
        u,
        projSize,
        saved,
        savedOff,
        record,
        projStride,
        units,
        stride,
        scratch,
        false,
        act,
        recAct,
        rm,
        hmOffset(batch, stride, projStride));
    for (int b = 0; b < batch; b++) {
      int row = m + b * stride;
      // m = o·act(c_t), as the backward step's product; then h_t = m·P
      k.mul(scratch, b * width + 2 * stride, scratch, cAct + b * stride, scratch, row, units);
      Arrays.fill(scratch, row + units, row + stride, 0f);
      System.arraycopy(scratch, cNew + b * stride, c, b * sStride, units);
    }
    k.matmul(
        scratch,
        m,
        stride,
        batch,
        units,
        projectionKernel,
        0,
        projStride,
        projStride,
        null,
        0,
        h,
        0,
        sStride);
  }

  /** Where the masked rows of {@link RecurrentMasks} start in the dropout scratch. */
  private static int hmOffset(int batch, int stride, int projStride) {
    return batch * (12 * stride + projStride);
  }

  /**
   * One forward timestep: per sample, saves {@code h} and {@code c} into its record at {@code
   * saved[savedOff + b·recordSize(stride, projStride)]}, then runs the kernels of {@code
   * Cells.lstmProjected} with its cell state copied to {@code cell}.
   *
   * @param batch the number of sequences
   * @param projection the input projections {@code x·W + b}
   * @param pOff offset of sequence 0's projection row of this timestep
   * @param pStride distance between the sequences' projection rows
   * @param u the recurrent kernel, {@code projSize × 4·stride}
   * @param units the number of units
   * @param stride floats per gate block
   * @param gates scratch of {@code 4·stride}
   * @param cell scratch of {@code stride}: a sample's cell state at offset 0, as the kernels want
   *     it
   * @param cellOutput scratch of {@code stride}: the cell output before the projection
   * @param projectionKernel {@code P}, {@code units × projStride}
   * @param projSize the width of {@code h}
   * @param projStride its padded width
   * @param c the cell states, sequence {@code b}'s at {@code b·sStride}, updated
   * @param h the hidden states, updated ({@code projStride} floats each, the padding zero)
   * @param sStride distance between the sequences' states, at least {@code projStride}
   * @param act the cell activation
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
      float[] cell,
      float[] cellOutput,
      float[] projectionKernel,
      int projSize,
      int projStride,
      float[] c,
      float[] h,
      int sStride,
      Activation act,
      Activation recAct,
      float[] saved,
      int savedOff) {
    int width = 4 * stride;
    int record = recordSize(stride, projStride);
    for (int b = 0; b < batch; b++) {
      int state = b * sStride;
      System.arraycopy(h, state, saved, savedOff + b * record, projSize);
      System.arraycopy(c, state, saved, savedOff + b * record + projStride, units);
      System.arraycopy(c, state, cell, 0, units);
      // Cells.lstmProjected, with activateRepeatably for activate (the same bits in every tier)
      System.arraycopy(projection, pOff + b * pStride, gates, 0, width);
      k.mulAdd(h, state, projSize, u, 0, width, width, gates, 0);
      k.activateRepeatably(recAct, gates, 0, 3 * stride);
      k.activateRepeatably(act, gates, 3 * stride, stride);
      // the cell as LstmTraining.recompute computes it for the backward step: the same bits
      for (int j = 0; j < units; j++) {
        float cj = ComposedSteps.newCell(gates, 0, stride, j, cell[j]);
        cell[j] = cj;
        cellOutput[j] = cj;
      }
      k.activateRepeatably(act, cellOutput, 0, units);
      k.mul(gates, 2 * stride, cellOutput, 0, cellOutput, 0, units);
      k.matmul(
          cellOutput,
          0,
          stride,
          1,
          units,
          projectionKernel,
          0,
          projStride,
          projStride,
          null,
          0,
          h,
          state,
          projStride);
      System.arraycopy(cell, 0, c, state, units);
    }
  }

  /**
   * One backward timestep. On entry {@code dh} and {@code dc} hold {@code dL/dh_t} and {@code
   * dL/dc_t}, on return {@code dL/dh_{t-1}} and {@code dL/dc_{t-1}}. Writes the gate gradients into
   * {@code dProjection} in the projection's layout (padding zero, a masked sample's row zero), adds
   * {@code h_{t-1}ᵀ·dGates} to {@code dU} and {@code mᵀ·dh} to {@code dP}.
   *
   * @param batch the number of sequences
   * @param projection the input projections the forward step read
   * @param pOff offset of sequence 0's projection row of this timestep
   * @param pStride distance between the sequences' projection rows
   * @param u the recurrent kernel, {@code projSize × 4·stride}
   * @param units the number of units
   * @param stride floats per gate block
   * @param projectionKernel {@code P}, {@code units × projStride}
   * @param projSize the width of {@code h}
   * @param projStride its padded width
   * @param saved the records the forward step wrote
   * @param savedOff offset of sequence 0's record of this timestep
   * @param mask whether each sequence takes this timestep ({@code mask[maskOff + b·maskStride]}),
   *     or null if all do
   * @param maskOff offset of sequence 0's flag
   * @param maskStride distance between the sequences' flags
   * @param dh the hidden state gradients, sequence {@code b}'s at {@code b·sStride}, updated
   * @param dc the cell state gradients, updated
   * @param sStride distance between the sequences' state gradients
   * @param dProjection the gate gradients, written at the projection's offsets (may be {@code
   *     projection} itself: the step reads its rows before it writes them)
   * @param dU the recurrent kernel's gradient, accumulated
   * @param dP the projection kernel's gradient, {@code units × projStride}, accumulated
   * @param scratch at least {@link #scratchSize} floats
   * @param act the cell activation
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
      float[] projectionKernel,
      int projSize,
      int projStride,
      float[] saved,
      int savedOff,
      boolean[] mask,
      int maskOff,
      int maskStride,
      float[] dh,
      float[] dc,
      int sStride,
      float[] dProjection,
      float[] dU,
      float[] dP,
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
        projectionKernel,
        projSize,
        projStride,
        saved,
        savedOff,
        mask,
        maskOff,
        maskStride,
        dh,
        dc,
        sStride,
        dProjection,
        dU,
        dP,
        scratch,
        act,
        recAct,
        null);
  }

  /**
   * {@link #backward} of a {@link #forwardDropout} step: the recurrent products' gradients go
   * through the same masks {@code rm} ({@code dU_g += (h ⊙ m_g)ᵀ·dz_g}, {@code dh_{t-1} = Σ_g
   * (dz_g·U_gᵀ) ⊙ m_g}); null {@code rm} is the step without them. {@code scratch} holds at least
   * {@link #dropoutScratchSize} floats with masks.
   */
  public void backward(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] u,
      int units,
      int stride,
      float[] projectionKernel,
      int projSize,
      int projStride,
      float[] saved,
      int savedOff,
      boolean[] mask,
      int maskOff,
      int maskStride,
      float[] dh,
      float[] dc,
      int sStride,
      float[] dProjection,
      float[] dU,
      float[] dP,
      float[] scratch,
      Activation act,
      Activation recAct,
      float[] rm) {
    int width = 4 * stride;
    int record = recordSize(stride, projStride);
    // scratch: as LstmTraining.recompute leaves it (gates | inputs | c_t | act(c_t)), then m |
    // dL/dm | dh_{t-1}
    int pre = batch * width;
    int cNew = 2 * batch * width;
    int cAct = cNew + batch * stride;
    int m = cAct + batch * stride;
    int dm = m + batch * stride;
    int dhPrev = dm + batch * stride;
    boolean keepPre = !ActivationGradients.outputsSuffice(act, recAct);
    LstmTraining.recompute(
        k,
        batch,
        projection,
        pOff,
        pStride,
        u,
        projSize,
        saved,
        savedOff,
        record,
        projStride,
        units,
        stride,
        scratch,
        keepPre,
        act,
        recAct,
        rm,
        hmOffset(batch, stride, projStride));
    for (int b = 0; b < batch; b++) {
      int row = m + b * stride;
      if (StepRows.real(mask, maskOff, maskStride, b)) {
        k.mul(scratch, b * width + 2 * stride, scratch, cAct + b * stride, scratch, row, units);
      } else {
        Arrays.fill(scratch, row, row + units, 0f); // a masked sample's dh must not reach dP
      }
    }
    g.mulAddOuter(batch, scratch, m, stride, units, dh, 0, sStride, projSize, dP, 0, projStride);
    Arrays.fill(scratch, dm, dm + batch * stride, 0f);
    g.mulAddTransposed(
        batch,
        dh,
        0,
        sStride,
        projSize,
        projectionKernel,
        0,
        projStride,
        units,
        scratch,
        dm,
        stride);
    for (int b = 0; b < batch; b++) {
      int row = pOff + b * pStride;
      if (!StepRows.real(mask, maskOff, maskStride, b)) {
        Arrays.fill(dProjection, row, row + width, 0f);
        continue;
      }
      LstmTraining.gateGradients(
          g,
          saved,
          savedOff + b * record + projStride,
          scratch,
          b * width,
          keepPre ? pre + b * width : -1,
          scratch,
          cNew + b * stride,
          cAct + b * stride,
          units,
          stride,
          scratch,
          dm + b * stride,
          dc,
          b * sStride,
          dProjection,
          row,
          act,
          recAct);
    }
    Arrays.fill(scratch, dhPrev, dhPrev + batch * projStride, 0f);
    if (rm == null) {
      g.mulAddOuter(
          batch,
          saved,
          savedOff,
          record,
          projSize,
          dProjection,
          pOff,
          pStride,
          width,
          dU,
          0,
          width);
      g.mulAddTransposed(
          batch,
          dProjection,
          pOff,
          pStride,
          width,
          u,
          0,
          width,
          projSize,
          scratch,
          dhPrev,
          projStride);
    } else {
      RecurrentMasks.backward(
          g,
          batch,
          saved,
          savedOff,
          record,
          projSize,
          rm,
          4,
          stride,
          u,
          width,
          0,
          4,
          dProjection,
          pOff,
          pStride,
          dU,
          scratch,
          dhPrev,
          projStride,
          scratch,
          hmOffset(batch, stride, projStride));
    }
    for (int b = 0; b < batch; b++) {
      if (StepRows.real(mask, maskOff, maskStride, b)) {
        System.arraycopy(scratch, dhPrev + b * projStride, dh, b * sStride, projSize);
      }
    }
  }
}
