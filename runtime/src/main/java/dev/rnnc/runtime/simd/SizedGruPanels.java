package dev.rnnc.runtime.simd;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Template of {@link SizedSteps#gruPanels}, never loaded as itself: {@link VectorSteps}'s GRU step
 * ({@code reset_after=True} with a recurrent bias, tanh and sigmoid) over a recurrent kernel in
 * {@link RecurrentPanels} layout held in a 64-byte aligned segment ({@link AlignedKernel}), for a
 * layer whose units fill whole panels of four vectors (M3's GRU(256): four panels at 512 bits).
 * Sizes constant, so C2 hoists the product's bounds checks. Same operations in the same order as
 * the shared kernel: the state is bit-identical to its.
 */
final class SizedGruPanels implements AlignedGruStep.OverSegment {
  private static final VectorSpecies<Float> SPECIES;
  private static final GruCellUpdate UPDATE;
  private static final int UNITS;

  /** Floats of a panel's row: its 64 columns of each of the three gate blocks. */
  private static final int ROW = 3 * RecurrentPanels.WIDTH;

  /** Floats of a panel: {@code UNITS} rows. */
  private static final int PANEL;

  static {
    SizedSteps.Sizes sizes = SizedSteps.sizesOf(MethodHandles.lookup());
    SPECIES = sizes.lanes().species();
    UPDATE = new GruCellUpdate(sizes.lanes());
    UNITS = sizes.units();
    PANEL = UNITS * ROW;
  }

  @Override
  public void step(
      float[] projection,
      int offset,
      MemorySegment u,
      float[] recurrentBias,
      int recurrentBiasOffset,
      float[] scratch,
      float[] h) {
    for (int q = 0; q < UNITS; q += RecurrentPanels.WIDTH) {
      sums(
          projection,
          offset + q,
          u,
          4L * (q / RecurrentPanels.WIDTH * PANEL),
          recurrentBias,
          recurrentBiasOffset + q,
          h,
          scratch,
          q);
    }
    UPDATE.update(scratch, 0, UNITS, projection, offset + 2 * UNITS, h, 0, UNITS);
  }

  /**
   * The gate sums of the 64 columns of each gate block that the panel at byte {@code panel} of
   * {@code u} holds: update and reset start from {@code x·W + b_rec}, the candidate from {@code
   * b_rec} alone (the reset gate multiplies {@code h·U_h + b_rec,h} before {@code x·W_h} is added).
   */
  private static void sums(
      float[] p,
      int pAt,
      MemorySegment u,
      long panel,
      float[] rb,
      int rbAt,
      float[] h,
      float[] gates,
      int a) {
    VectorSpecies<Float> s = SPECIES;
    int l = s.length();
    int r = UNITS, n = 2 * UNITS;
    int w = RecurrentPanels.WIDTH, ur = w, un = 2 * w;
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
    FloatVector n2 = FloatVector.fromArray(s, rb, rbAt + n + 2 * l),
        n3 = FloatVector.fromArray(s, rb, rbAt + n + 3 * l);
    ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    long lb = 4L * l, urb = 4L * ur, unb = 4L * un;
    for (int k = 0; k < UNITS; k++) {
      long row = panel + 4L * k * ROW;
      FloatVector hk = FloatVector.broadcast(s, h[k]);
      z0 = FloatVector.fromMemorySegment(s, u, row, order).fma(hk, z0);
      z1 = FloatVector.fromMemorySegment(s, u, row + lb, order).fma(hk, z1);
      z2 = FloatVector.fromMemorySegment(s, u, row + 2 * lb, order).fma(hk, z2);
      z3 = FloatVector.fromMemorySegment(s, u, row + 3 * lb, order).fma(hk, z3);
      r0 = FloatVector.fromMemorySegment(s, u, row + urb, order).fma(hk, r0);
      r1 = FloatVector.fromMemorySegment(s, u, row + urb + lb, order).fma(hk, r1);
      r2 = FloatVector.fromMemorySegment(s, u, row + urb + 2 * lb, order).fma(hk, r2);
      r3 = FloatVector.fromMemorySegment(s, u, row + urb + 3 * lb, order).fma(hk, r3);
      n0 = FloatVector.fromMemorySegment(s, u, row + unb, order).fma(hk, n0);
      n1 = FloatVector.fromMemorySegment(s, u, row + unb + lb, order).fma(hk, n1);
      n2 = FloatVector.fromMemorySegment(s, u, row + unb + 2 * lb, order).fma(hk, n2);
      n3 = FloatVector.fromMemorySegment(s, u, row + unb + 3 * lb, order).fma(hk, n3);
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
}
