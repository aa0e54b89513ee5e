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
 * The {@code reset_after} GRU cell's update from its gate sums, with Keras' tanh and sigmoid, for
 * the inference steps: {@code r = sigmoid(r sum)}, {@code n = tanh(x·W_n + r·(h·U_n + b_n))},
 * {@code z = sigmoid(z sum)}, {@code h = z·h + (1 - z)·n}.
 *
 * <p>As {@link LstmCellUpdate} does for the LSTM, it keeps the fast sigmoid and tanh as numerator
 * and denominator and divides twice per vector of units instead of three times: once for the
 * candidate's input ({@code r} enters it inside the tanh), once for {@code h = (2·qz·P + nz·(h·qa −
 * P)) / (2·qz·qa)}, where {@code z = nz/(2·qz)} and {@code n = P/qa}. Everything stays in
 * registers: the gates are not activated into the scratch and read back. The results differ from
 * the activations taken one by one by float rounding only, within {@link
 * VectorMath#FAST_TANH_ERROR} and {@link VectorMath#FAST_SIGMOID_ERROR} of the exact cell
 * (GruCellUpdateTest).
 *
 * <p>Every expression is written out in the loop body: no vector crosses a call of ours (see {@link
 * VectorMath}). Training keeps its own activations: its backward pass needs each gate.
 */
final class GruCellUpdate {
  private final Lanes lanes;

  GruCellUpdate(Lanes lanes) {
    this.lanes = lanes;
  }

  /**
   * Sets {@code h[hAt + j]} for {@code j < units} from the gate sums at {@code gates[gAt + j]} (z,
   * with its input projection and biases), {@code gates[gAt + stride + j]} (r, likewise) and {@code
   * gates[gAt + 2·stride + j]} ({@code h·U_n + b_n}), and the candidate's input projection {@code
   * x·W_n + b} at {@code projection[nAt + j]}. The gates and the projection are read in whole
   * vectors; {@code h} only up to {@code units}.
   */
  void update(
      float[] gates,
      int gAt,
      int stride,
      float[] projection,
      int nAt,
      float[] h,
      int hAt,
      int units) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    for (int j = 0; j < units; j += l) {
      // Masked loads and stores at every vector (all lanes set but in the last): a mask that
      // could be null would be boxed at the merge, an allocation a step.
      VectorMask<Float> m = s.indexInRange(j, units);
      int at = gAt + j;
      FloatVector h0 = FloatVector.fromArray(s, h, hAt + j, m);

      // sigmoid(r) = nr / (2·qr); the candidate's input a = x·W_n + r·(h·U_n + b_n)
      FloatVector vr = FloatVector.fromArray(s, gates, at + stride);
      FloatVector xr =
          vr.blend(SIGMOID_CLAMP, vr.compare(GT, SIGMOID_CLAMP))
              .blend(-SIGMOID_CLAMP, vr.compare(LT, -SIGMOID_CLAMP));
      FloatVector yr = xr.mul(xr), yr2 = yr.mul(yr);
      FloatVector qr = yr.fma(SIG_B6, SIG_B4).fma(yr2, yr.fma(SIG_B2, TANH_B0));
      FloatVector nr =
          yr2.fma(yr2.broadcast(SIG_A13), yr.fma(SIG_A11, SIG_A9))
              .fma(yr2.mul(yr2), yr.fma(SIG_A7, SIG_A5).fma(yr2, yr.fma(SIG_A3, SIG_A1)))
              .fma(xr, qr);
      FloatVector a =
          nr.mul(FloatVector.fromArray(s, gates, at + 2 * stride))
              .div(qr.add(qr))
              .add(FloatVector.fromArray(s, projection, nAt + j));

      // sigmoid(z) = nz / (2·qz), tanh(a) = P / qa
      FloatVector vz = FloatVector.fromArray(s, gates, at);
      FloatVector xz =
          vz.blend(SIGMOID_CLAMP, vz.compare(GT, SIGMOID_CLAMP))
              .blend(-SIGMOID_CLAMP, vz.compare(LT, -SIGMOID_CLAMP));
      FloatVector yz = xz.mul(xz), yz2 = yz.mul(yz);
      FloatVector qz = yz.fma(SIG_B6, SIG_B4).fma(yz2, yz.fma(SIG_B2, TANH_B0));
      FloatVector nz =
          yz2.fma(yz2.broadcast(SIG_A13), yz.fma(SIG_A11, SIG_A9))
              .fma(yz2.mul(yz2), yz.fma(SIG_A7, SIG_A5).fma(yz2, yz.fma(SIG_A3, SIG_A1)))
              .fma(xz, qz);
      FloatVector xa =
          a.blend(TANH_CLAMP, a.compare(GT, TANH_CLAMP))
              .blend(-TANH_CLAMP, a.compare(LT, -TANH_CLAMP));
      FloatVector ya = xa.mul(xa), ya2 = ya.mul(ya);
      FloatVector qa = ya.fma(TANH_B6, TANH_B4).fma(ya2, ya.fma(TANH_B2, TANH_B0));
      FloatVector p =
          ya2.fma(ya2.broadcast(TANH_A13), ya.fma(TANH_A11, TANH_A9))
              .fma(ya2.mul(ya2), ya.fma(TANH_A7, TANH_A5).fma(ya2, ya.fma(TANH_A3, TANH_A1)))
              .mul(xa);

      // h = n + z·(h - n) = (2·qz·P + nz·(h·qa - P)) / (2·qz·qa)
      FloatVector qz2 = qz.add(qz);
      FloatVector hNew = h0.fma(qa, p.neg()).fma(nz, qz2.mul(p)).div(qz2.mul(qa));
      hNew.intoArray(h, hAt + j, m);
    }
  }
}
