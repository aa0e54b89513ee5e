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
 * its bounds checks (the shared kernel's loop checks every load: M5's profile); the update is
 * {@link LstmCellUpdate}'s expressions, copied into this class ({@link #update}). Two vectors of
 * units take the shared kernel's operations in its order, so their states are bit-identical to its;
 * one vector splits each sum over even and odd rows (float rounding differs). {@code U} is read
 * through a segment: a heap segment over the array, or a 64-byte aligned copy ({@link
 * AlignedLstmStep}), where no 512-bit load straddles two cache lines (LSTM(32): 1.36x faster a
 * step). Its loads take byte offsets {@code 4L * k * ROW + constant}, from which C2 hoists the
 * segment's bounds checks.
 */
final class SizedLstm implements LstmStep, AlignedLstmStep.OverSegment {
  private static final VectorSpecies<Float> SPECIES;
  private static final int UNITS;
  private static final int STRIDE;

  /** Floats per row of {@code U}: the four gate blocks. */
  private static final int ROW;

  /** Whether the units fill two vectors (else one). */
  private static final boolean TWO;

  static {
    SizedSteps.Sizes sizes = SizedSteps.sizesOf(MethodHandles.lookup());
    SPECIES = sizes.lanes().species();
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
    update(scratch, c, h);
  }

  /**
   * {@link LstmCellUpdate#update} over this class's one or two whole vectors of units: the same
   * expressions in the same order (so the same bits), copied here rather than called so that the
   * loop's trip count is this class's constant and its loads and stores need no mask. As a call to
   * the shared update, whose units are a parameter, M5's LSTM(32) step was 1.04–1.08x slower in
   * every round of an A/B on Zen 4 (docs/performance.md). Which part of the difference the masks
   * and the trip count make was not isolated; the shared update timed alone is as fast as its C
   * twin.
   */
  private static void update(float[] gates, float[] c, float[] h) {
    VectorSpecies<Float> s = SPECIES;
    for (int j = 0; j < UNITS; j += s.length()) {
      FloatVector c0 = FloatVector.fromArray(s, c, j);

      // sigmoid(i) = ni / (2·qi), sigmoid(f) = nf / (2·qf), tanh(g) = ng / qg
      FloatVector vi = FloatVector.fromArray(s, gates, j);
      FloatVector xi =
          vi.blend(SIGMOID_CLAMP, vi.compare(GT, SIGMOID_CLAMP))
              .blend(-SIGMOID_CLAMP, vi.compare(LT, -SIGMOID_CLAMP));
      FloatVector yi = xi.mul(xi), yi2 = yi.mul(yi);
      FloatVector qi = yi.fma(SIG_B6, SIG_B4).fma(yi2, yi.fma(SIG_B2, TANH_B0));
      FloatVector ni =
          yi2.fma(yi2.broadcast(SIG_A13), yi.fma(SIG_A11, SIG_A9))
              .fma(yi2.mul(yi2), yi.fma(SIG_A7, SIG_A5).fma(yi2, yi.fma(SIG_A3, SIG_A1)))
              .fma(xi, qi);

      FloatVector vf = FloatVector.fromArray(s, gates, j + STRIDE);
      FloatVector xf =
          vf.blend(SIGMOID_CLAMP, vf.compare(GT, SIGMOID_CLAMP))
              .blend(-SIGMOID_CLAMP, vf.compare(LT, -SIGMOID_CLAMP));
      FloatVector yf = xf.mul(xf), yf2 = yf.mul(yf);
      FloatVector qf = yf.fma(SIG_B6, SIG_B4).fma(yf2, yf.fma(SIG_B2, TANH_B0));
      FloatVector nf =
          yf2.fma(yf2.broadcast(SIG_A13), yf.fma(SIG_A11, SIG_A9))
              .fma(yf2.mul(yf2), yf.fma(SIG_A7, SIG_A5).fma(yf2, yf.fma(SIG_A3, SIG_A1)))
              .fma(xf, qf);

      FloatVector vg = FloatVector.fromArray(s, gates, j + 3 * STRIDE);
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
      FloatVector vo = FloatVector.fromArray(s, gates, j + 2 * STRIDE);
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

      cNew.intoArray(c, j);
      hNew.intoArray(h, j);
    }
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
