package dev.rnnc.runtime.simd;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Template of {@link SizedSteps#lstmPanels}, never loaded as itself: {@link VectorSteps}'s LSTM
 * step (tanh and sigmoid) over a recurrent kernel in {@link RecurrentPanels} layout held in a
 * 64-byte aligned segment ({@link AlignedLstmStep}), for a layer whose units fill whole panels of
 * four vectors (M2's LSTM(128): two panels at 512 bits). Such a kernel streams from L2 every step,
 * and a 512-bit load that straddles two cache lines, as most loads from a heap array do (its data
 * lies 16 bytes past an 8-byte aligned object), costs about twice one that does not. The sizes are
 * constants, so C2 hoists the product's bounds checks out of the loop. Same operations in the same
 * order as the shared kernel: the states are bit-identical to its.
 */
final class SizedLstmPanels implements AlignedLstmStep.OverSegment {
  private static final VectorSpecies<Float> SPECIES;
  private static final LstmCellUpdate UPDATE;
  private static final int UNITS;

  /** Floats of a panel's row: its 64 columns of each of the four gate blocks. */
  private static final int ROW = 4 * RecurrentPanels.WIDTH;

  /** Floats of a panel: {@code UNITS} rows. */
  private static final int PANEL;

  static {
    SizedSteps.Sizes sizes = SizedSteps.sizesOf(MethodHandles.lookup());
    SPECIES = sizes.lanes().species();
    UPDATE = new LstmCellUpdate(sizes.lanes());
    UNITS = sizes.units();
    PANEL = UNITS * ROW;
  }

  @Override
  public void step(
      float[] projection, int offset, MemorySegment u, float[] scratch, float[] c, float[] h) {
    for (int q = 0; q < UNITS; q += RecurrentPanels.WIDTH) {
      sums(projection, offset + q, u, 4L * (q / RecurrentPanels.WIDTH * PANEL), h, scratch, q);
    }
    UPDATE.update(scratch, 0, UNITS, c, 0, h, 0, UNITS);
  }

  /**
   * {@code gates[a ..] = projection + h·U} for the 64 columns of each gate block that the panel at
   * byte {@code panel} of {@code u} holds: sixteen sums, U read as one sequential stream.
   */
  private static void sums(
      float[] p, int pAt, MemorySegment u, long panel, float[] h, float[] gates, int a) {
    VectorSpecies<Float> s = SPECIES;
    int l = s.length();
    int f = UNITS, o = 2 * UNITS, g = 3 * UNITS;
    int w = RecurrentPanels.WIDTH, uf = w, uo = 2 * w, ug = 3 * w;
    FloatVector i0 = FloatVector.fromArray(s, p, pAt), i1 = FloatVector.fromArray(s, p, pAt + l);
    FloatVector i2 = FloatVector.fromArray(s, p, pAt + 2 * l),
        i3 = FloatVector.fromArray(s, p, pAt + 3 * l);
    FloatVector f0 = FloatVector.fromArray(s, p, pAt + f),
        f1 = FloatVector.fromArray(s, p, pAt + f + l);
    FloatVector f2 = FloatVector.fromArray(s, p, pAt + f + 2 * l),
        f3 = FloatVector.fromArray(s, p, pAt + f + 3 * l);
    FloatVector o0 = FloatVector.fromArray(s, p, pAt + o),
        o1 = FloatVector.fromArray(s, p, pAt + o + l);
    FloatVector o2 = FloatVector.fromArray(s, p, pAt + o + 2 * l),
        o3 = FloatVector.fromArray(s, p, pAt + o + 3 * l);
    FloatVector g0 = FloatVector.fromArray(s, p, pAt + g),
        g1 = FloatVector.fromArray(s, p, pAt + g + l);
    FloatVector g2 = FloatVector.fromArray(s, p, pAt + g + 2 * l),
        g3 = FloatVector.fromArray(s, p, pAt + g + 3 * l);
    ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    long lb = 4L * l, ufb = 4L * uf, uob = 4L * uo, ugb = 4L * ug; // byte offsets in a row
    for (int k = 0; k < UNITS; k++) {
      long row = panel + 4L * k * ROW;
      FloatVector hk = FloatVector.broadcast(s, h[k]);
      i0 = FloatVector.fromMemorySegment(s, u, row, order).fma(hk, i0);
      i1 = FloatVector.fromMemorySegment(s, u, row + lb, order).fma(hk, i1);
      i2 = FloatVector.fromMemorySegment(s, u, row + 2 * lb, order).fma(hk, i2);
      i3 = FloatVector.fromMemorySegment(s, u, row + 3 * lb, order).fma(hk, i3);
      f0 = FloatVector.fromMemorySegment(s, u, row + ufb, order).fma(hk, f0);
      f1 = FloatVector.fromMemorySegment(s, u, row + ufb + lb, order).fma(hk, f1);
      f2 = FloatVector.fromMemorySegment(s, u, row + ufb + 2 * lb, order).fma(hk, f2);
      f3 = FloatVector.fromMemorySegment(s, u, row + ufb + 3 * lb, order).fma(hk, f3);
      o0 = FloatVector.fromMemorySegment(s, u, row + uob, order).fma(hk, o0);
      o1 = FloatVector.fromMemorySegment(s, u, row + uob + lb, order).fma(hk, o1);
      o2 = FloatVector.fromMemorySegment(s, u, row + uob + 2 * lb, order).fma(hk, o2);
      o3 = FloatVector.fromMemorySegment(s, u, row + uob + 3 * lb, order).fma(hk, o3);
      g0 = FloatVector.fromMemorySegment(s, u, row + ugb, order).fma(hk, g0);
      g1 = FloatVector.fromMemorySegment(s, u, row + ugb + lb, order).fma(hk, g1);
      g2 = FloatVector.fromMemorySegment(s, u, row + ugb + 2 * lb, order).fma(hk, g2);
      g3 = FloatVector.fromMemorySegment(s, u, row + ugb + 3 * lb, order).fma(hk, g3);
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
}
