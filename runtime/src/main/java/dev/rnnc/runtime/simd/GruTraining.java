package dev.rnnc.runtime.simd;

import java.util.Arrays;

/**
 * The GRU timestep ({@code reset_after=True}, Keras 3's default) of a training pass, forward and
 * backward, for {@code batch} sequences in lockstep. Packed gate order z, r, h; every gate block
 * {@code stride} floats; the recurrent kernel {@code U} row-major, {@code units × 3·stride}; the
 * bias (2, 3·units) packed as two rows, the input row folded into the projection, the recurrent row
 * at {@code recurrentBias[rbOff]}. With {@code x·W + b_in} = {@code mx} and {@code h·U + b_rec} =
 * {@code mh}: {@code z = ra(mx_z + mh_z)}, {@code r = ra(mx_r + mh_r)}, {@code hh = a(mx_h +
 * r·mh_h)}, {@code h' = z·h + (1 - z)·hh}.
 *
 * <p>As for {@link LstmTraining}: the forward step is the inference step ({@link
 * FloatKernels#gruSteps}) after saving {@code h_{t-1}}; where the activations' derivatives need
 * only their outputs (sigmoid, tanh), it is {@link FloatKernels#gruTrainingSteps}, which leaves z,
 * r and hh over the projection row and {@code mh_h} in the record, and the backward step reads
 * them; otherwise, and with recurrent dropout, the backward step recomputes {@code mh} from {@code
 * h_{t-1}}. A masked sample's gradients pass through unchanged.
 */
public final class GruTraining {
  private final FloatKernels k;
  private final FloatGradientKernels g;

  /**
   * Training steps on the given kernels.
   *
   * @param kernels the forward kernels (those inference uses, for bit-identical outputs)
   * @param gradients the backward products
   */
  public GruTraining(FloatKernels kernels, FloatGradientKernels gradients) {
    this.k = kernels;
    this.g = gradients;
  }

  /**
   * Floats one sample's saved record of one timestep takes: {@code h_{t-1}} at 0, {@code mh_h} at
   * {@code stride} (when the forward step keeps the gates).
   *
   * @param stride floats per gate block
   * @return {@code 2·stride}
   */
  public static int recordSize(int stride) {
    return 2 * stride;
  }

  /**
   * U ({@code units × 3·stride}, row-major) transposed into {@code uT}: {@code 3·stride} rows of
   * {@code stride} floats, the first {@code units} of each used ({@link #transposedSize}). Once per
   * training step, after the optimizer changed U, before the backward steps.
   */
  public static void transpose(float[] u, int units, int stride, float[] uT) {
    RecurrentTranspose.transpose(u, units, 3, stride, uT);
  }

  /** Floats of {@link #transpose}'s output. */
  public static int transposedSize(int stride) {
    return RecurrentTranspose.size(3, stride);
  }

  /**
   * Floats of scratch {@link #backward} needs.
   *
   * @param batch the number of sequences
   * @param stride floats per gate block
   * @return {@code 13·batch·stride}
   */
  public static int scratchSize(int batch, int stride) {
    return 13 * batch * stride;
  }

  /**
   * Floats of scratch {@link #forwardDropout} and the backward step with recurrent masks need:
   * {@link #scratchSize} and two masked rows per sample.
   *
   * @param batch the number of sequences
   * @param stride floats per gate block
   * @return {@code 15·batch·stride}
   */
  public static int dropoutScratchSize(int batch, int stride) {
    return 15 * batch * stride;
  }

