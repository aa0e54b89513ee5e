package dev.rnnc.runtime.simd;

import static dev.rnnc.runtime.simd.VectorMath.SIGMOID_CLAMP;
import static dev.rnnc.runtime.simd.VectorMath.SIG_A1;
import static dev.rnnc.runtime.simd.VectorMath.SIG_A11;
import static dev.rnnc.runtime.simd.VectorMath.SIG_A13;
import static dev.rnnc.runtime.simd.VectorMath.SIG_A3;
import static dev.rnnc.runtime.simd.VectorMath.SIG_A5;
import static dev.rnnc.runtime.simd.VectorMath.SIG_A7;
import static dev.rnnc.runtime.simd.VectorMath.SIG_A9;
import static dev.rnnc.runtime.simd.VectorMath.SIG_B2;
import static dev.rnnc.runtime.simd.VectorMath.SIG_B4;
import static dev.rnnc.runtime.simd.VectorMath.SIG_B6;
import static dev.rnnc.runtime.simd.VectorMath.TANH_A1;
import static dev.rnnc.runtime.simd.VectorMath.TANH_A11;
import static dev.rnnc.runtime.simd.VectorMath.TANH_A13;
import static dev.rnnc.runtime.simd.VectorMath.TANH_A3;
import static dev.rnnc.runtime.simd.VectorMath.TANH_A5;
import static dev.rnnc.runtime.simd.VectorMath.TANH_A7;
import static dev.rnnc.runtime.simd.VectorMath.TANH_A9;
import static dev.rnnc.runtime.simd.VectorMath.TANH_B0;
import static dev.rnnc.runtime.simd.VectorMath.TANH_B2;
import static dev.rnnc.runtime.simd.VectorMath.TANH_B4;
import static dev.rnnc.runtime.simd.VectorMath.TANH_B6;
import static dev.rnnc.runtime.simd.VectorMath.TANH_CLAMP;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LT;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The LSTM cell's update from its gate sums, {@code c = sigmoid(f)·c + sigmoid(i)·tanh(g)} and
 * {@code h = sigmoid(o)·tanh(c)} (Keras' tanh and sigmoid), for the inference steps.
 *
 * <p>It computes {@link VectorMath#fastTanh}'s rational function {@code tanh(x) ≈ x·P(x²)/Q(x²)},
 * and the sigmoid as {@code (1 + tanh(x/2))/2 = (Q + x·P)/(2Q)}, but keeps each as a numerator and
 * a denominator and divides once per state: {@code c} is one fraction of the three gates and the
 * old state, {@code h} one of the output gate and {@code tanh(c)}. That is two divisions per vector
 * of units instead of five (a 512-bit division occupies this core's divider for about 14 cycles),
 * and no activated gate stored and read back: a small layer's step became 1.06–1.1x faster
 * (docs/performance.md). Products of the denominators stay within float range: each {@code Q} lies
 * in [0.0049, 1.6] on the clamped range. The results differ from the activations taken one by one
 * by float rounding only, within {@link VectorMath#FAST_TANH_ERROR} and {@link
 * VectorMath#FAST_SIGMOID_ERROR} of the exact cell (LstmCellUpdateTest).
 *
 * <p>Every expression is written out in the loop body: no vector crosses a call of ours (see {@link
 * VectorMath}). Training keeps its own activations: its backward pass needs each gate.
 */
final class LstmCellUpdate {
  private final Lanes lanes;

  LstmCellUpdate(Lanes lanes) {
    this.lanes = lanes;
  }

  /**
   * Updates {@code c[cAt + j]} and sets {@code h[hAt + j]} for {@code j < units} from the gate sums
   * {@code i, f, o, g} at {@code gates[gAt + j + k·stride]}, {@code k = 0..3}. The gates are read
   * in whole vectors ({@code gates} holds the units rounded up to vectors in each block); {@code c}
   * and {@code h} only up to {@code units}.
   */
  void update(
      float[] gates, int gAt, int stride, float[] c, int cAt, float[] h, int hAt, int units) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    for (int j = 0; j < units; j += l) {
      // Masked loads and stores at every vector (all lanes set but in the last): a mask that
      // could be null would be boxed at the merge, an allocation a step.
      VectorMask<Float> m = s.indexInRange(j, units);
      int at = gAt + j;
      FloatVector c0 = FloatVector.fromArray(s, c, cAt + j, m);

      // sigmoid(i) = ni / (2·qi), sigmoid(f) = nf / (2·qf), tanh(g) = ng / qg
      FloatVector vi = FloatVector.fromArray(s, gates, at);
      FloatVector xi =
          vi.blend(SIGMOID_CLAMP, vi.compare(GT, SIGMOID_CLAMP))
              .blend(-SIGMOID_CLAMP, vi.compare(LT, -SIGMOID_CLAMP));
      FloatVector yi = xi.mul(xi), yi2 = yi.mul(yi);
      FloatVector qi = yi.fma(SIG_B6, SIG_B4).fma(yi2, yi.fma(SIG_B2, TANH_B0));
      FloatVector ni =
          yi2.fma(yi2.broadcast(SIG_A13), yi.fma(SIG_A11, SIG_A9))
              .fma(yi2.mul(yi2), yi.fma(SIG_A7, SIG_A5).fma(yi2, yi.fma(SIG_A3, SIG_A1)))
              .fma(xi, qi);

      FloatVector vf = FloatVector.fromArray(s, gates, at + stride);
      FloatVector xf =
          vf.blend(SIGMOID_CLAMP, vf.compare(GT, SIGMOID_CLAMP))
              .blend(-SIGMOID_CLAMP, vf.compare(LT, -SIGMOID_CLAMP));
      FloatVector yf = xf.mul(xf), yf2 = yf.mul(yf);
      FloatVector qf = yf.fma(SIG_B6, SIG_B4).fma(yf2, yf.fma(SIG_B2, TANH_B0));
      FloatVector nf =
          yf2.fma(yf2.broadcast(SIG_A13), yf.fma(SIG_A11, SIG_A9))
              .fma(yf2.mul(yf2), yf.fma(SIG_A7, SIG_A5).fma(yf2, yf.fma(SIG_A3, SIG_A1)))
              .fma(xf, qf);

      FloatVector vg = FloatVector.fromArray(s, gates, at + 3 * stride);
      FloatVector xg =
          vg.blend(TANH_CLAMP, vg.compare(GT, TANH_CLAMP))
              .blend(-TANH_CLAMP, vg.compare(LT, -TANH_CLAMP));
      FloatVector yg = xg.mul(xg), yg2 = yg.mul(yg);
      FloatVector qg = yg.fma(TANH_B6, TANH_B4).fma(yg2, yg.fma(TANH_B2, TANH_B0));
      FloatVector ng =
          yg2.fma(yg2.broadcast(TANH_A13), yg.fma(TANH_A11, TANH_A9))
              .fma(yg2.mul(yg2), yg.fma(TANH_A7, TANH_A5).fma(yg2, yg.fma(TANH_A3, TANH_A1)))
              .mul(xg);

      // c = nf·c/(2·qf) + ni·ng/(2·qi·qg) = (nf·c·qi·qg + ni·ng·qf) / (2·qf·qi·qg)
      FloatVector qig = qi.mul(qg);
      FloatVector cNew = nf.mul(c0).fma(qig, ni.mul(ng).mul(qf)).div(qig.mul(qf.add(qf)));

      // h = sigmoid(o)·tanh(c) = no·nc / (2·qo·qc)
      FloatVector vo = FloatVector.fromArray(s, gates, at + 2 * stride);
      FloatVector xo =
          vo.blend(SIGMOID_CLAMP, vo.compare(GT, SIGMOID_CLAMP))
              .blend(-SIGMOID_CLAMP, vo.compare(LT, -SIGMOID_CLAMP));
      FloatVector yo = xo.mul(xo), yo2 = yo.mul(yo);
      FloatVector qo = yo.fma(SIG_B6, SIG_B4).fma(yo2, yo.fma(SIG_B2, TANH_B0));
      FloatVector no =
          yo2.fma(yo2.broadcast(SIG_A13), yo.fma(SIG_A11, SIG_A9))
              .fma(yo2.mul(yo2), yo.fma(SIG_A7, SIG_A5).fma(yo2, yo.fma(SIG_A3, SIG_A1)))
              .fma(xo, qo);
      FloatVector xc =
          cNew.blend(TANH_CLAMP, cNew.compare(GT, TANH_CLAMP))
              .blend(-TANH_CLAMP, cNew.compare(LT, -TANH_CLAMP));
      FloatVector yc = xc.mul(xc), yc2 = yc.mul(yc);
      FloatVector qc = yc.fma(TANH_B6, TANH_B4).fma(yc2, yc.fma(TANH_B2, TANH_B0));
      FloatVector pc = // tanh(c) = xc·pc / qc; no·xc is ready first, which shortens the chain
          yc2.fma(yc2.broadcast(TANH_A13), yc.fma(TANH_A11, TANH_A9))
              .fma(yc2.mul(yc2), yc.fma(TANH_A7, TANH_A5).fma(yc2, yc.fma(TANH_A3, TANH_A1)));
      FloatVector hNew = pc.mul(no.mul(xc)).div(qo.add(qo).mul(qc));

      cNew.intoArray(c, cAt + j, m);
      hNew.intoArray(h, hAt + j, m);
    }
  }
}
