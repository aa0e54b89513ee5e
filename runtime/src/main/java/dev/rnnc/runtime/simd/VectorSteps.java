package dev.rnnc.runtime.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused recurrent steps of {@link VectorKernels}: the recurrent product, the gates and the
 * state update of one timestep, with nothing in between but the L1-hot gates scratch.
 *
 * <p>Products: units go in groups of one vector. One pass over the recurrent kernel sums the gates
 * of several groups at once, starting from the projection (no copy precedes it): four groups (16
 * LSTM, 12 GRU accumulators) with 512-bit vectors, which only AVX-512 hardware, with 32 registers,
 * runs natively; two groups (8, 6 accumulators) otherwise, within AVX2's 16 registers. A 64-unit
 * LSTM then reads each row of U as one contiguous kilobyte, measured about 1.3x faster from L2 than
 * two half-row passes. With U in {@link RecurrentPanels} the same passes run panel by panel, and a
 * pass reads its panel as one sequential stream. The products run over whole vectors of each
 * zero-padded gate block, which the {@code stride % lanes} check keeps inside the block. The
 * batched step ({@link #lstmBatch}) instead shares each load of U among up to four sequences.
 *
 * <p>Gates and update: one loop per step of the math. No vector crosses a call to a method of ours:
 * the products store their sums to the gates scratch, and the activations are {@link VectorMath}'s
 * loops over it. C2 stops inlining once a compilation reaches its node budget ({@code
 * NodeCountInliningCutoff}), which this step's large products do, and a vector that crosses a call
 * left out of line is boxed: an allocation on every step. The extra loads and stores of the gates
 * scratch cost next to nothing. State loads and stores are masked at {@code units}, so the padding
 * of {@code c} and {@code h} is never touched. The LSTM and GRU steps of inference, one sequence or
 * a batch, take their gates and update from {@link LstmCellUpdate}'s and {@link GruCellUpdate}'s
 * one loop instead (two divisions per vector of units, not five or three); training's batched step,
 * which keeps each activated gate for the backward pass, activates them one by one, so its states
 * differ from inference's by float rounding (TrainingForwardTest).
 *
 * <p>Other activations, or strides that are no lane multiple, take {@link ComposedSteps}.
 */
final class VectorSteps {
  private final Lanes lanes;
  private final VectorMath math;
  private final LstmCellUpdate cellUpdate;
  private final GruCellUpdate gruUpdate;
  private final FloatKernels kernels;

  VectorSteps(Lanes lanes, VectorMath math, FloatKernels kernels) {
    this.lanes = lanes;
    this.math = math;
    this.cellUpdate = new LstmCellUpdate(lanes);
    this.gruUpdate = new GruCellUpdate(lanes);
    this.kernels = kernels;
  }

  /** {@link FloatKernels#lstmStep}, and with {@code panels} {@link FloatKernels#lstmStepPanels}. */
  void lstm(
      float[] projection,
      int pOff,
      float[] u,
      boolean panels,
      int units,
      int stride,
      float[] c,
      float[] h,
      float[] scratch,
      Activation act,
      Activation recAct) {
    int l = lanes.species().length();
    if (act != Activation.TANH
        || recAct != Activation.SIGMOID
        || stride % l != 0
        || units > stride) {
      if (panels) {
        ComposedSteps.lstmPanels(
            kernels, projection, pOff, u, units, stride, c, h, scratch, act, recAct);
      } else {
        ComposedSteps.lstm(kernels, projection, pOff, u, units, stride, c, h, scratch, act, recAct);
      }
      return;
    }
    // Row-major U is one panel as wide as a gate block.
    int panel = panels ? RecurrentPanels.WIDTH : stride;
    for (int q0 = 0; q0 < units; q0 += panel) {
      int w = Math.min(panel, stride - q0);
      int base =
          panels ? 4 * units * q0 - q0 : 0; // U's index of (k = 0, gate 0, column a) is base + a
      int end = Math.min(q0 + w, units);
      int a = q0;
      if (l == 16) {
        for (; a + 3 * l < end; a += 4 * l) {
          lstmGates4(projection, pOff + a, u, base + a, 4 * w, w, units, stride, h, scratch, a);
        }
      }
      for (; a + l < end; a += 2 * l) {
        lstmGates2(projection, pOff + a, u, base + a, 4 * w, w, units, stride, h, scratch, a);
      }
      if (a < end) {
        lstmGates1(projection, pOff + a, u, base + a, 4 * w, w, units, stride, h, 0, scratch, a);
      }
    }
    cellUpdate.update(scratch, 0, stride, c, 0, h, 0, units);
  }

  /**
   * {@link FloatKernels#lstmSteps}: the products of up to four sequences at once (two below 512
   * bits), one group of units at a time, so that each vector of U loaded feeds an FMA per sequence:
   * 4 weight loads and 4 broadcasts per 16 FMAs, which keeps the FMA units, not L2, the limit. Then
   * each sequence's gates and update as in {@link #lstm}. In training ({@code keep} given) the sums
   * go over the projection row they started from, each gate is activated there in place, and {@code
   * tanh(c)} goes to {@code keep} as {@code h} is computed from it: the backward pass reads both
   * where they were computed, with no copies (M1's training step 1.03x faster, M2's at most 1.01x,
   * docs/performance.md).
   */
  void lstmBatch(
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
      int keepStride) {
    int l = lanes.species().length();
    if (act != Activation.TANH
        || recAct != Activation.SIGMOID
        || stride % l != 0
        || units > stride) {
      ComposedSteps.lstmBatch(
          kernels,
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
          scratch,
          act,
          recAct,
          keep,
          keepOff,
          keepStride,
          keep != null);
      return;
    }
    int width = 4 * stride;
    // training sums each sequence's gates over its projection row, where the backward pass reads
    // the activated gates, instead of in the scratch and copying them there (the scratch then
    // holds one sequence's new c)
    float[] gates = keep == null ? scratch : projection;
    int gBase = keep == null ? 0 : pOff;
    int gStride = keep == null ? width : pStride;
    int panel = panels ? RecurrentPanels.WIDTH : stride; // row-major U is one panel
    for (int q0 = 0; q0 < units; q0 += panel) {
      int w = Math.min(panel, stride - q0);
      int base =
          panels ? 4 * units * q0 - q0 : 0; // U's index of (k = 0, gate 0, column a) is base + a
      int end = Math.min(q0 + w, units);
      int b = 0;
      if (l == 16) {
        for (; b + 8 <= batch; b += 8) {
          for (int a = q0; a < end; a += l) {
            for (int first = 0; first < 4; first += 2) { // gates i and f, then o and g
              lstmGatePairOf8(
                  projection,
                  pOff + b * pStride + a,
                  pStride,
                  u,
                  base + a,
                  4 * w,
                  w,
                  first,
                  a,
                  units,
                  stride,
                  h,
                  b * sStride,
                  sStride,
                  gates,
                  gBase + b * gStride,
                  gStride);
            }
          }
        }
        for (; b + 4 <= batch; b += 4) {
          for (int a = q0; a < end; a += l) {
            lstmGatesOf4(
                projection,
                pOff + b * pStride + a,
                pStride,
                u,
                base + a,
                4 * w,
                w,
                a,
                units,
                stride,
                h,
                b * sStride,
                sStride,
                gates,
                gBase + b * gStride,
                gStride);
          }
        }
      }
      for (; b + 2 <= batch; b += 2) {
        for (int a = q0; a < end; a += l) {
          lstmGatesOf2(
              projection,
              pOff + b * pStride + a,
              pStride,
              u,
              base + a,
              4 * w,
              w,
              a,
              units,
              stride,
              h,
              b * sStride,
              sStride,
              gates,
              gBase + b * gStride,
              gStride);
        }
      }
      for (; b < batch; b++) {
        for (int a = q0; a < end; a += l) {
          lstmGates1(
              projection,
              pOff + b * pStride + a,
              u,
              base + a,
              4 * w,
              w,
              units,
              stride,
              h,
              b * sStride,
              gates,
              gBase + b * gStride + a);
        }
      }
    }
    if (keep == null) { // inference: as the one-sequence step, so a batch row equals its call
      for (int b = 0; b < batch; b++) {
        cellUpdate.update(scratch, b * width, stride, c, b * sStride, h, b * sStride, units);
      }
      return;
    }
    int used = (units + l - 1) / l * l;
    for (int b = 0; b < batch; b++) { // each gate activated in place, tanh(c) into its record
      int g = pOff + b * pStride;
      int tanhC = keepOff + b * keepStride;
      math.fastSigmoid(projection, g, g + 3 * stride);
      math.fastTanh(projection, g + 3 * stride, g + 3 * stride + used);
      cellState(projection, g, stride, c, b * sStride, scratch, units);
      math.fastTanh(scratch, 0, used);
      hiddenState(projection, g + 2 * stride, scratch, h, b * sStride, keep, tanhC, units);
    }
  }

  /**
   * Sums of two gate blocks of one group ({@code a}) for eight sequences: gates {@code first} and
   * {@code first + 1} (i and f, or o and g), arguments as {@link #lstmGatesOf4}'s. Sixteen
   * accumulators fed by two loads of U a row, so that eight sequences share each load instead of
   * four: a wide layer's U streams from L2 every step, and M2's training product (eight sequences,
   * U of 256 KB) took 6.1 µs this way against 9.8–10.7 µs in two four-sequence passes, in C on this
   * machine (docs/performance.md). Each sum runs over k in {@link #lstmGatesOf4}'s order: the same
   * bits.
   */
  private void lstmGatePairOf8(
      float[] p,
      int pAt,
      int pStride,
      float[] u,
      int uAt,
      int uRow,
      int uGate,
      int first,
      int a,
      int units,
      int stride,
      float[] h,
      int hAt,
      int hStride,
      float[] gates,
      int gAt,
      int gStride) {
    VectorSpecies<Float> s = lanes.species();
    int pa = pAt + first * stride, pb = pa + stride; // sequence 0's two sums
    FloatVector a0 = FloatVector.fromArray(s, p, pa), b0 = FloatVector.fromArray(s, p, pb);
    FloatVector a1 = FloatVector.fromArray(s, p, pa + pStride),
        b1 = FloatVector.fromArray(s, p, pb + pStride);
    FloatVector a2 = FloatVector.fromArray(s, p, pa + 2 * pStride),
        b2 = FloatVector.fromArray(s, p, pb + 2 * pStride);
    FloatVector a3 = FloatVector.fromArray(s, p, pa + 3 * pStride),
        b3 = FloatVector.fromArray(s, p, pb + 3 * pStride);
    FloatVector a4 = FloatVector.fromArray(s, p, pa + 4 * pStride),
        b4 = FloatVector.fromArray(s, p, pb + 4 * pStride);
    FloatVector a5 = FloatVector.fromArray(s, p, pa + 5 * pStride),
        b5 = FloatVector.fromArray(s, p, pb + 5 * pStride);
    FloatVector a6 = FloatVector.fromArray(s, p, pa + 6 * pStride),
        b6 = FloatVector.fromArray(s, p, pb + 6 * pStride);
    FloatVector a7 = FloatVector.fromArray(s, p, pa + 7 * pStride),
        b7 = FloatVector.fromArray(s, p, pb + 7 * pStride);
    for (int k = 0, row = uAt + first * uGate; k < units; k++, row += uRow) {
      FloatVector wa = FloatVector.fromArray(s, u, row);
      FloatVector wb = FloatVector.fromArray(s, u, row + uGate);
      FloatVector x = FloatVector.broadcast(s, h[hAt + k]);
      a0 = wa.fma(x, a0);
      b0 = wb.fma(x, b0);
      x = FloatVector.broadcast(s, h[hAt + hStride + k]);
      a1 = wa.fma(x, a1);
      b1 = wb.fma(x, b1);
      x = FloatVector.broadcast(s, h[hAt + 2 * hStride + k]);
      a2 = wa.fma(x, a2);
      b2 = wb.fma(x, b2);
      x = FloatVector.broadcast(s, h[hAt + 3 * hStride + k]);
      a3 = wa.fma(x, a3);
      b3 = wb.fma(x, b3);
      x = FloatVector.broadcast(s, h[hAt + 4 * hStride + k]);
      a4 = wa.fma(x, a4);
      b4 = wb.fma(x, b4);
      x = FloatVector.broadcast(s, h[hAt + 5 * hStride + k]);
      a5 = wa.fma(x, a5);
      b5 = wb.fma(x, b5);
      x = FloatVector.broadcast(s, h[hAt + 6 * hStride + k]);
      a6 = wa.fma(x, a6);
      b6 = wb.fma(x, b6);
      x = FloatVector.broadcast(s, h[hAt + 7 * hStride + k]);
      a7 = wa.fma(x, a7);
      b7 = wb.fma(x, b7);
    }
    int at = gAt + a + first * stride;
    a0.intoArray(gates, at);
    b0.intoArray(gates, at + stride);
    a1.intoArray(gates, at + gStride);
    b1.intoArray(gates, at + gStride + stride);
    a2.intoArray(gates, at + 2 * gStride);
    b2.intoArray(gates, at + 2 * gStride + stride);
    a3.intoArray(gates, at + 3 * gStride);
    b3.intoArray(gates, at + 3 * gStride + stride);
    a4.intoArray(gates, at + 4 * gStride);
    b4.intoArray(gates, at + 4 * gStride + stride);
    a5.intoArray(gates, at + 5 * gStride);
    b5.intoArray(gates, at + 5 * gStride + stride);
    a6.intoArray(gates, at + 6 * gStride);
    b6.intoArray(gates, at + 6 * gStride + stride);
    a7.intoArray(gates, at + 7 * gStride);
    b7.intoArray(gates, at + 7 * gStride + stride);
  }

  /**
   * Gate sums of one group ({@code a}) for four sequences: {@code pAt} is sequence 0's projection
   * offset of the group, {@code hAt} its state's, {@code gAt} its gates' ({@code gStride} floats
   * from one sequence's gates to the next's: the gates scratch's, or in training the projection's
   * own rows).
   */
  private void lstmGatesOf4(
      float[] p,
      int pAt,
      int pStride,
      float[] u,
      int uAt,
      int uRow,
      int uGate,
      int a,
      int units,
      int stride,
      float[] h,
      int hAt,
      int hStride,
      float[] gates,
      int gAt,
      int gStride) {
    VectorSpecies<Float> s = lanes.species();
    int f = stride, o = 2 * stride, g = 3 * stride;
    int p1 = pAt + pStride, p2 = p1 + pStride, p3 = p2 + pStride;
    FloatVector i0 = FloatVector.fromArray(s, p, pAt), f0 = FloatVector.fromArray(s, p, pAt + f);
    FloatVector o0 = FloatVector.fromArray(s, p, pAt + o),
        g0 = FloatVector.fromArray(s, p, pAt + g);
    FloatVector i1 = FloatVector.fromArray(s, p, p1), f1 = FloatVector.fromArray(s, p, p1 + f);
    FloatVector o1 = FloatVector.fromArray(s, p, p1 + o), g1 = FloatVector.fromArray(s, p, p1 + g);
    FloatVector i2 = FloatVector.fromArray(s, p, p2), f2 = FloatVector.fromArray(s, p, p2 + f);
    FloatVector o2 = FloatVector.fromArray(s, p, p2 + o), g2 = FloatVector.fromArray(s, p, p2 + g);
    FloatVector i3 = FloatVector.fromArray(s, p, p3), f3 = FloatVector.fromArray(s, p, p3 + f);
    FloatVector o3 = FloatVector.fromArray(s, p, p3 + o), g3 = FloatVector.fromArray(s, p, p3 + g);
    int uf = uGate, uo = 2 * uGate, ug = 3 * uGate;
    int h1 = hAt + hStride, h2 = h1 + hStride, h3 = h2 + hStride;
    for (int k = 0, row = uAt; k < units; k++, row += uRow) {
      FloatVector wi = FloatVector.fromArray(s, u, row);
      FloatVector wf = FloatVector.fromArray(s, u, row + uf);
      FloatVector wo = FloatVector.fromArray(s, u, row + uo);
      FloatVector wg = FloatVector.fromArray(s, u, row + ug);
      FloatVector x = FloatVector.broadcast(s, h[hAt + k]);
      i0 = wi.fma(x, i0);
      f0 = wf.fma(x, f0);
      o0 = wo.fma(x, o0);
      g0 = wg.fma(x, g0);
      x = FloatVector.broadcast(s, h[h1 + k]);
      i1 = wi.fma(x, i1);
      f1 = wf.fma(x, f1);
      o1 = wo.fma(x, o1);
      g1 = wg.fma(x, g1);
      x = FloatVector.broadcast(s, h[h2 + k]);
      i2 = wi.fma(x, i2);
      f2 = wf.fma(x, f2);
      o2 = wo.fma(x, o2);
      g2 = wg.fma(x, g2);
      x = FloatVector.broadcast(s, h[h3 + k]);
      i3 = wi.fma(x, i3);
      f3 = wf.fma(x, f3);
      o3 = wo.fma(x, o3);
      g3 = wg.fma(x, g3);
    }
    int at = gAt + a;
    i0.intoArray(gates, at);
    f0.intoArray(gates, at + f);
    o0.intoArray(gates, at + o);
    g0.intoArray(gates, at + g);
    at += gStride;
    i1.intoArray(gates, at);
    f1.intoArray(gates, at + f);
    o1.intoArray(gates, at + o);
    g1.intoArray(gates, at + g);
    at += gStride;
    i2.intoArray(gates, at);
    f2.intoArray(gates, at + f);
    o2.intoArray(gates, at + o);
    g2.intoArray(gates, at + g);
    at += gStride;
    i3.intoArray(gates, at);
    f3.intoArray(gates, at + f);
    o3.intoArray(gates, at + o);
    g3.intoArray(gates, at + g);
  }

  /** {@link #lstmGatesOf4} for two sequences. */
  private void lstmGatesOf2(
      float[] p,
      int pAt,
      int pStride,
      float[] u,
      int uAt,
      int uRow,
      int uGate,
      int a,
      int units,
      int stride,
      float[] h,
      int hAt,
      int hStride,
      float[] gates,
      int gAt,
      int gStride) {
    VectorSpecies<Float> s = lanes.species();
    int f = stride, o = 2 * stride, g = 3 * stride;
    int p1 = pAt + pStride;
    FloatVector i0 = FloatVector.fromArray(s, p, pAt), f0 = FloatVector.fromArray(s, p, pAt + f);
    FloatVector o0 = FloatVector.fromArray(s, p, pAt + o),
        g0 = FloatVector.fromArray(s, p, pAt + g);
    FloatVector i1 = FloatVector.fromArray(s, p, p1), f1 = FloatVector.fromArray(s, p, p1 + f);
    FloatVector o1 = FloatVector.fromArray(s, p, p1 + o), g1 = FloatVector.fromArray(s, p, p1 + g);
    int uf = uGate, uo = 2 * uGate, ug = 3 * uGate;
    int h1 = hAt + hStride;
    for (int k = 0, row = uAt; k < units; k++, row += uRow) {
      FloatVector wi = FloatVector.fromArray(s, u, row);
      FloatVector wf = FloatVector.fromArray(s, u, row + uf);
      FloatVector wo = FloatVector.fromArray(s, u, row + uo);
      FloatVector wg = FloatVector.fromArray(s, u, row + ug);
      FloatVector x = FloatVector.broadcast(s, h[hAt + k]);
      i0 = wi.fma(x, i0);
      f0 = wf.fma(x, f0);
      o0 = wo.fma(x, o0);
      g0 = wg.fma(x, g0);
      x = FloatVector.broadcast(s, h[h1 + k]);
      i1 = wi.fma(x, i1);
      f1 = wf.fma(x, f1);
      o1 = wo.fma(x, o1);
      g1 = wg.fma(x, g1);
    }
    int at = gAt + a;
    i0.intoArray(gates, at);
    f0.intoArray(gates, at + f);
    o0.intoArray(gates, at + o);
    g0.intoArray(gates, at + g);
    at += gStride;
    i1.intoArray(gates, at);
    f1.intoArray(gates, at + f);
    o1.intoArray(gates, at + o);
    g1.intoArray(gates, at + g);
  }

  /**
   * {@code gates = projection + h·U}, four gate blocks of groups {@code a .. a + 4·lanes}: {@code
   * pAt} is the projection's offset of group {@code a}; U's element (k, gate b, column {@code a} +
   * i) is {@code u[uAt + k·uRow + b·uGate + i]}, whichever the layout.
   */
  private void lstmGates4(
      float[] p,
      int pAt,
      float[] u,
      int uAt,
      int uRow,
      int uGate,
      int units,
      int stride,
      float[] h,
      float[] gates,
      int a) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    int f = stride, o = 2 * stride, g = 3 * stride;
    FloatVector i0 = FloatVector.fromArray(s, p, pAt), i1 = FloatVector.fromArray(s, p, pAt + l);
    FloatVector i2 = FloatVector.fromArray(s, p, pAt + 2 * l),
        i3 = FloatVector.fromArray(s, p, pAt + 3 * l);
    FloatVector f0 = FloatVector.fromArray(s, p, pAt + f),
        f1 = FloatVector.fromArray(s, p, pAt + f + l);
    FloatVector f2 = FloatVector.fromArray(s, p, pAt + f + 2 * l);
    FloatVector f3 = FloatVector.fromArray(s, p, pAt + f + 3 * l);
    FloatVector o0 = FloatVector.fromArray(s, p, pAt + o),
        o1 = FloatVector.fromArray(s, p, pAt + o + l);
    FloatVector o2 = FloatVector.fromArray(s, p, pAt + o + 2 * l);
    FloatVector o3 = FloatVector.fromArray(s, p, pAt + o + 3 * l);
    FloatVector g0 = FloatVector.fromArray(s, p, pAt + g),
        g1 = FloatVector.fromArray(s, p, pAt + g + l);
    FloatVector g2 = FloatVector.fromArray(s, p, pAt + g + 2 * l);
    FloatVector g3 = FloatVector.fromArray(s, p, pAt + g + 3 * l);
    int uf = uGate, uo = 2 * uGate, ug = 3 * uGate;
    for (int k = 0, row = uAt; k < units; k++, row += uRow) {
      FloatVector hk = FloatVector.broadcast(s, h[k]);
      i0 = FloatVector.fromArray(s, u, row).fma(hk, i0);
      i1 = FloatVector.fromArray(s, u, row + l).fma(hk, i1);
      i2 = FloatVector.fromArray(s, u, row + 2 * l).fma(hk, i2);
      i3 = FloatVector.fromArray(s, u, row + 3 * l).fma(hk, i3);
      f0 = FloatVector.fromArray(s, u, row + uf).fma(hk, f0);
      f1 = FloatVector.fromArray(s, u, row + uf + l).fma(hk, f1);
      f2 = FloatVector.fromArray(s, u, row + uf + 2 * l).fma(hk, f2);
      f3 = FloatVector.fromArray(s, u, row + uf + 3 * l).fma(hk, f3);
      o0 = FloatVector.fromArray(s, u, row + uo).fma(hk, o0);
      o1 = FloatVector.fromArray(s, u, row + uo + l).fma(hk, o1);
      o2 = FloatVector.fromArray(s, u, row + uo + 2 * l).fma(hk, o2);
      o3 = FloatVector.fromArray(s, u, row + uo + 3 * l).fma(hk, o3);
      g0 = FloatVector.fromArray(s, u, row + ug).fma(hk, g0);
      g1 = FloatVector.fromArray(s, u, row + ug + l).fma(hk, g1);
      g2 = FloatVector.fromArray(s, u, row + ug + 2 * l).fma(hk, g2);
      g3 = FloatVector.fromArray(s, u, row + ug + 3 * l).fma(hk, g3);
    }
    i0.intoArray(gates, a);
    i1.intoArray(gates, a + l);
    i2.intoArray(gates, a + 2 * l);
    i3.intoArray(gates, a + 3 * l);
    f0.intoArray(gates, a + f);
    f1.intoArray(gates, a + f + l);
    f2.intoArray(gates, a + f + 2 * l);
    f3.intoArray(gates, a + f + 3 * l);
    o0.intoArray(gates, a + o);
    o1.intoArray(gates, a + o + l);
    o2.intoArray(gates, a + o + 2 * l);
    o3.intoArray(gates, a + o + 3 * l);
    g0.intoArray(gates, a + g);
    g1.intoArray(gates, a + g + l);
    g2.intoArray(gates, a + g + 2 * l);
    g3.intoArray(gates, a + g + 3 * l);
  }

  /** {@link #lstmGates4} for two groups. */
  private void lstmGates2(
      float[] p,
      int pAt,
      float[] u,
      int uAt,
      int uRow,
      int uGate,
      int units,
      int stride,
      float[] h,
      float[] gates,
      int a) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    int f = stride, o = 2 * stride, g = 3 * stride;
    FloatVector i0 = FloatVector.fromArray(s, p, pAt), i1 = FloatVector.fromArray(s, p, pAt + l);
    FloatVector f0 = FloatVector.fromArray(s, p, pAt + f),
        f1 = FloatVector.fromArray(s, p, pAt + f + l);
    FloatVector o0 = FloatVector.fromArray(s, p, pAt + o),
        o1 = FloatVector.fromArray(s, p, pAt + o + l);
    FloatVector g0 = FloatVector.fromArray(s, p, pAt + g),
        g1 = FloatVector.fromArray(s, p, pAt + g + l);
    int uf = uGate, uo = 2 * uGate, ug = 3 * uGate;
    for (int k = 0, row = uAt; k < units; k++, row += uRow) {
      FloatVector hk = FloatVector.broadcast(s, h[k]);
      i0 = FloatVector.fromArray(s, u, row).fma(hk, i0);
      i1 = FloatVector.fromArray(s, u, row + l).fma(hk, i1);
      f0 = FloatVector.fromArray(s, u, row + uf).fma(hk, f0);
      f1 = FloatVector.fromArray(s, u, row + uf + l).fma(hk, f1);
      o0 = FloatVector.fromArray(s, u, row + uo).fma(hk, o0);
      o1 = FloatVector.fromArray(s, u, row + uo + l).fma(hk, o1);
      g0 = FloatVector.fromArray(s, u, row + ug).fma(hk, g0);
      g1 = FloatVector.fromArray(s, u, row + ug + l).fma(hk, g1);
    }
    i0.intoArray(gates, a);
    i1.intoArray(gates, a + l);
    f0.intoArray(gates, a + f);
    f1.intoArray(gates, a + f + l);
    o0.intoArray(gates, a + o);
    o1.intoArray(gates, a + o + l);
    g0.intoArray(gates, a + g);
    g1.intoArray(gates, a + g + l);
  }

  /**
   * {@link #lstmGates4} for one group, of the state at {@code h[hAt]}, into {@code gates[gAt + a
   * ..]}.
   */
  private void lstmGates1(
      float[] p,
      int pAt,
      float[] u,
      int uAt,
      int uRow,
      int uGate,
      int units,
      int stride,
      float[] h,
      int hAt,
      float[] gates,
      int gAt) {
    VectorSpecies<Float> s = lanes.species();
    int f = stride, o = 2 * stride, g = 3 * stride;
    FloatVector i0 = FloatVector.fromArray(s, p, pAt);
    FloatVector f0 = FloatVector.fromArray(s, p, pAt + f);
    FloatVector o0 = FloatVector.fromArray(s, p, pAt + o);
    FloatVector g0 = FloatVector.fromArray(s, p, pAt + g);
    int uf = uGate, uo = 2 * uGate, ug = 3 * uGate;
    for (int k = 0, row = uAt; k < units; k++, row += uRow) {
      FloatVector hk = FloatVector.broadcast(s, h[hAt + k]);
      i0 = FloatVector.fromArray(s, u, row).fma(hk, i0);
      f0 = FloatVector.fromArray(s, u, row + uf).fma(hk, f0);
      o0 = FloatVector.fromArray(s, u, row + uo).fma(hk, o0);
      g0 = FloatVector.fromArray(s, u, row + ug).fma(hk, g0);
    }
    i0.intoArray(gates, gAt);
    f0.intoArray(gates, gAt + f);
    o0.intoArray(gates, gAt + o);
    g0.intoArray(gates, gAt + g);
  }

  /**
   * {@code c = f * c + i * g} from the activated gates at {@code gates[gAt]}, for the state at
   * {@code c[cAt]}, masked at {@code units}; the new {@code c} also goes to the start of {@code
   * scratch}, in whole vectors, which {@link VectorMath#fastTanh} then turns into {@code tanh(c)}.
   */
  private void cellState(
      float[] gates, int gAt, int stride, float[] c, int cAt, float[] scratch, int units) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    int j = 0;
    for (; j <= units - l; j += l) {
      int at = gAt + j;
      FloatVector ig =
          FloatVector.fromArray(s, gates, at).mul(FloatVector.fromArray(s, gates, at + 3 * stride));
      FloatVector cNew =
          FloatVector.fromArray(s, gates, at + stride)
              .fma(FloatVector.fromArray(s, c, cAt + j), ig);
      cNew.intoArray(c, cAt + j);
      cNew.intoArray(scratch, j);
    }
    if (j < units) {
      int at = gAt + j;
      var m = s.indexInRange(j, units);
      FloatVector ig =
          FloatVector.fromArray(s, gates, at).mul(FloatVector.fromArray(s, gates, at + 3 * stride));
      FloatVector cNew =
          FloatVector.fromArray(s, gates, at + stride)
              .fma(FloatVector.fromArray(s, c, cAt + j, m), ig);
      cNew.intoArray(c, cAt + j, m);
      cNew.intoArray(scratch, j);
    }
  }

  /**
   * {@code h = o * tanh(c)} for the state at {@code h[hAt]}, from the output gate at {@code o[oAt]}
   * and {@code tanh(c)} at the start of {@code scratch}, which also goes to {@code keep[keepAt]}
   * for the backward pass; masked at {@code units}.
   */
  private void hiddenState(
      float[] o,
      int oAt,
      float[] scratch,
      float[] h,
      int hAt,
      float[] keep,
      int keepAt,
      int units) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    int j = 0;
    for (; j <= units - l; j += l) {
      FloatVector t = FloatVector.fromArray(s, scratch, j);
      FloatVector.fromArray(s, o, oAt + j).mul(t).intoArray(h, hAt + j);
      t.intoArray(keep, keepAt + j);
    }
    if (j < units) {
      var m = s.indexInRange(j, units);
      FloatVector t = FloatVector.fromArray(s, scratch, j);
      FloatVector.fromArray(s, o, oAt + j).mul(t).intoArray(h, hAt + j, m);
      t.intoArray(keep, keepAt + j, m);
    }
  }

  /** {@link FloatKernels#gruStep}, and with {@code panels} {@link FloatKernels#gruStepPanels}. */
  void gru(
      float[] projection,
      int pOff,
      float[] u,
      boolean panels,
      float[] recurrentBias,
      int rbOff,
      int units,
      int stride,
      float[] h,
      float[] scratch,
      Activation act,
      Activation recAct) {
    int l = lanes.species().length();
    if (act != Activation.TANH
        || recAct != Activation.SIGMOID
        || recurrentBias == null
        || stride % l != 0
        || units > stride) {
      if (panels) {
        ComposedSteps.gruPanels(
            kernels,
            projection,
            pOff,
            u,
            recurrentBias,
            rbOff,
            units,
            stride,
            h,
            scratch,
            act,
            recAct);
      } else {
        ComposedSteps.gru(
            kernels,
            projection,
            pOff,
            u,
            recurrentBias,
            rbOff,
            units,
            stride,
            h,
            scratch,
            act,
            recAct);
      }
      return;
    }
    int panel = panels ? RecurrentPanels.WIDTH : stride; // row-major U is one panel
    for (int q0 = 0; q0 < units; q0 += panel) {
      int w = Math.min(panel, stride - q0);
      int base = panels ? 3 * units * q0 - q0 : 0;
      int end = Math.min(q0 + w, units);
      int a = q0;
      if (l == 16) {
        for (; a + 3 * l < end; a += 4 * l) {
          gruGates4(
              projection,
              pOff + a,
              u,
              base + a,
              3 * w,
              w,
              recurrentBias,
              rbOff + a,
              a,
              units,
              stride,
              h,
              scratch);
        }
      }
      for (; a + l < end; a += 2 * l) {
        gruGates2(
            projection,
            pOff + a,
            u,
            base + a,
            3 * w,
            w,
            recurrentBias,
            rbOff + a,
            a,
            units,
            stride,
            h,
            scratch);
      }
      if (a < end) {
        gruGates1(
            projection,
            pOff + a,
            u,
            base + a,
            3 * w,
            w,
            recurrentBias,
            rbOff + a,
            a,
            units,
            stride,
            h,
            0,
            scratch,
            0);
      }
    }
    gruUpdate.update(scratch, 0, stride, projection, pOff + 2 * stride, h, 0, units);
  }

  /**
   * {@link FloatKernels#gruSteps}: the products of up to four sequences at once (two below 512
   * bits), one group of units at a time, as {@link #lstmBatch} does (4 weight loads and 4
   * broadcasts per 12 FMAs); then each sequence's gates and update as in {@link #gru}.
   */
  void gruBatch(
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
    int l = lanes.species().length();
    if (act != Activation.TANH
        || recAct != Activation.SIGMOID
        || recurrentBias == null
        || stride % l != 0
        || units > stride) {
      ComposedSteps.gruBatch(
          kernels,
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
          scratch,
          act,
          recAct,
          keep,
          keepOff,
          keepStride);
      return;
    }
    int width = 3 * stride;
    int panel = panels ? RecurrentPanels.WIDTH : stride; // row-major U is one panel
    for (int q0 = 0; q0 < units; q0 += panel) {
      int w = Math.min(panel, stride - q0);
      int base = panels ? 3 * units * q0 - q0 : 0;
      int end = Math.min(q0 + w, units);
      int b = 0;
      if (l == 16) {
        for (; b + 4 <= batch; b += 4) {
          for (int a = q0; a < end; a += l) {
            gruGatesOf4(
                projection,
                pOff + b * pStride + a,
                pStride,
                u,
                base + a,
                3 * w,
                w,
                a,
                units,
                stride,
                recurrentBias,
                rbOff + a,
                h,
                b * sStride,
                sStride,
                scratch,
                b * width);
          }
        }
      }
      for (; b + 2 <= batch; b += 2) {
        for (int a = q0; a < end; a += l) {
          gruGatesOf2(
              projection,
              pOff + b * pStride + a,
              pStride,
              u,
              base + a,
              3 * w,
              w,
              a,
              units,
              stride,
              recurrentBias,
              rbOff + a,
              h,
              b * sStride,
              sStride,
              scratch,
              b * width);
        }
      }
      for (; b < batch; b++) {
        for (int a = q0; a < end; a += l) {
          gruGates1(
              projection,
              pOff + b * pStride + a,
              u,
              base + a,
              3 * w,
              w,
              recurrentBias,
              rbOff + a,
              a,
              units,
              stride,
              h,
              b * sStride,
              scratch,
              b * width);
        }
      }
    }
    int used = (units + l - 1) / l * l;
    for (int b = 0; b < batch; b++) {
      int g = b * width;
      int x = pOff + b * pStride;
      if (keep == null) { // inference: the single step's update, so a row equals its single call
        gruUpdate.update(scratch, g, stride, projection, x + 2 * stride, h, b * sStride, units);
        continue;
      }
      math.fastSigmoid(scratch, g, g + stride + used);
      if (keep != null) { // z and r over the row's z and r (mx_h, still to be read, stays)
        System.arraycopy(scratch, g, projection, x, 2 * stride);
        System.arraycopy(scratch, g + 2 * stride, keep, keepOff + b * keepStride, units);
      }
      candidateInput(projection, x + 2 * stride, scratch, g, stride, used);
      math.fastTanh(scratch, g + stride, g + stride + used);
      if (keep != null) {
        System.arraycopy(scratch, g + stride, projection, x + 2 * stride, units);
      }
      blend(scratch, g, stride, h, b * sStride, units);
    }
  }

  /**
   * GRU gate sums of one group ({@code a}) for four sequences, started as {@link #gruGates4} starts
   * them: {@code pAt} is sequence 0's projection offset of the group, {@code hAt} its state's,
   * {@code gAt} its gates'.
   */
  private void gruGatesOf4(
      float[] p,
      int pAt,
      int pStride,
      float[] u,
      int uAt,
      int uRow,
      int uGate,
      int a,
      int units,
      int stride,
      float[] rb,
      int rbAt,
      float[] h,
      int hAt,
      int hStride,
      float[] gates,
      int gAt) {
    VectorSpecies<Float> s = lanes.species();
    int r = stride, n = 2 * stride, width = 3 * stride;
    FloatVector bz = FloatVector.fromArray(s, rb, rbAt),
        br = FloatVector.fromArray(s, rb, rbAt + r);
    FloatVector bn = FloatVector.fromArray(s, rb, rbAt + n);
    int p1 = pAt + pStride, p2 = p1 + pStride, p3 = p2 + pStride;
    FloatVector z0 = FloatVector.fromArray(s, p, pAt).add(bz);
    FloatVector r0 = FloatVector.fromArray(s, p, pAt + r).add(br);
    FloatVector z1 = FloatVector.fromArray(s, p, p1).add(bz);
    FloatVector r1 = FloatVector.fromArray(s, p, p1 + r).add(br);
    FloatVector z2 = FloatVector.fromArray(s, p, p2).add(bz);
    FloatVector r2 = FloatVector.fromArray(s, p, p2 + r).add(br);
    FloatVector z3 = FloatVector.fromArray(s, p, p3).add(bz);
    FloatVector r3 = FloatVector.fromArray(s, p, p3 + r).add(br);
    FloatVector n0 = bn, n1 = bn, n2 = bn, n3 = bn;
    int h1 = hAt + hStride, h2 = h1 + hStride, h3 = h2 + hStride;
    for (int k = 0, row = uAt; k < units; k++, row += uRow) {
      FloatVector wz = FloatVector.fromArray(s, u, row);
      FloatVector wr = FloatVector.fromArray(s, u, row + uGate);
      FloatVector wn = FloatVector.fromArray(s, u, row + 2 * uGate);
      FloatVector x = FloatVector.broadcast(s, h[hAt + k]);
      z0 = wz.fma(x, z0);
      r0 = wr.fma(x, r0);
      n0 = wn.fma(x, n0);
      x = FloatVector.broadcast(s, h[h1 + k]);
      z1 = wz.fma(x, z1);
      r1 = wr.fma(x, r1);
      n1 = wn.fma(x, n1);
      x = FloatVector.broadcast(s, h[h2 + k]);
      z2 = wz.fma(x, z2);
      r2 = wr.fma(x, r2);
      n2 = wn.fma(x, n2);
      x = FloatVector.broadcast(s, h[h3 + k]);
      z3 = wz.fma(x, z3);
      r3 = wr.fma(x, r3);
      n3 = wn.fma(x, n3);
    }
    int at = gAt + a;
    z0.intoArray(gates, at);
    r0.intoArray(gates, at + r);
    n0.intoArray(gates, at + n);
    at += width;
    z1.intoArray(gates, at);
    r1.intoArray(gates, at + r);
    n1.intoArray(gates, at + n);
    at += width;
    z2.intoArray(gates, at);
    r2.intoArray(gates, at + r);
    n2.intoArray(gates, at + n);
    at += width;
    z3.intoArray(gates, at);
    r3.intoArray(gates, at + r);
    n3.intoArray(gates, at + n);
  }

  /** {@link #gruGatesOf4} for two sequences. */
  private void gruGatesOf2(
      float[] p,
      int pAt,
      int pStride,
      float[] u,
      int uAt,
      int uRow,
      int uGate,
      int a,
      int units,
      int stride,
      float[] rb,
      int rbAt,
      float[] h,
      int hAt,
      int hStride,
      float[] gates,
      int gAt) {
    VectorSpecies<Float> s = lanes.species();
    int r = stride, n = 2 * stride, width = 3 * stride;
    FloatVector bz = FloatVector.fromArray(s, rb, rbAt),
        br = FloatVector.fromArray(s, rb, rbAt + r);
    FloatVector bn = FloatVector.fromArray(s, rb, rbAt + n);
    int p1 = pAt + pStride;
    FloatVector z0 = FloatVector.fromArray(s, p, pAt).add(bz);
    FloatVector r0 = FloatVector.fromArray(s, p, pAt + r).add(br);
    FloatVector z1 = FloatVector.fromArray(s, p, p1).add(bz);
    FloatVector r1 = FloatVector.fromArray(s, p, p1 + r).add(br);
    FloatVector n0 = bn, n1 = bn;
    int h1 = hAt + hStride;
    for (int k = 0, row = uAt; k < units; k++, row += uRow) {
      FloatVector wz = FloatVector.fromArray(s, u, row);
      FloatVector wr = FloatVector.fromArray(s, u, row + uGate);
      FloatVector wn = FloatVector.fromArray(s, u, row + 2 * uGate);
      FloatVector x = FloatVector.broadcast(s, h[hAt + k]);
      z0 = wz.fma(x, z0);
      r0 = wr.fma(x, r0);
      n0 = wn.fma(x, n0);
      x = FloatVector.broadcast(s, h[h1 + k]);
      z1 = wz.fma(x, z1);
      r1 = wr.fma(x, r1);
      n1 = wn.fma(x, n1);
    }
    int at = gAt + a;
    z0.intoArray(gates, at);
    r0.intoArray(gates, at + r);
    n0.intoArray(gates, at + n);
    at += width;
    z1.intoArray(gates, at);
    r1.intoArray(gates, at + r);
    n1.intoArray(gates, at + n);
  }

  /**
   * The GRU's gate sums for groups {@code a .. a + 4·lanes}, U addressed as in {@link #lstmGates4}:
   * update and reset start from {@code mx + b_rec}, the candidate from {@code b_rec} alone, since
   * the reset gate multiplies {@code h·U_h + b_rec,h} before {@code mx_h} is added.
   */
  private void gruGates4(
      float[] p,
      int pAt,
      float[] u,
      int uAt,
      int uRow,
      int uGate,
      float[] rb,
      int rbAt,
      int a,
      int units,
      int stride,
      float[] h,
      float[] gates) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    int r = stride, n = 2 * stride;
    FloatVector z0 = FloatVector.fromArray(s, p, pAt).add(FloatVector.fromArray(s, rb, rbAt));
    FloatVector z1 =
        FloatVector.fromArray(s, p, pAt + l).add(FloatVector.fromArray(s, rb, rbAt + l));
    FloatVector z2 =
        FloatVector.fromArray(s, p, pAt + 2 * l).add(FloatVector.fromArray(s, rb, rbAt + 2 * l));
    FloatVector z3 =
        FloatVector.fromArray(s, p, pAt + 3 * l).add(FloatVector.fromArray(s, rb, rbAt + 3 * l));
    FloatVector r0 =
        FloatVector.fromArray(s, p, pAt + r).add(FloatVector.fromArray(s, rb, rbAt + r));
    FloatVector r1 =
        FloatVector.fromArray(s, p, pAt + r + l).add(FloatVector.fromArray(s, rb, rbAt + r + l));
    FloatVector r2 =
        FloatVector.fromArray(s, p, pAt + r + 2 * l)
            .add(FloatVector.fromArray(s, rb, rbAt + r + 2 * l));
    FloatVector r3 =
        FloatVector.fromArray(s, p, pAt + r + 3 * l)
            .add(FloatVector.fromArray(s, rb, rbAt + r + 3 * l));
    FloatVector n0 = FloatVector.fromArray(s, rb, rbAt + n),
        n1 = FloatVector.fromArray(s, rb, rbAt + n + l);
    FloatVector n2 = FloatVector.fromArray(s, rb, rbAt + n + 2 * l);
    FloatVector n3 = FloatVector.fromArray(s, rb, rbAt + n + 3 * l);
    int ur = uGate, un = 2 * uGate;
    for (int k = 0, row = uAt; k < units; k++, row += uRow) {
      FloatVector hk = FloatVector.broadcast(s, h[k]);
      z0 = FloatVector.fromArray(s, u, row).fma(hk, z0);
      z1 = FloatVector.fromArray(s, u, row + l).fma(hk, z1);
      z2 = FloatVector.fromArray(s, u, row + 2 * l).fma(hk, z2);
      z3 = FloatVector.fromArray(s, u, row + 3 * l).fma(hk, z3);
      r0 = FloatVector.fromArray(s, u, row + ur).fma(hk, r0);
      r1 = FloatVector.fromArray(s, u, row + ur + l).fma(hk, r1);
      r2 = FloatVector.fromArray(s, u, row + ur + 2 * l).fma(hk, r2);
      r3 = FloatVector.fromArray(s, u, row + ur + 3 * l).fma(hk, r3);
      n0 = FloatVector.fromArray(s, u, row + un).fma(hk, n0);
      n1 = FloatVector.fromArray(s, u, row + un + l).fma(hk, n1);
      n2 = FloatVector.fromArray(s, u, row + un + 2 * l).fma(hk, n2);
      n3 = FloatVector.fromArray(s, u, row + un + 3 * l).fma(hk, n3);
    }
    z0.intoArray(gates, a);
    z1.intoArray(gates, a + l);
    z2.intoArray(gates, a + 2 * l);
    z3.intoArray(gates, a + 3 * l);
    r0.intoArray(gates, a + r);
    r1.intoArray(gates, a + r + l);
    r2.intoArray(gates, a + r + 2 * l);
    r3.intoArray(gates, a + r + 3 * l);
    n0.intoArray(gates, a + n);
    n1.intoArray(gates, a + n + l);
    n2.intoArray(gates, a + n + 2 * l);
    n3.intoArray(gates, a + n + 3 * l);
  }

  /** {@link #gruGates4} for two groups. */
  private void gruGates2(
      float[] p,
      int pAt,
      float[] u,
      int uAt,
      int uRow,
      int uGate,
      float[] rb,
      int rbAt,
      int a,
      int units,
      int stride,
      float[] h,
      float[] gates) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    int r = stride, n = 2 * stride;
    FloatVector z0 = FloatVector.fromArray(s, p, pAt).add(FloatVector.fromArray(s, rb, rbAt));
    FloatVector z1 =
        FloatVector.fromArray(s, p, pAt + l).add(FloatVector.fromArray(s, rb, rbAt + l));
    FloatVector r0 =
        FloatVector.fromArray(s, p, pAt + r).add(FloatVector.fromArray(s, rb, rbAt + r));
    FloatVector r1 =
        FloatVector.fromArray(s, p, pAt + r + l).add(FloatVector.fromArray(s, rb, rbAt + r + l));
    FloatVector n0 = FloatVector.fromArray(s, rb, rbAt + n),
        n1 = FloatVector.fromArray(s, rb, rbAt + n + l);
    int ur = uGate, un = 2 * uGate;
    for (int k = 0, row = uAt; k < units; k++, row += uRow) {
      FloatVector hk = FloatVector.broadcast(s, h[k]);
      z0 = FloatVector.fromArray(s, u, row).fma(hk, z0);
      z1 = FloatVector.fromArray(s, u, row + l).fma(hk, z1);
      r0 = FloatVector.fromArray(s, u, row + ur).fma(hk, r0);
      r1 = FloatVector.fromArray(s, u, row + ur + l).fma(hk, r1);
      n0 = FloatVector.fromArray(s, u, row + un).fma(hk, n0);
      n1 = FloatVector.fromArray(s, u, row + un + l).fma(hk, n1);
    }
    z0.intoArray(gates, a);
    z1.intoArray(gates, a + l);
    r0.intoArray(gates, a + r);
    r1.intoArray(gates, a + r + l);
    n0.intoArray(gates, a + n);
    n1.intoArray(gates, a + n + l);
  }

  /**
   * {@link #gruGates4} for one group, of the state at {@code h[hAt]}, into {@code gates[gAt + a
   * ..]}.
   */
  private void gruGates1(
      float[] p,
      int pAt,
      float[] u,
      int uAt,
      int uRow,
      int uGate,
      float[] rb,
      int rbAt,
      int a,
      int units,
      int stride,
      float[] h,
      int hAt,
      float[] gates,
      int gAt) {
    VectorSpecies<Float> s = lanes.species();
    int r = stride, n = 2 * stride;
    FloatVector z0 = FloatVector.fromArray(s, p, pAt).add(FloatVector.fromArray(s, rb, rbAt));
    FloatVector r0 =
        FloatVector.fromArray(s, p, pAt + r).add(FloatVector.fromArray(s, rb, rbAt + r));
    FloatVector n0 = FloatVector.fromArray(s, rb, rbAt + n);
    int ur = uGate, un = 2 * uGate;
    for (int k = 0, row = uAt; k < units; k++, row += uRow) {
      FloatVector hk = FloatVector.broadcast(s, h[hAt + k]);
      z0 = FloatVector.fromArray(s, u, row).fma(hk, z0);
      r0 = FloatVector.fromArray(s, u, row + ur).fma(hk, r0);
      n0 = FloatVector.fromArray(s, u, row + un).fma(hk, n0);
    }
    z0.intoArray(gates, gAt + a);
    r0.intoArray(gates, gAt + a + r);
    n0.intoArray(gates, gAt + a + n);
  }

  /**
   * The candidate's pre-activation {@code mx_h + r * (h·U_h + b_rec,h)}, into the reset gate's
   * block of the gates at {@code gates[gAt]}.
   */
  private void candidateInput(float[] mx, int mxAt, float[] gates, int gAt, int stride, int used) {
    VectorSpecies<Float> s = lanes.species();
    for (int j = gAt; j < gAt + used; j += s.length()) {
      FloatVector r = FloatVector.fromArray(s, gates, j + stride);
      FloatVector n = FloatVector.fromArray(s, gates, j + 2 * stride);
      r.fma(n, FloatVector.fromArray(s, mx, mxAt + j - gAt)).intoArray(gates, j + stride);
    }
  }

  /**
   * {@code h = z * h + (1 - z) * hh}, as {@code hh + z * (h - hh)}, with {@code hh} in the reset
   * gate's block, for the gates at {@code gates[gAt]} and the state at {@code h[hAt]}; masked at
   * {@code units}.
   */
  private void blend(float[] gates, int gAt, int stride, float[] h, int hAt, int units) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    int j = 0;
    for (; j <= units - l; j += l) {
      FloatVector hh = FloatVector.fromArray(s, gates, gAt + j + stride);
      FloatVector.fromArray(s, gates, gAt + j)
          .fma(FloatVector.fromArray(s, h, hAt + j).sub(hh), hh)
          .intoArray(h, hAt + j);
    }
    if (j < units) {
      var m = s.indexInRange(j, units);
      FloatVector hh = FloatVector.fromArray(s, gates, gAt + j + stride);
      FloatVector.fromArray(s, gates, gAt + j)
          .fma(FloatVector.fromArray(s, h, hAt + j, m).sub(hh), hh)
          .intoArray(h, hAt + j, m);
    }
  }

  /** {@link FloatKernels#simpleRnnStep}. */
  void simpleRnn(
      float[] projection,
      int pOff,
      float[] u,
      int units,
      int stride,
      float[] h,
      float[] scratch,
      Activation act) {
    int l = lanes.species().length();
    if (act != Activation.TANH || stride % l != 0 || units > stride) {
      ComposedSteps.simpleRnn(kernels, projection, pOff, u, units, stride, h, scratch, act);
      return;
    }
    if (units <= 2 * l && units % l == 0) {
      // One pass of sums reads all of h before it stores: it can store into h itself, and the
      // tanh run in place there, with no scratch round trip or copy on the step's chain.
      rnnSums2(projection, pOff, u, 0, units, stride, h, h);
      math.fastTanh(h, 0, units);
      return;
    }
    for (int a = 0; a < units; a += 2 * l) {
      rnnSums2(projection, pOff + a, u, a, units, stride, h, scratch);
    }
    math.fastTanh(scratch, 0, (units + l - 1) / l * l);
    System.arraycopy(scratch, 0, h, 0, units);
  }

  /**
   * {@link FloatKernels#simpleRnnSteps}: every sequence's {@code h·U} as one matrix product over
   * the states (the product kernel's four-row blocks share each load of U among four sequences),
   * then per sequence the projection added, the tanh, and the new state. With {@code repeatable}
   * (training) a composed step activates with {@link FloatKernels#activateRepeatably}.
   */
  void simpleRnnBatch(
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
    int l = lanes.species().length();
    if (act != Activation.TANH || stride % l != 0 || units > stride) {
      ComposedSteps.simpleRnnBatch(
          kernels,
          batch,
          projection,
          pOff,
          pStride,
          u,
          units,
          stride,
          h,
          sStride,
          scratch,
          act,
          repeatable);
      return;
    }
    int used = (units + l - 1) / l * l;
    kernels.matmul(h, 0, sStride, batch, units, u, 0, stride, used, null, 0, scratch, 0, stride);
    for (int b = 0; b < batch; b++) {
      int g = b * stride;
      kernels.add(scratch, g, projection, pOff + b * pStride, scratch, g, used);
      math.fastTanh(scratch, g, g + used);
      System.arraycopy(scratch, g, h, b * sStride, units);
    }
  }

  /**
   * {@code out = projection + h·U} for groups {@code a} and {@code a + lanes}; with one group left,
   * the second accumulators repeat the first (smaller code than a one-group copy). Two accumulators
   * would leave the FMA latency exposed, so the sum over {@code k} is split four ways and added up
   * at the end.
   */
  private void rnnSums2(
      float[] p, int pAt, float[] u, int a, int units, int stride, float[] h, float[] out) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    int b = a + l < units ? a + l : a;
    FloatVector zero = FloatVector.zero(s);
    FloatVector a0 = FloatVector.fromArray(s, p, pAt), a1 = zero, a2 = zero, a3 = zero;
    FloatVector b0 = FloatVector.fromArray(s, p, pAt + b - a), b1 = zero, b2 = zero, b3 = zero;
    int k = 0;
    int ra = a, rb = b;
    for (; k + 4 <= units; k += 4, ra += 4 * stride, rb += 4 * stride) {
      FloatVector h0 = FloatVector.broadcast(s, h[k]);
      FloatVector h1 = FloatVector.broadcast(s, h[k + 1]);
      FloatVector h2 = FloatVector.broadcast(s, h[k + 2]);
      FloatVector h3 = FloatVector.broadcast(s, h[k + 3]);
      a0 = FloatVector.fromArray(s, u, ra).fma(h0, a0);
      b0 = FloatVector.fromArray(s, u, rb).fma(h0, b0);
      a1 = FloatVector.fromArray(s, u, ra + stride).fma(h1, a1);
      b1 = FloatVector.fromArray(s, u, rb + stride).fma(h1, b1);
      a2 = FloatVector.fromArray(s, u, ra + 2 * stride).fma(h2, a2);
      b2 = FloatVector.fromArray(s, u, rb + 2 * stride).fma(h2, b2);
      a3 = FloatVector.fromArray(s, u, ra + 3 * stride).fma(h3, a3);
      b3 = FloatVector.fromArray(s, u, rb + 3 * stride).fma(h3, b3);
    }
    for (; k < units; k++, ra += stride, rb += stride) {
      FloatVector hk = FloatVector.broadcast(s, h[k]);
      a0 = FloatVector.fromArray(s, u, ra).fma(hk, a0);
      b0 = FloatVector.fromArray(s, u, rb).fma(hk, b0);
    }
    a0.add(a1).add(a2.add(a3)).intoArray(out, a);
    b0.add(b1).add(b2.add(b3)).intoArray(out, b);
  }
}
