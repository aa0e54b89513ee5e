package dev.rnnc.runtime.simd;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Template of {@link SizedSteps#lstm}, never loaded as itself: each hidden class defined from these
 * bytes reads its sizes from its class data into {@code static final} fields, which C2 folds. The
 * step is {@link VectorSteps}'s LSTM step (tanh and sigmoid) for a layer of one or two vectors of
 * units: with the sizes constant, the product's loop over the rows of {@code U} unrolls and loses
 * its bounds checks (the shared kernel's loop checks every load: M5's profile); the gates and the
 * update are {@link LstmCellUpdate}'s, as in the shared kernel. Two vectors of units take the
 * shared kernel's operations in its order, so their states are bit-identical to its; one vector
 * splits each sum over even and odd rows (float rounding differs). {@code U} is read through a
 * segment: a heap segment over the array, or a 64-byte aligned copy ({@link AlignedLstmStep}),
 * where no 512-bit load straddles two cache lines (LSTM(32): 1.36x faster a step). Its loads take
 * byte offsets {@code 4L * k * ROW + constant}, from which C2 hoists the segment's bounds checks.
 */
final class SizedLstm implements LstmStep, AlignedLstmStep.OverSegment {
  private static final VectorSpecies<Float> SPECIES;
  private static final LstmCellUpdate UPDATE;
  private static final int UNITS;
  private static final int STRIDE;

  /** Floats per row of {@code U}: the four gate blocks. */
  private static final int ROW;

  /** Whether the units fill two vectors (else one). */
  private static final boolean TWO;

  static {
    SizedSteps.Sizes sizes = SizedSteps.sizesOf(MethodHandles.lookup());
    SPECIES = sizes.lanes().species();
    UPDATE = new LstmCellUpdate(sizes.lanes());
    UNITS = sizes.units();
    STRIDE = sizes.stride();
    ROW = 4 * STRIDE;
    TWO = UNITS > SPECIES.length();
  }

  @Override
  public void step(
      float[] projection, int offset, float[] u, float[] scratch, float[] c, float[] h) {
    step(projection, offset, MemorySegment.ofArray(u), scratch, c, h);
  }

  /**
   * The step with {@code U} read from a segment: a heap segment over the array of {@link #step}, or
   * a 64-byte aligned copy ({@link AlignedLstmStep}), where no load of a row straddles two cache
   * lines.
   */
  @Override
  public void step(
      float[] projection, int offset, MemorySegment u, float[] scratch, float[] c, float[] h) {
    if (TWO) {
      sumsTwo(projection, offset, u, h, scratch);
    } else {
      sumsOne(projection, offset, u, h, scratch);
    }
    UPDATE.update(scratch, 0, STRIDE, c, 0, h, 0, UNITS);
  }

  /** Two vectors of units: eight sums, enough independent FMA chains to fill both FMA units. */
  private static void sumsTwo(float[] p, int at, MemorySegment u, float[] h, float[] gates) {
    VectorSpecies<Float> s = SPECIES;
    int l = s.length();
    int f = STRIDE, o = 2 * STRIDE, g = 3 * STRIDE;
    FloatVector i0 = FloatVector.fromArray(s, p, at), i1 = FloatVector.fromArray(s, p, at + l);
    FloatVector f0 = FloatVector.fromArray(s, p, at + f),
        f1 = FloatVector.fromArray(s, p, at + f + l);
    FloatVector o0 = FloatVector.fromArray(s, p, at + o),
        o1 = FloatVector.fromArray(s, p, at + o + l);
    FloatVector g0 = FloatVector.fromArray(s, p, at + g),
        g1 = FloatVector.fromArray(s, p, at + g + l);
    long lb = 4L * l, fb = 4L * f, ob = 4L * o, gb = 4L * g; // byte offsets in a row
    for (int k = 0; k < UNITS; k++) {
      long row = 4L * k * ROW;
      FloatVector hk = FloatVector.broadcast(s, h[k]);
      i0 = load(u, row).fma(hk, i0);
      i1 = load(u, row + lb).fma(hk, i1);
      f0 = load(u, row + fb).fma(hk, f0);
      f1 = load(u, row + fb + lb).fma(hk, f1);
      o0 = load(u, row + ob).fma(hk, o0);
      o1 = load(u, row + ob + lb).fma(hk, o1);
      g0 = load(u, row + gb).fma(hk, g0);
      g1 = load(u, row + gb + lb).fma(hk, g1);
    }
    i0.intoArray(gates, 0);
    i1.intoArray(gates, l);
    f0.intoArray(gates, f);
    f1.intoArray(gates, f + l);
    o0.intoArray(gates, o);
    o1.intoArray(gates, o + l);
    g0.intoArray(gates, g);
    g1.intoArray(gates, g + l);
  }

  /**
   * One vector of units: four sums, each split over even and odd rows of {@code U} so that eight
   * FMA chains are in flight, added before they are stored.
   */
  private static void sumsOne(float[] p, int at, MemorySegment u, float[] h, float[] gates) {
    VectorSpecies<Float> s = SPECIES;
    int f = STRIDE, o = 2 * STRIDE, g = 3 * STRIDE;
    FloatVector zero = FloatVector.zero(s);
    FloatVector i0 = FloatVector.fromArray(s, p, at), i1 = zero;
    FloatVector f0 = FloatVector.fromArray(s, p, at + f), f1 = zero;
    FloatVector o0 = FloatVector.fromArray(s, p, at + o), o1 = zero;
    FloatVector g0 = FloatVector.fromArray(s, p, at + g), g1 = zero;
    long fb = 4L * f, ob = 4L * o, gb = 4L * g, rb = 4L * ROW; // byte offsets in a row
    int k = 0;
    for (; k + 1 < UNITS; k += 2) {
      long row = 4L * k * ROW;
      FloatVector h0 = FloatVector.broadcast(s, h[k]);
      FloatVector h1 = FloatVector.broadcast(s, h[k + 1]);
      i0 = load(u, row).fma(h0, i0);
      f0 = load(u, row + fb).fma(h0, f0);
      o0 = load(u, row + ob).fma(h0, o0);
      g0 = load(u, row + gb).fma(h0, g0);
      i1 = load(u, row + rb).fma(h1, i1);
      f1 = load(u, row + rb + fb).fma(h1, f1);
      o1 = load(u, row + rb + ob).fma(h1, o1);
      g1 = load(u, row + rb + gb).fma(h1, g1);
    }
    if (k < UNITS) {
      long row = 4L * k * ROW;
      FloatVector h0 = FloatVector.broadcast(s, h[k]);
      i0 = load(u, row).fma(h0, i0);
      f0 = load(u, row + fb).fma(h0, f0);
      o0 = load(u, row + ob).fma(h0, o0);
      g0 = load(u, row + gb).fma(h0, g0);
    }
    i0.add(i1).intoArray(gates, 0);
    f0.add(f1).intoArray(gates, f);
    o0.add(o1).intoArray(gates, o);
    g0.add(g1).intoArray(gates, g);
  }

  /** The vector of {@code U} at byte {@code at}. */
  private static FloatVector load(MemorySegment u, long at) {
    return FloatVector.fromMemorySegment(SPECIES, u, at, ByteOrder.LITTLE_ENDIAN);
  }
}