  /**
   * One forward timestep with Keras' {@code recurrent_dropout}: saves {@code h_{t-1}} as {@link
   * #forward}, then computes the step with each gate block's recurrent product reading {@code
   * h_{t-1} ⊙ m_g} (Keras' {@code implementation=1}, keras/src/layers/rnn/gru.py {@code
   * GRUCell.call}: {@code hh = a(mx_h + r·((h ⊙ m_h)·U_h + b_rec_h))}); the blend {@code z·h_{t-1}}
   * reads {@code h_{t-1}} unmasked. Computed as the backward step recomputes it.
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
      float[] recurrentBias,
      int rbOff,
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
      System.arraycopy(h, b * sStride, saved, savedOff + b * recordSize(stride), units);
    }
    recompute(
        batch,
        projection,
        pOff,
        pStride,
        u,
        recurrentBias,
        rbOff,
        units,
        stride,
        saved,
        savedOff,
        scratch,
        false,
        act,
        recAct,
        rm);
    int width = 3 * stride;
    for (int b = 0; b < batch; b++) {
      int gate = batch * width + b * width;
      for (int j = 0; j < units; j++) {
        float z = scratch[gate + j];
        float hh = scratch[gate + 2 * stride + j];
        h[b * sStride + j] = z * h[b * sStride + j] + (1f - z) * hh;
      }
    }
  }

  /**
   * One forward timestep: saves every sample's {@code h} into its record at {@code saved[savedOff +
   * b·recordSize(stride)]}, then runs {@link FloatKernels#gruSteps}.
   *
   * @param batch the number of sequences
   * @param projection the input projections {@code x·W + b_in}
   * @param pOff offset of sequence 0's projection row of this timestep
   * @param pStride distance between the sequences' projection rows
   * @param u the recurrent kernel, row-major, or with {@code panels} in {@link RecurrentPanels}
   *     layout (3 blocks), which streams faster from L2 once U outgrows L1
   * @param panels whether {@code u} is in panels
   * @param recurrentBias the packed bias whose recurrent row starts at {@code rbOff}, or null
   *     without bias
   * @param rbOff offset of the recurrent bias row
   * @param units the number of units
   * @param stride floats per gate block
   * @param gates scratch of {@code batch·3·stride}
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
      boolean panels,
      float[] recurrentBias,
      int rbOff,
      int units,
      int stride,
      float[] gates,
      float[] h,
      int sStride,
      Activation act,
      Activation recAct,
      float[] saved,
      int savedOff) {
    for (int b = 0; b < batch; b++) {
      System.arraycopy(h, b * sStride, saved, savedOff + b * recordSize(stride), units);
    }
    if (ActivationGradients.outputsSuffice(act, recAct)) {
      k.gruTrainingSteps(
          batch,
          projection,
          pOff,
          pStride,
          u,
          panels,
          recurrentBias,
          rbOff,
          units,
          stride,
          h,
          sStride,
          gates,
          act,
          recAct,
          saved,
          savedOff + stride,
          recordSize(stride));
    } else if (panels) {
      k.gruStepsPanels(
          batch,
          projection,
          pOff,
          pStride,
          u,
          recurrentBias,
          rbOff,
          units,
          stride,
          h,
          sStride,
          gates,
          act,
          recAct);
    } else {
      k.gruSteps(
          batch,
          projection,
          pOff,
          pStride,
          u,
          recurrentBias,
          rbOff,
          units,
          stride,
          h,
          sStride,
          gates,
          act,
          recAct);
    }
  }

  /**
   * One backward timestep. On entry {@code dh} holds {@code dL/dh_t}, on return {@code
   * dL/dh_{t-1}}. Writes {@code dL/d(x·W + b_in)} into {@code dProjection} in the projection's
   * layout (padding zero, a masked sample's row zero), adds {@code h_{t-1}ᵀ·dL/dmh} to {@code dU}
   * and {@code dL/dmh} summed over the batch to the recurrent bias row of {@code dBias}.
   *
   * @param batch the number of sequences
   * @param projection the input projections the forward step read
   * @param pOff offset of sequence 0's projection row of this timestep
   * @param pStride distance between the sequences' projection rows
   * @param u the recurrent kernel, row-major
   * @param recurrentBias the packed bias whose recurrent row starts at {@code rbOff}, or null
   *     without bias
   * @param rbOff offset of the recurrent bias row
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
   * @param dBias the bias gradient, in the bias' layout, or null without bias
   * @param dbOff offset of its recurrent row
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
      float[] recurrentBias,
      int rbOff,
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
      float[] dBias,
      int dbOff,
      float[] scratch,
      Activation act,
      Activation recAct) {
    backward(
        batch,
        projection,
        pOff,
        pStride,
        u,
        recurrentBias,
        rbOff,
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
        dBias,
        dbOff,
        scratch,
        act,
        recAct,
        null,
        null);
  }

  /**
   * {@link #backward} with {@code uT}, U transposed by {@link #transpose} since U last changed: the
   * same gradients (summed in another order), the gradient of {@code h_{t-1}} through U a plain
   * product over {@code uT} instead of a dot product per unit, each ending in a sum across lanes.
   *
   * @param uT the transposed recurrent kernel
   */
  public void backwardTransposed(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] u,
      float[] recurrentBias,
      int rbOff,
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
      float[] dBias,
      int dbOff,
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
        recurrentBias,
        rbOff,
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
        dBias,
        dbOff,
        scratch,
        act,
        recAct,
        null,
        uT);
  }

  /**
   * {@link #backward} of a {@link #forwardDropout} step: the recurrent products' gradients go
   * through the same masks {@code rm} ({@code dU_g += (h ⊙ m_g)ᵀ·dmh_g}, {@code dh_{t-1} = z·dh +
   * Σ_g (dmh_g·U_gᵀ) ⊙ m_g}, the blend's path unmasked); null {@code rm} is {@link #backward}.
   * {@code scratch} holds at least {@link #dropoutScratchSize} floats with masks.
   */
  public void backward(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] u,
      float[] recurrentBias,
      int rbOff,
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
      float[] dBias,
      int dbOff,
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
        recurrentBias,
        rbOff,
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
        dBias,
        dbOff,
        scratch,
        act,
        recAct,
        rm,
        null);
  }

  private void backward(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] u,
      float[] recurrentBias,
      int rbOff,
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
      float[] dBias,
      int dbOff,
      float[] scratch,
      Activation act,
      Activation recAct,
      float[] rm,
      float[] uT) {
    int width = 3 * stride;
    // scratch: mh | activated gates z, r, hh | their inputs | dL/dmh | dh_{t-1}
    int gates = batch * width;
    int pre = 2 * batch * width;
    int dmh = 3 * batch * width;
    int dhPrev = 4 * batch * width;
    int record = recordSize(stride);
    boolean kept = rm == null && ActivationGradients.outputsSuffice(act, recAct);
    boolean keepPre = !ActivationGradients.outputsSuffice(act, recAct);
    if (!kept) {
      recompute(
          batch,
          projection,
          pOff,
          pStride,
          u,
          recurrentBias,
          rbOff,
          units,
          stride,
          saved,
          savedOff,
          scratch,
          keepPre,
          act,
          recAct,
          rm);
    }
    // the gates z, r, hh: the forward step's over its projection row, or recomputed into scratch
    float[] gateArray = kept ? projection : scratch;
    float[] mhArray = kept ? saved : scratch;
    for (int b = 0; b < batch; b++) {
      int row = pOff + b * pStride;
      int dm = dmh + b * width;
      if (!StepRows.real(mask, maskOff, maskStride, b)) {
        Arrays.fill(dProjection, row, row + width, 0f);
        Arrays.fill(scratch, dm, dm + width, 0f);
        continue;
      }
      int gate = kept ? row : gates + b * width;
      int in = pre + b * width;
      int hPrev = savedOff + b * record;
      int mhH = kept ? hPrev + stride : b * width + 2 * stride;
      int state = b * sStride;
      int back = dhPrev + b * stride;
      if (kept && act == Activation.TANH && recAct == Activation.SIGMOID) {
        g.gruGateGradients(
            gateArray,
            gate,
            mhArray,
            mhH,
            saved,
            hPrev,
            units,
            stride,
            dh,
            state,
            dProjection,
            row,
            scratch,
            dm,
            scratch,
            back);
      } else { // other activations, or gates recomputed with their inputs: derivatives in double
        for (int j = 0; j < units; j++) {
          float z = gateArray[gate + j];
          float r = gateArray[gate + stride + j];
          float hh = gateArray[gate + 2 * stride + j];
          float dhj = dh[state + j];
          float zIn = keepPre ? scratch[in + j] : 0f;
          float rIn = keepPre ? scratch[in + stride + j] : 0f;
          float hhIn = keepPre ? scratch[in + 2 * stride + j] : 0f;
          float dHh = dhj * (1f - z) * ActivationGradients.derivative(act, hhIn, hh);
          float dR = dHh * mhArray[mhH + j] * ActivationGradients.derivative(recAct, rIn, r);
          float dZ = dhj * (saved[hPrev + j] - hh) * ActivationGradients.derivative(recAct, zIn, z);
          dProjection[row + j] = dZ;
          dProjection[row + stride + j] = dR;
          dProjection[row + 2 * stride + j] = dHh;
          scratch[dm + j] = dZ;
          scratch[dm + stride + j] = dR;
          scratch[dm + 2 * stride + j] = dHh * r; // the reset gate scales mh_h after the product
          scratch[back + j] = dhj * z; // the direct path h_{t-1} -> z·h_{t-1}
        }
      }
      StepRows.zeroPadding(dProjection, row, 3, units, stride);
      StepRows.zeroPadding(scratch, dm, 3, units, stride);
    }
    if (dBias != null) {
      g.addRows(batch, scratch, dmh, width, width, dBias, dbOff);
    }
    if (rm == null) {
      g.mulAddOuter(
          batch, saved, savedOff, record, units, scratch, dmh, width, width, dU, 0, width);
      if (uT != null) { // the product into the gates' region, free now; added at the copy below
        k.matmul(
            scratch, dmh, width, batch, width, uT, 0, stride, units, null, 0, scratch, gates,
            stride);
      } else {
        g.mulAddTransposed(
            batch, scratch, dmh, width, width, u, 0, width, units, scratch, dhPrev, stride);
      }
    } else {
      RecurrentMasks.backward(
          g,
          batch,
          saved,
          savedOff,
          recordSize(stride),
          units,
          rm,
          3,
          stride,
          u,
          width,
          0,
          3,
          scratch,
          dmh,
          width,
          dU,
          scratch,
          dhPrev,
          stride,
          scratch,
          13 * batch * stride);
    }
    for (int b = 0; b < batch; b++) {
      if (!StepRows.real(mask, maskOff, maskStride, b)) {
        continue;
      }
      if (uT != null) { // the direct path plus the product
        for (int j = 0; j < units; j++) {
          dh[b * sStride + j] = scratch[dhPrev + b * stride + j] + scratch[gates + b * stride + j];
        }
      } else {
        System.arraycopy(scratch, dhPrev + b * stride, dh, b * sStride, units);
      }
    }
  }

  /**
   * Recomputes a step from the saved {@code h_{t-1}} into {@code scratch}: {@code mh} of sample
   * {@code b} at {@code b·3·stride}, the activated gates z, r, hh {@code batch·3·stride} further,
   * their inputs (if {@code keepPre}) another {@code batch·3·stride} further; with recurrent masks
   * {@code rm} each block of {@code mh} reads {@code h_{t-1} ⊙ m_g} (masked rows at {@code
   * 13·batch·stride}).
   */
  private void recompute(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] u,
      float[] recurrentBias,
      int rbOff,
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
    int gates = batch * width;
    int pre = 2 * batch * width;
    if (rm == null) {
      k.matmul(
          saved,
          savedOff,
          recordSize(stride),
          batch,
          units,
          u,
          0,
          width,
          width,
          recurrentBias,
          rbOff,
          scratch,
          0,
          width);
    } else {
      RecurrentMasks.product(
          k,
          batch,
          saved,
          savedOff,
          recordSize(stride),
          units,
          rm,
          3,
          stride,
          u,
          width,
          0,
          3,
          scratch,
          13 * batch * stride,
          scratch,
          0,
          width);
      if (recurrentBias != null) {
        for (int b = 0; b < batch; b++) {
          k.add(scratch, b * width, recurrentBias, rbOff, scratch, b * width, width);
        }
      }
    }
    for (int b = 0; b < batch; b++) {
      int mh = b * width;
      int gate = gates + b * width;
      int x = pOff + b * pStride;
      k.add(projection, x, scratch, mh, scratch, gate, 2 * stride);
      if (keepPre) {
        System.arraycopy(scratch, gate, scratch, pre + b * width, 2 * stride);
      }
      k.activateRepeatably(recAct, scratch, gate, 2 * stride);
      int hh = gate + 2 * stride;
      for (int j = 0; j < units; j++) {
        scratch[hh + j] =
            (float)
                (projection[x + 2 * stride + j]
                    + (double) scratch[gate + stride + j] * scratch[mh + 2 * stride + j]);
      }
      if (keepPre) {
        System.arraycopy(scratch, hh, scratch, pre + b * width + 2 * stride, units);
      }
      k.activateRepeatably(act, scratch, hh, units);
    }
  }
}
