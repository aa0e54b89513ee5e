package dev.rnnc.runtime.simd;

import java.util.Arrays;

/**
 * The recurrent steps of {@link FloatKernels} written as a sequence of its smaller kernels: the
 * definition the scalar kernels use, and the path vector kernels take for activations and layouts
 * their fused code does not cover. Kept apart so that both implementations share one copy.
 */
final class ComposedSteps {
  private ComposedSteps() {}

  static void lstm(
      FloatKernels k,
      float[] projection,
      int pOff,
      float[] u,
      int units,
      int stride,
      float[] c,
      float[] h,
      float[] gates,
      Activation act,
      Activation recAct) {
    int width = 4 * stride;
    System.arraycopy(projection, pOff, gates, 0, width);
    k.mulAdd(h, 0, units, u, 0, width, width, gates, 0);
    k.activate(recAct, gates, 0, 3 * stride);
    k.activate(act, gates, 3 * stride, units);
    k.lstmCell(gates, 0, stride, c, h, units, act);
  }

  /**
   * {@link FloatKernels#lstmSteps} (and, with {@code panels}, {@link
   * FloatKernels#lstmStepsPanels}): every sequence's gates first (they read the old states), then
   * every update, the cell's in a plain loop since {@link FloatKernels#lstmCell} takes states at
   * offset 0. With {@code keep} ({@link FloatKernels#lstmTrainingSteps}), each sequence's activated
   * gates go over its projection row and {@code act(c_t)} to {@code keep[keepOff + b·keepStride]},
   * activated by {@link FloatKernels#activateRepeatably} (the fused training steps' functions;
   * inference takes {@link FloatKernels#activate}'s). Without {@code keep}, {@code repeatable}
   * chooses the same for the gates (a training step that keeps no gates, LstmTraining, passes true;
   * inference false).
   */
  static void lstmBatch(
      FloatKernels k,
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] u,
      boolean panels,
      int units,
      int stride,
      float[] c,
      float[] h,
      int sStride,
      float[] scratch,
      Activation act,
      Activation recAct,
      float[] keep,
      int keepOff,
      int keepStride,
      boolean repeatable) {
    int width = 4 * stride;
    for (int b = 0; b < batch; b++) {
      System.arraycopy(projection, pOff + b * pStride, scratch, b * width, width);
      mulAddRecurrent(k, h, b * sStride, units, u, panels, 4, stride, scratch, b * width);
    }
    for (int b = 0; b < batch; b++) {
      int g = b * width;
      if (keep == null) { // c's activation: act.apply, Math's functions, the same in every tier
        activate(k, recAct, scratch, g, 3 * stride, repeatable);
        activate(k, act, scratch, g + 3 * stride, units, repeatable);
        for (int j = 0, state = b * sStride; j < units; j++, state++) {
          float cj = newCell(scratch, g, stride, j, c[state]);
          c[state] = cj;
          h[state] = scratch[g + 2 * stride + j] * act.apply(cj);
        }
      } else {
        // training: the same bits in every JIT tier (activateRepeatably), c's activation too
        k.activateRepeatably(recAct, scratch, g, 3 * stride);
        k.activateRepeatably(act, scratch, g + 3 * stride, units);
        System.arraycopy(scratch, g, projection, pOff + b * pStride, width);
        int kept = keepOff + b * keepStride;
        for (int j = 0, state = b * sStride; j < units; j++, state++) {
          float cj = newCell(scratch, g, stride, j, c[state]);
          c[state] = cj;
          keep[kept + j] = cj;
        }
        k.activateRepeatably(act, keep, kept, units);
        for (int j = 0, state = b * sStride; j < units; j++, state++) {
          h[state] = scratch[g + 2 * stride + j] * keep[kept + j];
        }
      }
    }
  }

  /** {@code k.activate}, or with {@code repeatable} {@code k.activateRepeatably}. */
  private static void activate(
      FloatKernels k, Activation act, float[] a, int off, int len, boolean repeatable) {
    if (repeatable) {
      k.activateRepeatably(act, a, off, len);
    } else {
      k.activate(act, a, off, len);
    }
  }

  /**
   * The LSTM's new cell state {@code f·c + i·g} of unit {@code j}, given the activated gates at
   * {@code gates[g]} ({@code stride} floats a gate), in double and rounded once: the composed
   * steps', the training recompute's and the projected training step's one formula.
   */
  static float newCell(float[] gates, int g, int stride, int j, float c) {
    return (float)
        ((double) gates[g + stride + j] * c + (double) gates[g + j] * gates[g + 3 * stride + j]);
  }

  /** {@link #lstm} with U in {@link RecurrentPanels} layout. */
  static void lstmPanels(
      FloatKernels k,
      float[] projection,
      int pOff,
      float[] panels,
      int units,
      int stride,
      float[] c,
      float[] h,
      float[] gates,
      Activation act,
      Activation recAct) {
    System.arraycopy(projection, pOff, gates, 0, 4 * stride);
    mulAddPanels(k, h, 0, units, panels, 4, stride, gates, 0);
    k.activate(recAct, gates, 0, 3 * stride);
    k.activate(act, gates, 3 * stride, units);
    k.lstmCell(gates, 0, stride, c, h, units, act);
  }

  /** {@link #gru} with U in {@link RecurrentPanels} layout. */
  static void gruPanels(
      FloatKernels k,
      float[] projection,
      int pOff,
      float[] panels,
      float[] recurrentBias,
      int rbOff,
      int units,
      int stride,
      float[] h,
      float[] gates,
      Activation act,
      Activation recAct) {
    int width = 3 * stride;
    if (recurrentBias == null) {
      Arrays.fill(gates, 0, width, 0f);
    } else {
      System.arraycopy(recurrentBias, rbOff, gates, 0, width);
    }
    mulAddPanels(k, h, 0, units, panels, 3, stride, gates, 0);
    k.gruResetAfter(projection, pOff, gates, 0, stride, h, units, act, recAct);
  }

  /**
   * {@code gates[gOff ..] += h[hOff ..]·U} for U in panels: per panel and gate block, a {@code
   * units × w} matrix.
   */
  private static void mulAddPanels(
      FloatKernels k,
      float[] h,
      int hOff,
      int units,
      float[] panels,
      int blocks,
      int stride,
      float[] gates,
      int gOff) {
    for (int q0 = 0; q0 < stride; q0 += RecurrentPanels.WIDTH) {
      int w = Math.min(RecurrentPanels.WIDTH, stride - q0);
      for (int b = 0; b < blocks; b++) {
        k.mulAdd(
            h,
            hOff,
            units,
            panels,
            RecurrentPanels.offset(units, blocks, stride, 0, b, q0),
            blocks * w,
            w,
            gates,
            gOff + b * stride + q0);
      }
    }
  }

  /**
   * {@code gates[gOff ..] += h[hOff ..]·U}, U row-major or in panels of {@code blocks} gate blocks.
   */
  private static void mulAddRecurrent(
      FloatKernels k,
      float[] h,
      int hOff,
      int units,
      float[] u,
      boolean panels,
      int blocks,
      int stride,
      float[] gates,
      int gOff) {
    if (panels) {
      mulAddPanels(k, h, hOff, units, u, blocks, stride, gates, gOff);
    } else {
      k.mulAdd(h, hOff, units, u, 0, blocks * stride, blocks * stride, gates, gOff);
    }
  }

  static void gru(
      FloatKernels k,
      float[] projection,
      int pOff,
      float[] u,
      float[] recurrentBias,
      int rbOff,
      int units,
      int stride,
      float[] h,
      float[] gates,
      Activation act,
      Activation recAct) {
    int width = 3 * stride;
    if (recurrentBias == null) {
      Arrays.fill(gates, 0, width, 0f);
    } else {
      System.arraycopy(recurrentBias, rbOff, gates, 0, width);
    }
    k.mulAdd(h, 0, units, u, 0, width, width, gates, 0);
    k.gruResetAfter(projection, pOff, gates, 0, stride, h, units, act, recAct);
  }

  /**
   * {@link FloatKernels#gruSteps} (and, with {@code panels}, {@link FloatKernels#gruStepsPanels}):
   * sequence by sequence (a GRU step reads only its own state), each one's product as in {@link
   * #gru}, then its update in {@link #gruUpdate}, which takes the state's offset. With {@code keep}
   * ({@link FloatKernels#gruTrainingSteps}), each sequence's z, r and hh go over its projection row
   * and {@code mh_h} to {@code keep[keepOff + b·keepStride]}.
   */
  static void gruBatch(
      FloatKernels k,
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
      float[] h,
      int sStride,
      float[] scratch,
      Activation act,
      Activation recAct,
      float[] keep,
      int keepOff,
      int keepStride) {
    int width = 3 * stride;
    for (int b = 0; b < batch; b++) {
      int g = b * width;
      if (recurrentBias == null) {
        Arrays.fill(scratch, g, g + width, 0f);
      } else {
        System.arraycopy(recurrentBias, rbOff, scratch, g, width);
      }
      mulAddRecurrent(k, h, b * sStride, units, u, panels, 3, stride, scratch, g);
      if (keep != null) {
        System.arraycopy(scratch, g + 2 * stride, keep, keepOff + b * keepStride, units);
      }
      gruUpdate(
          projection,
          pOff + b * pStride,
          scratch,
          g,
          stride,
          h,
          b * sStride,
          units,
          act,
          recAct,
          keep != null);
    }
  }

  /**
   * {@link FloatKernels#gruResetAfter} for the state at {@code h[hOff]}: the scalar kernels'
   * definition (the candidate's input and the blend in double, rounded once to float). With {@code
   * keepGates} (a training step), z, r and hh are left over the row of {@code mx} they read.
   */
  static void gruUpdate(
      float[] mx,
      int mxOff,
      float[] mh,
      int mhOff,
      int stride,
      float[] h,
      int hOff,
      int len,
      Activation act,
      Activation recAct,
      boolean keepGates) {
    for (int j = 0; j < len; j++) {
      int x = mxOff + j;
      int r = mhOff + j;
      float z = recAct.apply(mx[x] + mh[r]);
      float reset = recAct.apply(mx[x + stride] + mh[r + stride]);
      float hh = act.apply((float) (mx[x + 2 * stride] + (double) reset * mh[r + 2 * stride]));
      h[hOff + j] = (float) ((double) z * h[hOff + j] + (1.0 - z) * hh);
      if (keepGates) {
        mx[x] = z;
        mx[x + stride] = reset;
        mx[x + 2 * stride] = hh;
      }
    }
  }

  static void simpleRnn(
      FloatKernels k,
      float[] projection,
      int pOff,
      float[] u,
      int units,
      int stride,
      float[] h,
      float[] scratch,
      Activation act) {
    System.arraycopy(projection, pOff, scratch, 0, units);
    k.mulAdd(h, 0, units, u, 0, stride, units, scratch, 0);
    k.activate(act, scratch, 0, units);
    System.arraycopy(scratch, 0, h, 0, units);
  }

  /**
   * {@link FloatKernels#simpleRnnSteps}: {@link #simpleRnn} sequence by sequence, each in its
   * scratch row; with {@code repeatable} (SimpleRnnTraining) activated by {@link
   * FloatKernels#activateRepeatably}.
   */
  static void simpleRnnBatch(
      FloatKernels k,
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] u,
      int units,
      int stride,
      float[] h,
      int sStride,
      float[] scratch,
      Activation act,
      boolean repeatable) {
    for (int b = 0; b < batch; b++) {
      int g = b * stride;
      System.arraycopy(projection, pOff + b * pStride, scratch, g, units);
      k.mulAdd(h, b * sStride, units, u, 0, stride, units, scratch, g);
      activate(k, act, scratch, g, units, repeatable);
      System.arraycopy(scratch, g, h, b * sStride, units);
    }
  }
}
