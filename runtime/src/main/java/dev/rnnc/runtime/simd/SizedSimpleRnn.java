package dev.rnnc.runtime.simd;

import java.lang.invoke.MethodHandles;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Template of {@link SizedSteps#simpleRnn}, never loaded as itself: each hidden class defined from
 * these bytes reads its sizes from its class data into {@code static final} fields, which C2 folds.
 * The step is {@link VectorSteps}'s one-pass form for one or two groups of units (both groups' sums
 * in registers, split four ways over {@code k}), stored into {@code h}, then the fast tanh in
 * place. With the sizes constant, the {@code k} loop (8 iterations for 32 units) unrolls fully and
 * every bounds check goes.
 */
final class SizedSimpleRnn implements SimpleRnnStep {
  private static final VectorSpecies<Float> SPECIES;
  private static final VectorMath MATH;
  private static final int UNITS;
  private static final int STRIDE;

  /**
   * Offset of the second group of units, or 0 when there is one (its sums then repeat the first's).
   */
  private static final int SECOND;

  static {
    SizedSteps.Sizes sizes = SizedSteps.sizesOf(MethodHandles.lookup());
    SPECIES = sizes.lanes().species();
    MATH = new VectorMath(sizes.lanes());
    UNITS = sizes.units();
    STRIDE = sizes.stride();
    SECOND = UNITS > SPECIES.length() ? SPECIES.length() : 0;
  }

  @Override
  public void step(float[] projection, int offset, float[] u, float[] h, float[] scratch) {
    VectorSpecies<Float> s = SPECIES;
    int b = SECOND;
    FloatVector zero = FloatVector.zero(s);
    FloatVector a0 = FloatVector.fromArray(s, projection, offset), a1 = zero, a2 = zero, a3 = zero;
    FloatVector b0 = FloatVector.fromArray(s, projection, offset + b),
        b1 = zero,
        b2 = zero,
        b3 = zero;
    for (int k = 0; k < UNITS; k += 4) {
      int row = k * STRIDE;
      FloatVector h0 = FloatVector.broadcast(s, h[k]);
      FloatVector h1 = FloatVector.broadcast(s, h[k + 1]);
      FloatVector h2 = FloatVector.broadcast(s, h[k + 2]);
      FloatVector h3 = FloatVector.broadcast(s, h[k + 3]);
      a0 = FloatVector.fromArray(s, u, row).fma(h0, a0);
      b0 = FloatVector.fromArray(s, u, row + b).fma(h0, b0);
      a1 = FloatVector.fromArray(s, u, row + STRIDE).fma(h1, a1);
      b1 = FloatVector.fromArray(s, u, row + STRIDE + b).fma(h1, b1);
      a2 = FloatVector.fromArray(s, u, row + 2 * STRIDE).fma(h2, a2);
      b2 = FloatVector.fromArray(s, u, row + 2 * STRIDE + b).fma(h2, b2);
      a3 = FloatVector.fromArray(s, u, row + 3 * STRIDE).fma(h3, a3);
      b3 = FloatVector.fromArray(s, u, row + 3 * STRIDE + b).fma(h3, b3);
    }
    // Every sum has read all of h: the new state can go straight into it.
    a0.add(a1).add(a2.add(a3)).intoArray(h, 0);
    b0.add(b1).add(b2.add(b3)).intoArray(h, b);
    MATH.fastTanh(h, 0, UNITS);
  }
}
