package dev.rnnc.runtime.simd;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Template of {@link SizedSteps#gru}, never loaded as itself: each hidden class defined from these
 * bytes reads its sizes from its class data into {@code static final} fields, which C2 folds. The
 * step is {@link VectorSteps}'s GRU step ({@code reset_after=True} with a recurrent bias, tanh and
 * sigmoid) for a layer of one or two vectors of units, as {@link SizedLstm} is the LSTM's: the
 * product's loop over the rows of {@code U} unrolls and loses its bounds checks; the update is
 * {@link GruCellUpdate}'s, as in the shared kernel. Two vectors of units take the shared kernel's
 * operations in its order (bit-identical states); one vector splits each sum over even and odd rows
 * (float rounding differs). {@code U} is read through a segment, a heap segment over the array or
 * an aligned copy ({@link AlignedGruStep}), as in {@link SizedLstm}.
 */
final class SizedGru implements GruStep, AlignedGruStep.OverSegment {
  private static final VectorSpecies<Float> SPECIES;
  private static final GruCellUpdate UPDATE;
  private static final int UNITS;
  private static final int STRIDE;

  /** Floats per row of {@code U}: the three gate blocks. */
  private static final int ROW;

  /** Whether the units fill two vectors (else one). */
  private static final boolean TWO;

  static {
    SizedSteps.Sizes sizes = SizedSteps.sizesOf(MethodHandles.lookup());
    SPECIES = sizes.lanes().species();
    UPDATE = new GruCellUpdate(sizes.lanes());
    UNITS = sizes.units();
    STRIDE = sizes.stride();
    ROW = 3 * STRIDE;
    TWO = UNITS > SPECIES.length();
  }

  @Override
  public void step(
      float[] projection,
      int offset,
      float[] u,
      float[] rb,
      int rbOff,
      float[] scratch,
      float[] h) {
    step(projection, offset, MemorySegment.ofArray(u), rb, rbOff, scratch, h);
  }

  /**
   * The step with {@code U} read from a segment: a heap segment over the array of {@link #step}, or
   * a 64-byte aligned copy ({@link AlignedGruStep}), where no load of a row straddles two cache
   * lines.
   */
  @Override
  public void step(
      float[] projection,
      int offset,
      MemorySegment u,
      float[] rb,
      int rbOff,
      float[] scratch,
      float[] h) {
    if (TWO) {
      sumsTwo(projection, offset, u, rb, rbOff, h, scratch);
    } else {
      sumsOne(projection, offset, u, rb, rbOff, h, scratch);
    }
    UPDATE.update(scratch, 0, STRIDE, projection, offset + 2 * STRIDE, h, 0, UNITS);
  }

  /** Two vectors of units: six sums, as the shared kernel's. */
  private static void sumsTwo(
      float[] p, int at, MemorySegment u, float[] rb, int rbAt, float[] h, float[] gates) {
    VectorSpecies<Float> s = SPECIES;
    int l = s.length();
    int r = STRIDE, n = 2 * STRIDE;
    FloatVector z0 = FloatVector.fromArray(s, p, at).add(FloatVector.fromArray(s, rb, rbAt));
    FloatVector z1 =
        FloatVector.fromArray(s, p, at + l).add(FloatVector.fromArray(s, rb, rbAt + l));
    FloatVector r0 =
        FloatVector.fromArray(s, p, at + r).add(FloatVector.fromArray(s, rb, rbAt + r));
    FloatVector r1 =
        FloatVector.fromArray(s, p, at + r + l).add(FloatVector.fromArray(s, rb, rbAt + r + l));
    FloatVector n0 = FloatVector.fromArray(s, rb, rbAt + n),
        n1 = FloatVector.fromArray(s, rb, rbAt + n + l);
    long lb = 4L * l, rByte = 4L * r, nByte = 4L * n; // byte offsets in a row
    for (int k = 0; k < UNITS; k++) {
      long row = 4L * k * ROW;
      FloatVector hk = FloatVector.broadcast(s, h[k]);
      z0 = load(u, row).fma(hk, z0);
      z1 = load(u, row + lb).fma(hk, z1);
      r0 = load(u, row + rByte).fma(hk, r0);
      r1 = load(u, row + rByte + lb).fma(hk, r1);
      n0 = load(u, row + nByte).fma(hk, n0);
      n1 = load(u, row + nByte + lb).fma(hk, n1);
    }
    z0.intoArray(gates, 0);
    z1.intoArray(gates, l);
    r0.intoArray(gates, r);
    r1.intoArray(gates, r + l);
    n0.intoArray(gates, n);
    n1.intoArray(gates, n + l);
  }

  /**
   * One vector of units: three sums, each split over even and odd rows of {@code U} so that six FMA
   * chains are in flight, added before they are stored.
   */
  private static void sumsOne(
      float[] p, int at, MemorySegment u, float[] rb, int rbAt, float[] h, float[] gates) {
    VectorSpecies<Float> s = SPECIES;
    int r = STRIDE, n = 2 * STRIDE;
    FloatVector zero = FloatVector.zero(s);
    FloatVector z0 = FloatVector.fromArray(s, p, at).add(FloatVector.fromArray(s, rb, rbAt));
    FloatVector r0 =
        FloatVector.fromArray(s, p, at + r).add(FloatVector.fromArray(s, rb, rbAt + r));
    FloatVector n0 = FloatVector.fromArray(s, rb, rbAt + n);
    FloatVector z1 = zero, r1 = zero, n1 = zero;
    long rByte = 4L * r, nByte = 4L * n, rowByte = 4L * ROW; // byte offsets in a row
    int k = 0;
    for (; k + 1 < UNITS; k += 2) {
      long row = 4L * k * ROW;
      FloatVector h0 = FloatVector.broadcast(s, h[k]);
      FloatVector h1 = FloatVector.broadcast(s, h[k + 1]);
      z0 = load(u, row).fma(h0, z0);
      r0 = load(u, row + rByte).fma(h0, r0);
      n0 = load(u, row + nByte).fma(h0, n0);
      z1 = load(u, row + rowByte).fma(h1, z1);
      r1 = load(u, row + rowByte + rByte).fma(h1, r1);
      n1 = load(u, row + rowByte + nByte).fma(h1, n1);
    }
    if (k < UNITS) {
      long row = 4L * k * ROW;
      FloatVector h0 = FloatVector.broadcast(s, h[k]);
      z0 = load(u, row).fma(h0, z0);
      r0 = load(u, row + rByte).fma(h0, r0);
      n0 = load(u, row + nByte).fma(h0, n0);
    }
    z0.add(z1).intoArray(gates, 0);
    r0.add(r1).intoArray(gates, r);
    n0.add(n1).intoArray(gates, n);
  }

  /** The vector of {@code U} at byte {@code at}. */
  private static FloatVector load(MemorySegment u, long at) {
    return FloatVector.fromMemorySegment(SPECIES, u, at, ByteOrder.LITTLE_ENDIAN);
  }
}
