package dev.rnnc.runtime.simd;

import java.util.Arrays;

/**
 * The LSTM timestep of a training pass, forward and backward, for {@code batch} sequences in
 * lockstep. Packed gate order i, f, o, c (see {@code Cells.lstm}); every gate block {@code stride}
 * floats; the recurrent kernel {@code U} row-major, {@code units × 4·stride} (training does not
 * read the {@code RecurrentPanels} layout).
 *
 * <p>The forward step is the inference step ({@link FloatKernels#lstmSteps}) with training's
 * activations ({@link FloatKernels#activateRepeatably}: the same bits in every JIT tier), so a
 * training pass computes what {@code predict} computes to float rounding; before it, it saves each
 * sample's incoming states {@code h_{t-1}} and {@code c_{t-1}} (one record of {@link #recordSize}
 * floats per sample). Where the activations' derivatives need only their outputs (tanh, sigmoid:
 * Keras' defaults), the step is {@link FloatKernels#lstmTrainingSteps}, which also leaves the
 * activated gates over the projection row it consumed and {@code act(c_t)} in the record, and the
 * backward step reads them: no second product {@code h_{t-1}·U} (a quarter of a step's
 * multiply-adds, and with the gate math a fifth of its time in a profile of M1), and the exact
 * values the forward step used. Other activations need the gates' inputs too; for them, and with
 * recurrent dropout, the backward step recomputes the gates from the saved states (the product
 * summed in another order, so they may differ from the forward's in the last bit, far below the
 * gradients' own rounding).
 *
 * <p>Masks: a sample whose timestep is masked ({@code mask} false) keeps its states in Keras; its
 * gradients then pass through the step unchanged: {@code dh} and {@code dc} are left as they are
 * and its gate gradient row is zero, so it adds nothing to the weight gradients. The caller's
 * forward loop puts a masked sample's states back after the step, as in inference.
 */
public final class LstmTraining {
  private final FloatKernels k;
  private final FloatGradientKernels g;

  /**
   * Training steps on the given kernels.
   *
   * @param kernels the forward kernels (those inference uses, for bit-identical outputs)
   * @param gradients the backward products
   */
  public LstmTraining(FloatKernels kernels, FloatGradientKernels gradients) {
    this.k = kernels;
    this.g = gradients;
  }

  /**
   * Floats one sample's saved record of one timestep takes: {@code h_{t-1}} at 0, {@code c_{t-1}}
   * at {@code stride}, {@code act(c_t)} at {@code 2·stride} (when the forward step keeps the
   * gates).
   *
   * @param stride floats per gate block
   * @return {@code 3·stride}
   */
  public static int recordSize(int stride) {
    return 3 * stride;
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
   * One forward timestep with Keras' {@code recurrent_dropout}: saves the states as {@link
   * #forward}, then computes the step with each gate block reading {@code (h_{t-1} ⊙ m_g)·U_g}
   * (Keras' {@code implementation=1}, keras/src/layers/rnn/lstm.py {@code LSTMCell.call}); the
   * carry {@code c_{t-1}} is not masked. Computed as the backward step recomputes it (not with the
   * fused inference kernel), so the two agree.
   *
   * @param rm the recurrent masks, {@code 4·stride} per sample in packed gate order (i, f, o, c),
   *     values 0 or {@code 1/(1-rate)}
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
      float[] c,
      float[] h,
      int sStride,
      Activation act,
      Activation recAct,
      float[] saved,
      int savedOff,
      float[] rm,
      float[] scratch) {
    int record = recordSize(stride);
    for (int b = 0; b < batch; b++) {
      System.arraycopy(h, b * sStride, saved, savedOff + b * record, units);
      System.arraycopy(c, b * sStride, saved, savedOff + b * record + stride, units);
    }
    int width = 4 * stride;
    int cNew = 2 * batch * width;
    int cAct = cNew + batch * stride;
    recompute(
        k,
        batch,
        projection,
        pOff,
        pStride,
        u,
        units,
        saved,
        savedOff,
        record,
        stride,
        units,
        stride,
        scratch,
        false,
        act,
        recAct,
        rm,
        10 * batch * stride);
    for (int b = 0; b < batch; b++) {
      int o = b * width + 2 * stride;
      for (int j = 0; j < units; j++) {
        c[b * sStride + j] = scratch[cNew + b * stride + j];
        h[b * sStride + j] = scratch[o + j] * scratch[cAct + b * stride + j];
      }
    }
  }

  /**
   * One forward timestep: saves every sample's {@code h} and {@code c} into its record at {@code
   * saved[savedOff + b·recordSize(stride)]}, then runs {@link FloatKernels#lstmSteps} (or, where it
   * keeps the gates, {@link FloatKernels#lstmTrainingSteps}: the projection rows of this timestep
   * then hold the activated gates).
   *
   * @param batch the number of sequences
   * @param projection the input projections {@code x·W + b}
   * @param pOff offset of sequence 0's projection row of this timestep
   * @param pStride distance between the sequences' projection rows
   * @param u the recurrent kernel, row-major, or with {@code panels} in {@link RecurrentPanels}
   *     layout (4 blocks), which streams faster from L2 once U outgrows L1
   * @param panels whether {@code u} is in panels
   * @param units the number of units
   * @param stride floats per gate block
   * @param gates scratch of {@code batch·4·stride}
   * @param c the cell states, sequence {@code b}'s at {@code b·sStride}, updated
   * @param h the hidden states, updated
   * @param sStride distance between the sequences' states
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
      boolean panels,
      int units,
      int stride,
      float[] gates,
      float[] c,
      float[] h,
      int sStride,
      Activation act,
      Activation recAct,
      float[] saved,
      int savedOff) {
    int record = recordSize(stride);
    for (int b = 0; b < batch; b++) {
      System.arraycopy(h, b * sStride, saved, savedOff + b * record, units);
      System.arraycopy(c, b * sStride, saved, savedOff + b * record + stride, units);
    }
    if (ActivationGradients.outputsSuffice(act, recAct)) {
      k.lstmTrainingSteps(
          batch,
          projection,
          pOff,
          pStride,
          u,
          panels,
          units,
          stride,
          c,
          h,
          sStride,
          gates,
          act,
          recAct,
          saved,
          savedOff + 2 * stride,
          record);
    } else { // GELU, swish or softsign: the composed step, which lstmSteps takes for them too
      ComposedSteps.lstmBatch(
          k,
          batch,
          projection,
          pOff,
          pStride,
          u,
          panels,
          units,
          stride,
          c,
          h,
          sStride,
          gates,
          act,
          recAct,
          null,
          0,
          0,
          true);
    }
  }

  /**
   * One backward timestep. On entry {@code dh} and {@code dc} hold {@code dL/dh_t} and {@code
   * dL/dc_t} (the caller has added the output's gradient to {@code dh}); on return they hold {@code
   * dL/dh_{t-1}} and {@code dL/dc_{t-1}}. Writes the gate pre-activation gradients {@code dL/d(x·W
   * + b + h·U)} into {@code dProjection}, in the projection's layout (padding columns zero, a
   * masked sample's row all zero), and adds {@code h_{t-1}ᵀ·dGates} to {@code dU}.
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
   * @param dc the cell state gradients, updated
   * @param sStride distance between the sequences' state gradients
   * @param dProjection the gate gradients, written at the projection's offsets (may be {@code
   *     projection} itself: the step reads its rows before it writes them)
   * @param dU the recurrent kernel's gradient, {@code units × 4·stride}, accumulated
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
        dc,
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
   * through the same masks {@code rm} ({@code dU_g += (h ⊙ m_g)ᵀ·dz_g}, {@code dh_{t-1} = Σ_g
   * (dz_g·U_gᵀ) ⊙ m_g}); null {@code rm} is {@link #backward}. {@code scratch} holds at least
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
      float[] scratch,
      Activation act,
      Activation recAct,
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
        dc,
        sStride,
        dProjection,
        dU,
        scratch,
        act,
        recAct,
        rm,
        null);
  }

  /**
   * {@link #backward} with {@code uT}, U transposed by {@link #transpose} since U last changed: the
   * gradient of {@code h_{t-1}}, {@code dz·Uᵀ}, is then a plain product over {@code uT}'s rows
   * (vectors along the units, no dot product summed across lanes per unit and sample).
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
      float[] dc,
      int sStride,
      float[] dProjection,
      float[] dU,
      float[] scratch,
      Activation act,
      Activation recAct,
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
        dc,
        sStride,
        dProjection,
        dU,
        scratch,
        act,
        recAct,
        null,
        uT);
  }

  /**
   * {@code dU += Σ_b Σ_t h_{t-1}ᵀ·dz_t} over a whole sequence batch after its backward steps ran
   * with {@code dU = null}, as products over the longer of the two axes: one of {@code timesteps}
   * rows per sequence when the sequences are no more than their timesteps (M2: 200 timesteps), else
   * one of {@code batch} rows per timestep (M1 at 64 sequences a shard, 30 timesteps), so that
   * {@code dU} (M2's is 256 KB, beyond L1) passes through the cache as few times as the shape
   * allows and each product's accumulators are loaded and stored over as many rows as possible.
   * Sequence {@code b}'s record of timestep {@code t} (its {@code h_{t-1}} first) is at {@code
   * (t·batch + b)·record}, its projection gradient row at {@code b·sequenceStride +
   * t·timestepStride}. The sum runs over the longer axis inside, the other outside: another order
   * than the steps' (the same values to rounding). A masked step's projection gradient is zero, so
   * it adds nothing.
   */
  public void recurrentKernelGradient(
      int batch,
      int timesteps,
      float[] saved,
      int record,
      int units,
      float[] dProjection,
      int timestepStride,
      int sequenceStride,
      int width,
      float[] dU) {
    // the same product either way, the two axes' roles swapped: record (t, b) is at
    // (t·batch + b)·record, its gradient row at b·sequenceStride + t·timestepStride
    boolean perTimestep = batch > timesteps;
    int products = perTimestep ? timesteps : batch;
    int rows = perTimestep ? batch : timesteps;
    int aStep = perTimestep ? batch * record : record;
    int aStride = perTimestep ? record : batch * record;
    int dStep = perTimestep ? timestepStride : sequenceStride;
    int dStride = perTimestep ? sequenceStride : timestepStride;
    for (int i = 0; i < products; i++) {
      g.mulAddOuter(
          rows,
          saved,
          i * aStep,
          aStride,
          units,
          dProjection,
          i * dStep,
          dStride,
          width,
          dU,
          0,
          width);
    }
  }

  /**
   * U ({@code units × 4·stride}, row-major) transposed into {@code uT}: {@code 4·stride} rows of
   * {@code stride} floats, the first {@code units} of each used ({@link #transposedSize}).
   */
  public static void transpose(float[] u, int units, int stride, float[] uT) {
    RecurrentTranspose.transpose(u, units, 4, stride, uT);
  }

  /** Floats of {@link #transpose}'s output. */
  public static int transposedSize(int stride) {
    return RecurrentTranspose.size(4, stride);
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
      float[] dc,
      int sStride,
      float[] dProjection,
      float[] dU,
      float[] scratch,
      Activation act,
      Activation recAct,
      float[] rm,
      float[] uT) {
    int width = 4 * stride;
    int record = recordSize(stride);
    // scratch: activated gates | their inputs, later dh_{t-1} | c_t | act(c_t)
    int pre = batch * width;
    int cNew = 2 * batch * width;
    int cAct = cNew + batch * stride;
    boolean kept = rm == null && ActivationGradients.outputsSuffice(act, recAct);
    boolean keepPre = !ActivationGradients.outputsSuffice(act, recAct);
    if (!kept) {
      recompute(
          k,
          batch,
          projection,
          pOff,
          pStride,
          u,
          units,
          saved,
          savedOff,
          record,
          stride,
          units,
          stride,
          scratch,
          keepPre,
          act,
          recAct,
          rm,
          10 * batch * stride);
    }
    for (int b = 0; b < batch; b++) {
      int row = pOff + b * pStride;
      if (!StepRows.real(mask, maskOff, maskStride, b)) {
        Arrays.fill(dProjection, row, row + width, 0f);
        continue;
      }
      if (kept) { // the forward step's gates (over its projection row) and act(c_t)
        int at = savedOff + b * record;
        gateGradients(
            g,
            saved,
            at + stride,
            projection,
            row,
            -1,
            saved,
            at + 2 * stride,
            at + 2 * stride,
            units,
            stride,
            dh,
            b * sStride,
            dc,
            b * sStride,
            dProjection,
            row,
            act,
            recAct);
        continue;
      }
      gateGradients(
          g,
          saved,
          savedOff + b * record + stride,
          scratch,
          b * width,
          keepPre ? pre + b * width : -1,
          scratch,
          cNew + b * stride,
          cAct + b * stride,
          units,
          stride,
          dh,
          b * sStride,
          dc,
          b * sStride,
          dProjection,
          row,
          act,
          recAct);
    }
    int dhPrev = pre; // the gates' inputs are no longer needed
    if (rm == null) {
      if (dU != null) { // else recurrentKernelGradient sums it after the time loop
        g.mulAddOuter(
            batch, saved, savedOff, record, units, dProjection, pOff, pStride, width, dU, 0, width);
      }
      if (uT != null) {
        k.matmul(
            dProjection,
            pOff,
            pStride,
            batch,
            width,
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
            batch, dProjection, pOff, pStride, width, u, 0, width, units, scratch, dhPrev, stride);
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
   * Recomputes a step's gates from the saved states into {@code scratch}: the activated gates of
   * sample {@code b} at {@code b·4·stride}, their inputs (if {@code keepPre}) {@code
   * batch·4·stride} further, then {@code c_t} at {@code 8·batch·stride + b·stride} and {@code
   * act(c_t)} {@code batch·stride} further. {@code h_{t-1}} ({@code inputs} wide) starts each
   * record, {@code c_{t-1}} is {@code cAt} into it. Shared with {@link LstmProjectedTraining}.
   */
  static void recompute(
      FloatKernels k,
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] u,
      int inputs,
      float[] saved,
      int savedOff,
      int record,
      int cAt,
      int units,
      int stride,
      float[] scratch,
      boolean keepPre,
      Activation act,
      Activation recAct) {
    recompute(
        k,
        batch,
        projection,
        pOff,
        pStride,
        u,
        inputs,
        saved,
        savedOff,
        record,
        cAt,
        units,
        stride,
        scratch,
        keepPre,
        act,
        recAct,
        null,
        0);
  }

  /**
   * {@link #recompute}, each gate block reading {@code h_{t-1} ⊙ m_g} where recurrent masks {@code
   * rm} are given (masked rows at {@code scratch[hmOff]}, {@code batch·stride} floats).
   */
  static void recompute(
      FloatKernels k,
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] u,
      int inputs,
      float[] saved,
      int savedOff,
      int record,
      int cAt,
      int units,
      int stride,
      float[] scratch,
      boolean keepPre,
      Activation act,
      Activation recAct,
      float[] rm,
      int hmOff) {
    int width = 4 * stride;
    int pre = batch * width;
    int cNew = 2 * batch * width;
    int cAct = cNew + batch * stride;
    // z = x·W + b + h_{t-1}·U, as the forward step summed it (in another order)
    if (rm == null) {
      k.matmul(
          saved, savedOff, record, batch, inputs, u, 0, width, width, null, 0, scratch, 0, width);
    } else {
      RecurrentMasks.product(
          k, batch, saved, savedOff, record, inputs, rm, 4, stride, u, width, 0, 4, scratch, hmOff,
          scratch, 0, width);
    }
    for (int b = 0; b < batch; b++) {
      k.add(scratch, b * width, projection, pOff + b * pStride, scratch, b * width, width);
    }
    if (keepPre) {
      System.arraycopy(scratch, 0, scratch, pre, batch * width);
    }
    for (int b = 0; b < batch; b++) {
      int gate = b * width;
      k.activateRepeatably(recAct, scratch, gate, 3 * stride);
      k.activateRepeatably(act, scratch, gate + 3 * stride, units);
      int cPrev = savedOff + b * record + cAt;
      for (int j = 0; j < units; j++) {
        float cj = ComposedSteps.newCell(scratch, gate, stride, j, saved[cPrev + j]);
        scratch[cNew + b * stride + j] = cj;
        scratch[cAct + b * stride + j] = cj;
      }
      k.activateRepeatably(act, scratch, cAct + b * stride, units);
    }
  }

  /**
   * One sample's element-wise backward through the cell: from {@code dh_t} (at {@code dhOff}),
   * {@code dc_t} (at {@code dcOff}) and the activated gates (at {@code gate} of {@code s}, their
   * inputs at {@code pre} when an activation needs them, else {@code pre < 0}; {@code c_t} and
   * {@code act(c_t)} at {@code cNew} and {@code cAct} of {@code cs}), writes the gate input
   * gradients to {@code dGates[row ..]} and {@code dc_{t-1}} over {@code dc}; {@code dh} is left
   * for the product. Shared with {@link LstmProjectedTraining}, whose {@code dh} is the gradient of
   * the cell output {@code o·act(c)} before the projection.
   */
  static void gateGradients(
      FloatGradientKernels g,
      float[] saved,
      int cPrev,
      float[] s,
      int gate,
      int pre,
      float[] cs,
      int cNew,
      int cAct,
      int units,
      int stride,
      float[] dh,
      int dhOff,
      float[] dc,
      int dcOff,
      float[] dGates,
      int row,
      Activation act,
      Activation recAct) {
    int f = stride;
    int o = 2 * stride;
    int c = 3 * stride;
    if (act == Activation.TANH && recAct == Activation.SIGMOID) {
      g.lstmGateGradients(
          s, gate, cs, cAct, saved, cPrev, units, stride, dh, dhOff, dc, dcOff, dGates, row);
      StepRows.zeroPadding(dGates, row, 4, units, stride);
      return;
    }
    boolean hasPre = pre >= 0;
    for (int j = 0; j < units; j++) {
      float ig = s[gate + j];
      float fg = s[gate + f + j];
      float og = s[gate + o + j];
      float cg = s[gate + c + j];
      float ct = cs[cNew + j];
      float tc = cs[cAct + j];
      float dhj = dh[dhOff + j];
      // dL/dc_t: what flows from c_{t+1} plus what h_t = o·act(c_t) passes on
      float dct = dc[dcOff + j] + dhj * og * ActivationGradients.derivative(act, ct, tc);
      dc[dcOff + j] = dct * fg;
      float di = dct * cg;
      float df = dct * saved[cPrev + j];
      float dO = dhj * tc;
      float dC = dct * ig;
      dGates[row + j] = di * ActivationGradients.derivative(recAct, hasPre ? s[pre + j] : 0f, ig);
      dGates[row + f + j] =
          df * ActivationGradients.derivative(recAct, hasPre ? s[pre + f + j] : 0f, fg);
      dGates[row + o + j] =
          dO * ActivationGradients.derivative(recAct, hasPre ? s[pre + o + j] : 0f, og);
      dGates[row + c + j] =
          dC * ActivationGradients.derivative(act, hasPre ? s[pre + c + j] : 0f, cg);
    }
    StepRows.zeroPadding(dGates, row, 4, units, stride);
  }
}
