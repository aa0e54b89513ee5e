package dev.rnnc.runtime.simd;

import static jdk.incubator.vector.VectorOperators.MAX;

import dev.rnnc.runtime.Variable;
import java.util.function.Supplier;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatKernels} on the Vector API ({@code jdk.incubator.vector}), for one vector width.
 *
 * <p>Tails: the products finish a row with one masked vector; the kernels with transcendentals end
 * it with a whole vector that overlaps the one before and blend in only its new lanes (cheaper than
 * a scalar tail, where each {@code Math.tanh} costs about what a whole vector's does, and than
 * masked loads, whose bulkier code ran C2 out of inlining budget); rows shorter than one vector go
 * to {@link ScalarKernels}. Results match {@link ScalarKernels} to float rounding: sums are fused
 * and ordered differently, and the transcendentals are SVML's (about 1 ulp) rather than {@link
 * Math}'s.
 *
 * <p>Use one vector size per process, as {@link Kernels} does: the species reaches the JIT as a
 * constant only while a single size is in use (see {@code Lanes}); with several, all run, but
 * slower.
 */
public final class VectorKernels implements FloatKernels {
  private static final ScalarKernels SCALAR = new ScalarKernels();

  private final Lanes lanes;
  private final VectorMath math;
  private final VectorSteps steps;

  /**
   * Creates kernels for the width of {@code species}.
   *
   * @param species a float species of 128, 256 or 512 bits; only its bit size is used
   * @throws IllegalArgumentException for another size
   */
  public VectorKernels(VectorSpecies<Float> species) {
    this.lanes = Lanes.of(species.vectorBitSize());
    this.math = new VectorMath(lanes);
    this.steps = new VectorSteps(lanes, math, this);
  }

  /**
   * Creates kernels for float vectors of the given size. A size above the CPU's ({@code
   * FloatVector.SPECIES_PREFERRED}) works, but is emulated and slow.
   *
   * @param bits 128, 256 or 512
   * @return the kernels
   * @throws IllegalArgumentException for another size
   */
  public static VectorKernels of(int bits) {
    return switch (bits) {
      case 128 -> new VectorKernels(FloatVector.SPECIES_128);
      case 256 -> new VectorKernels(FloatVector.SPECIES_256);
      case 512 -> new VectorKernels(FloatVector.SPECIES_512);
      default ->
          throw new IllegalArgumentException(
              "unsupported vector size " + bits + " bits (want 128, 256 or 512)");
    };
  }

  // A row's last vector starts early, at len - lanes, so as to end at the row's end; its lanes
  // before j were done by the vector before and must be blended back, not redone: the fresh lanes
  // are s.indexInRange(at - j, lanes), those at or after j.

  @Override
  public void mulAdd(
      float[] x,
      int xOff,
      int n,
      float[] w,
      int wOff,
      int wStride,
      int width,
      float[] y,
      int yOff) {
    mulAddFrom(y, yOff, x, xOff, n, w, wOff, wStride, width, y, yOff);
  }

  /**
   * {@code y = init + x·W} over {@code width} columns; {@code init} null means zeros, and {@code
   * init} may be {@code y} at {@code yOff} (then it is {@link #mulAdd}). Starting the sums from the
   * bias, rather than copying it into y first, saves a copy per row that for a few features costs
   * as much as the products.
   */
  private void mulAddFrom(
      float[] init,
      int initOff,
      float[] x,
      int xOff,
      int n,
      float[] w,
      int wOff,
      int wStride,
      int width,
      float[] y,
      int yOff) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    int j = 0;
    // One input (a streaming step's reading): one FMA a column, as the blocks compute it, without
    // their k loop and calls, which cost a one-feature step call (M5) as much as its FMAs.
    if (n == 1) {
      FloatVector x0 = FloatVector.broadcast(s, x[xOff]);
      for (; j <= width - l; j += l) {
        FloatVector from =
            init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, initOff + j);
        FloatVector.fromArray(s, w, wOff + j).fma(x0, from).intoArray(y, yOff + j);
      }
    }
    for (; j <= width - 8 * l; j += 8 * l) {
      mulAddBlock8(init, initOff + j, x, xOff, n, w, wOff + j, wStride, y, yOff + j);
    }
    if (j <= width - 4 * l) {
      mulAddBlock4(init, initOff + j, x, xOff, n, w, wOff + j, wStride, y, yOff + j);
      j += 4 * l;
    }
    for (; j < width; j += l) {
      mulAddBlock1(init, initOff + j, x, xOff, n, w, wOff + j, wStride, y, yOff + j, width - j);
    }
  }

  /**
   * Eight vectors of output columns stay in registers for the whole k loop, so each weight is
   * loaded once and y is read and written once, and eight independent FMA chains keep enough loads
   * in flight (measured 1.2-1.4x faster than four, even with AVX2's 16 registers).
   */
  private void mulAddBlock8(
      float[] init,
      int initOff,
      float[] x,
      int xOff,
      int n,
      float[] w,
      int wOff,
      int wStride,
      float[] y,
      int yOff) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    FloatVector acc0 = init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, initOff);
    FloatVector acc1 =
        init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, initOff + l);
    FloatVector acc2 =
        init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, initOff + 2 * l);
    FloatVector acc3 =
        init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, initOff + 3 * l);
    FloatVector acc4 =
        init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, initOff + 4 * l);
    FloatVector acc5 =
        init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, initOff + 5 * l);
    FloatVector acc6 =
        init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, initOff + 6 * l);
    FloatVector acc7 =
        init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, initOff + 7 * l);
    for (int k = 0, row = wOff; k < n; k++, row += wStride) {
      FloatVector xk = FloatVector.broadcast(s, x[xOff + k]);
      acc0 = FloatVector.fromArray(s, w, row).fma(xk, acc0);
      acc1 = FloatVector.fromArray(s, w, row + l).fma(xk, acc1);
      acc2 = FloatVector.fromArray(s, w, row + 2 * l).fma(xk, acc2);
      acc3 = FloatVector.fromArray(s, w, row + 3 * l).fma(xk, acc3);
      acc4 = FloatVector.fromArray(s, w, row + 4 * l).fma(xk, acc4);
      acc5 = FloatVector.fromArray(s, w, row + 5 * l).fma(xk, acc5);
      acc6 = FloatVector.fromArray(s, w, row + 6 * l).fma(xk, acc6);
      acc7 = FloatVector.fromArray(s, w, row + 7 * l).fma(xk, acc7);
    }
    acc0.intoArray(y, yOff);
    acc1.intoArray(y, yOff + l);
    acc2.intoArray(y, yOff + 2 * l);
    acc3.intoArray(y, yOff + 3 * l);
    acc4.intoArray(y, yOff + 4 * l);
    acc5.intoArray(y, yOff + 5 * l);
    acc6.intoArray(y, yOff + 6 * l);
    acc7.intoArray(y, yOff + 7 * l);
  }

  /** {@link #mulAddBlock8} for four vectors, once per row where fewer than eight are left. */
  private void mulAddBlock4(
      float[] init,
      int initOff,
      float[] x,
      int xOff,
      int n,
      float[] w,
      int wOff,
      int wStride,
      float[] y,
      int yOff) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    FloatVector acc0 = init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, initOff);
    FloatVector acc1 =
        init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, initOff + l);
    FloatVector acc2 =
        init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, initOff + 2 * l);
    FloatVector acc3 =
        init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, initOff + 3 * l);
    for (int k = 0, row = wOff; k < n; k++, row += wStride) {
      FloatVector xk = FloatVector.broadcast(s, x[xOff + k]);
      acc0 = FloatVector.fromArray(s, w, row).fma(xk, acc0);
      acc1 = FloatVector.fromArray(s, w, row + l).fma(xk, acc1);
      acc2 = FloatVector.fromArray(s, w, row + 2 * l).fma(xk, acc2);
      acc3 = FloatVector.fromArray(s, w, row + 3 * l).fma(xk, acc3);
    }
    acc0.intoArray(y, yOff);
    acc1.intoArray(y, yOff + l);
    acc2.intoArray(y, yOff + 2 * l);
    acc3.intoArray(y, yOff + 3 * l);
  }

  /**
   * One vector of columns, its first {@code count} lanes only: the up to three vectors and the
   * partial vector left by the blocks. A masked vector beats a scalar tail here, which would walk
   * {@code n} strided weights per column. The sum over {@code k} is split four ways: with a single
   * accumulator, a Dense head ({@code n} = 32..128, one output) waits {@code n} FMA latencies. (The
   * mask is made here: passed in, it would be boxed.)
   */
  private void mulAddBlock1(
      float[] init,
      int initOff,
      float[] x,
      int xOff,
      int n,
      float[] w,
      int wOff,
      int wStride,
      float[] y,
      int yOff,
      int count) {
    VectorSpecies<Float> s = lanes.species();
    VectorMask<Float> m = s.indexInRange(0, count);
    FloatVector acc0 =
        init == null ? FloatVector.zero(s) : FloatVector.fromArray(s, init, initOff, m);
    FloatVector acc1 = FloatVector.zero(s), acc2 = acc1, acc3 = acc1;
    int k = 0;
    int row = wOff;
    for (; k + 4 <= n; k += 4, row += 4 * wStride) {
      acc0 = FloatVector.fromArray(s, w, row, m).fma(FloatVector.broadcast(s, x[xOff + k]), acc0);
      acc1 =
          FloatVector.fromArray(s, w, row + wStride, m)
              .fma(FloatVector.broadcast(s, x[xOff + k + 1]), acc1);
      acc2 =
          FloatVector.fromArray(s, w, row + 2 * wStride, m)
              .fma(FloatVector.broadcast(s, x[xOff + k + 2]), acc2);
      acc3 =
          FloatVector.fromArray(s, w, row + 3 * wStride, m)
              .fma(FloatVector.broadcast(s, x[xOff + k + 3]), acc3);
    }
    for (; k < n; k++, row += wStride) {
      acc0 = FloatVector.fromArray(s, w, row, m).fma(FloatVector.broadcast(s, x[xOff + k]), acc0);
    }
    acc0.add(acc1).add(acc2.add(acc3)).intoArray(y, yOff, m);
  }

  @Override
  public void matmul(
      float[] x,
      int xOff,
      int xStride,
      int rows,
      int n,
      float[] w,
      int wOff,
      int wStride,
      int width,
      float[] bias,
      int biasOff,
      float[] y,
      int yOff,
      int yStride) {
    int r = 0;
    if (lanes.species().length() == 16) { // AVX-512: 32 registers hold a block of 8 by 2
      for (; r + 8 <= rows; r += 8) {
        mulAddRows8(
            x,
            xOff + r * xStride,
            xStride,
            n,
            w,
            wOff,
            wStride,
            width,
            bias,
            biasOff,
            y,
            yOff + r * yStride,
            yStride);
      }
    }
    for (; r + 4 <= rows; r += 4) {
      mulAddRows4(
          x,
          xOff + r * xStride,
          xStride,
          n,
          w,
          wOff,
          wStride,
          width,
          bias,
          biasOff,
          y,
          yOff + r * yStride,
          yStride);
    }
    for (; r < rows; r++) {
      mulAddFrom(
          bias, biasOff, x, xOff + r * xStride, n, w, wOff, wStride, width, y, yOff + r * yStride);
    }
  }

  @Override
  public void matmulColumn(
      float[] x,
      int xOff,
      int xStride,
      int rows,
      int n,
      float[] column,
      int columnOff,
      int width,
      float[] bias,
      int biasOff,
      float[] y,
      int yOff,
      int yStride) {
    ScalarKernels.checkColumnWidth(width);
    float b = bias == null ? 0f : bias[biasOff];
    int whole = n & -ScalarKernels.COLUMN_PARTIALS; // the k of whole blocks of sixteen
    for (int r = 0; r < rows; r++) {
      int xRow = xOff + r * xStride, yRow = yOff + r * yStride;
      columnPartials(x, xRow, whole, column, columnOff, y, yRow);
      ScalarKernels.addColumnPartials(x, xRow, whole, n, column, columnOff, y, yRow);
      finishColumnRow(b, y, yRow, width);
    }
  }

  /**
   * {@link ScalarKernels#finishColumnRow} with the rest of the row zeroed by whole vectors where
   * its width allows (a Dense(1) head's row is one vector): the same sum, without the call of the
   * fill's stub for fifteen floats in every streaming step.
   */
  private void finishColumnRow(float b, float[] y, int yRow, int width) {
    VectorSpecies<Float> s = lanes.species();
    if (width % s.length() != 0) {
      ScalarKernels.finishColumnRow(b, y, yRow, width);
      return;
    }
    float sum = ScalarKernels.sumColumnPartials(y, yRow);
    FloatVector zero = FloatVector.zero(s);
    for (int j = 0; j < width; j += s.length()) {
      zero.intoArray(y, yRow + j);
    }
    y[yRow] = b + sum;
  }

  /**
   * {@link #matmulColumn}'s sixteen partial sums over {@code k < whole} (a multiple of 16), written
   * to {@code p[pAt .. + 16)}: lane j of accumulator i holds {@code p[i * lanes + j]}, so one
   * accumulator of 16 lanes, two of 8 or four of 4, each loaded with plain contiguous loads (no
   * gather, whose index vector C2 left to allocating Java code in some compilations,
   * docs/performance.md). A small method of its own; no vector leaves it.
   */
  private void columnPartials(
      float[] x, int xAt, int whole, float[] column, int cOff, float[] p, int pAt) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    FloatVector a0 = FloatVector.zero(s), a1 = a0, a2 = a0, a3 = a0;
    for (int k = 0; k < whole; k += ScalarKernels.COLUMN_PARTIALS) {
      a0 = FloatVector.fromArray(s, x, xAt + k).fma(FloatVector.fromArray(s, column, cOff + k), a0);
      if (l <= 8) {
        int k1 = k + l;
        a1 =
            FloatVector.fromArray(s, x, xAt + k1)
                .fma(FloatVector.fromArray(s, column, cOff + k1), a1);
        if (l == 4) {
          int k2 = k + 8, k3 = k + 12;
          a2 =
              FloatVector.fromArray(s, x, xAt + k2)
                  .fma(FloatVector.fromArray(s, column, cOff + k2), a2);
          a3 =
              FloatVector.fromArray(s, x, xAt + k3)
                  .fma(FloatVector.fromArray(s, column, cOff + k3), a3);
        }
      }
    }
    a0.intoArray(p, pAt);
    if (l <= 8) {
      a1.intoArray(p, pAt + l);
      if (l == 4) {
        a2.intoArray(p, pAt + 8);
        a3.intoArray(p, pAt + 12);
      }
    }
  }

  /**
   * {@link #mulAdd} for eight rows of x at once, two vectors of columns at a time ({@link
   * #mulAddBlock8x2}), the last columns (fewer than two vectors) as {@link #mulAddRows4} takes
   * them: every element gets the same operations in the same order as there, so the same bits.
   */
  private void mulAddRows8(
      float[] x,
      int xOff,
      int xStride,
      int n,
      float[] w,
      int wOff,
      int wStride,
      int width,
      float[] bias,
      int biasOff,
      float[] y,
      int yOff,
      int yStride) {
    int l = lanes.species().length();
    int j = 0;
    for (; j <= width - 2 * l; j += 2 * l) {
      mulAddBlock8x2(
          x, xOff, xStride, n, w, wOff + j, wStride, bias, biasOff + j, y, yOff + j, yStride);
    }
    if (j < width) {
      for (int half = 0; half < 8; half += 4) {
        mulAddRows4(
            x,
            xOff + half * xStride,
            xStride,
            n,
            w,
            wOff + j,
            wStride,
            width - j,
            bias,
            biasOff + j,
            y,
            yOff + half * yStride + j,
            yStride);
      }
    }
  }

  /**
   * Eight rows by two vectors of columns: sixteen accumulators fed by two loads of w a row, so that
   * eight rows share each load instead of four ({@link #mulAddBlock4x4}). For a product whose w
   * streams from L2 every call (the backward pass's {@code dz·Uᵀ} over M2's 256 KB, a wide layer's
   * {@code x·W}) that halves the traffic: the same shape in C took 6.1 µs for eight rows against
   * 9.8–10.7 µs in two passes of four (docs/performance.md). Each sum runs over k from the bias, as
   * in {@link #mulAddBlock4x4}.
   */
  private void mulAddBlock8x2(
      float[] x,
      int xOff,
      int xStride,
      int n,
      float[] w,
      int wOff,
      int wStride,
      float[] bias,
      int biasOff,
      float[] y,
      int yOff,
      int yStride) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    FloatVector c0 = bias == null ? FloatVector.zero(s) : FloatVector.fromArray(s, bias, biasOff);
    FloatVector c1 =
        bias == null ? FloatVector.zero(s) : FloatVector.fromArray(s, bias, biasOff + l);
    FloatVector a0 = c0, a1 = c0, a2 = c0, a3 = c0, a4 = c0, a5 = c0, a6 = c0, a7 = c0;
    FloatVector b0 = c1, b1 = c1, b2 = c1, b3 = c1, b4 = c1, b5 = c1, b6 = c1, b7 = c1;
    for (int k = 0, row = wOff; k < n; k++, row += wStride) {
      FloatVector w0 = FloatVector.fromArray(s, w, row);
      FloatVector w1 = FloatVector.fromArray(s, w, row + l);
      FloatVector v = FloatVector.broadcast(s, x[xOff + k]);
      a0 = w0.fma(v, a0);
      b0 = w1.fma(v, b0);
      v = FloatVector.broadcast(s, x[xOff + xStride + k]);
      a1 = w0.fma(v, a1);
      b1 = w1.fma(v, b1);
      v = FloatVector.broadcast(s, x[xOff + 2 * xStride + k]);
      a2 = w0.fma(v, a2);
      b2 = w1.fma(v, b2);
      v = FloatVector.broadcast(s, x[xOff + 3 * xStride + k]);
      a3 = w0.fma(v, a3);
      b3 = w1.fma(v, b3);
      v = FloatVector.broadcast(s, x[xOff + 4 * xStride + k]);
      a4 = w0.fma(v, a4);
      b4 = w1.fma(v, b4);
      v = FloatVector.broadcast(s, x[xOff + 5 * xStride + k]);
      a5 = w0.fma(v, a5);
      b5 = w1.fma(v, b5);
      v = FloatVector.broadcast(s, x[xOff + 6 * xStride + k]);
      a6 = w0.fma(v, a6);
      b6 = w1.fma(v, b6);
      v = FloatVector.broadcast(s, x[xOff + 7 * xStride + k]);
      a7 = w0.fma(v, a7);
      b7 = w1.fma(v, b7);
    }
    a0.intoArray(y, yOff);
    b0.intoArray(y, yOff + l);
    a1.intoArray(y, yOff + yStride);
    b1.intoArray(y, yOff + yStride + l);
    a2.intoArray(y, yOff + 2 * yStride);
    b2.intoArray(y, yOff + 2 * yStride + l);
    a3.intoArray(y, yOff + 3 * yStride);
    b3.intoArray(y, yOff + 3 * yStride + l);
    a4.intoArray(y, yOff + 4 * yStride);
    b4.intoArray(y, yOff + 4 * yStride + l);
    a5.intoArray(y, yOff + 5 * yStride);
    b5.intoArray(y, yOff + 5 * yStride + l);
    a6.intoArray(y, yOff + 6 * yStride);
    b6.intoArray(y, yOff + 6 * yStride + l);
    a7.intoArray(y, yOff + 7 * yStride);
    b7.intoArray(y, yOff + 7 * yStride + l);
  }

  /**
   * {@link #mulAdd} for four rows of x at once, two vectors of columns at a time: each weight
   * vector loaded feeds four FMAs, and the eight accumulators plus two weights and a broadcast fit
   * in AVX2's 16 registers. (Four by four was 10-20% faster with AVX-512's 32 registers but spilled
   * and lost 20% under {@code -XX:UseAVX=2}: {@link #mulAddBlock4x4} is for 512-bit vectors only.)
   */
  private void mulAddRows4(
      float[] x,
      int xOff,
      int xStride,
      int n,
      float[] w,
      int wOff,
      int wStride,
      int width,
      float[] bias,
      int biasOff,
      float[] y,
      int yOff,
      int yStride) {
    int l = lanes.species().length();
    int j = 0;
    if (l == 16) { // 512-bit vectors: AVX-512, whose 32 registers hold a block of 4 by 4
      for (; j <= width - 4 * l; j += 4 * l) {
        mulAddBlock4x4(
            x, xOff, xStride, n, w, wOff + j, wStride, bias, biasOff + j, y, yOff + j, yStride);
      }
    }
    for (; j <= width - 2 * l; j += 2 * l) {
      mulAddBlock4x2(
          x, xOff, xStride, n, w, wOff + j, wStride, bias, biasOff + j, y, yOff + j, yStride);
    }
    for (int r = 0; r < 4 && j < width; r++) {
      mulAddFrom(
          bias,
          biasOff + j,
          x,
          xOff + r * xStride,
          n,
          w,
          wOff + j,
          wStride,
          width - j,
          y,
          yOff + r * yStride + j);
    }
  }

  /**
   * {@link #mulAddBlock4x2} four vectors wide, for 512-bit vectors (AVX-512's 32 registers): 16
   * accumulators, four weight loads and four broadcasts per 16 FMAs. Each element's sum is the same
   * chain of FMAs as in {@link #mulAddBlock4x2}, so the results are the same bits.
   */
  private void mulAddBlock4x4(
      float[] x,
      int xOff,
      int xStride,
      int n,
      float[] w,
      int wOff,
      int wStride,
      float[] bias,
      int biasOff,
      float[] y,
      int yOff,
      int yStride) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    int x0 = xOff, x1 = x0 + xStride, x2 = x1 + xStride, x3 = x2 + xStride;
    int y0 = yOff, y1 = y0 + yStride, y2 = y1 + yStride, y3 = y2 + yStride;
    FloatVector c0 = bias == null ? FloatVector.zero(s) : FloatVector.fromArray(s, bias, biasOff);
    FloatVector c1 =
        bias == null ? FloatVector.zero(s) : FloatVector.fromArray(s, bias, biasOff + l);
    FloatVector c2 =
        bias == null ? FloatVector.zero(s) : FloatVector.fromArray(s, bias, biasOff + 2 * l);
    FloatVector c3 =
        bias == null ? FloatVector.zero(s) : FloatVector.fromArray(s, bias, biasOff + 3 * l);
    FloatVector a00 = c0, a01 = c1, a02 = c2, a03 = c3;
    FloatVector a10 = c0, a11 = c1, a12 = c2, a13 = c3;
    FloatVector a20 = c0, a21 = c1, a22 = c2, a23 = c3;
    FloatVector a30 = c0, a31 = c1, a32 = c2, a33 = c3;
    for (int k = 0, row = wOff; k < n; k++, row += wStride) {
      FloatVector w0 = FloatVector.fromArray(s, w, row);
      FloatVector w1 = FloatVector.fromArray(s, w, row + l);
      FloatVector w2 = FloatVector.fromArray(s, w, row + 2 * l);
      FloatVector w3 = FloatVector.fromArray(s, w, row + 3 * l);
      FloatVector b = FloatVector.broadcast(s, x[x0 + k]);
      a00 = w0.fma(b, a00);
      a01 = w1.fma(b, a01);
      a02 = w2.fma(b, a02);
      a03 = w3.fma(b, a03);
      b = FloatVector.broadcast(s, x[x1 + k]);
      a10 = w0.fma(b, a10);
      a11 = w1.fma(b, a11);
      a12 = w2.fma(b, a12);
      a13 = w3.fma(b, a13);
      b = FloatVector.broadcast(s, x[x2 + k]);
      a20 = w0.fma(b, a20);
      a21 = w1.fma(b, a21);
      a22 = w2.fma(b, a22);
      a23 = w3.fma(b, a23);
      b = FloatVector.broadcast(s, x[x3 + k]);
      a30 = w0.fma(b, a30);
      a31 = w1.fma(b, a31);
      a32 = w2.fma(b, a32);
      a33 = w3.fma(b, a33);
    }
    a00.intoArray(y, y0);
    a01.intoArray(y, y0 + l);
    a02.intoArray(y, y0 + 2 * l);
    a03.intoArray(y, y0 + 3 * l);
    a10.intoArray(y, y1);
    a11.intoArray(y, y1 + l);
    a12.intoArray(y, y1 + 2 * l);
    a13.intoArray(y, y1 + 3 * l);
    a20.intoArray(y, y2);
    a21.intoArray(y, y2 + l);
    a22.intoArray(y, y2 + 2 * l);
    a23.intoArray(y, y2 + 3 * l);
    a30.intoArray(y, y3);
    a31.intoArray(y, y3 + l);
    a32.intoArray(y, y3 + 2 * l);
    a33.intoArray(y, y3 + 3 * l);
  }

  private void mulAddBlock4x2(
      float[] x,
      int xOff,
      int xStride,
      int n,
      float[] w,
      int wOff,
      int wStride,
      float[] bias,
      int biasOff,
      float[] y,
      int yOff,
      int yStride) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    int x0 = xOff, x1 = x0 + xStride, x2 = x1 + xStride, x3 = x2 + xStride;
    int y0 = yOff, y1 = y0 + yStride, y2 = y1 + yStride, y3 = y2 + yStride;
    // The bias starts every row's sums, loaded once (no copy into y first: for a few features
    // a row's copy cost as much as its products).
    FloatVector c0 = bias == null ? FloatVector.zero(s) : FloatVector.fromArray(s, bias, biasOff);
    FloatVector c1 =
        bias == null ? FloatVector.zero(s) : FloatVector.fromArray(s, bias, biasOff + l);
    FloatVector a00 = c0, a01 = c1, a10 = c0, a11 = c1, a20 = c0, a21 = c1, a30 = c0, a31 = c1;
    for (int k = 0, row = wOff; k < n; k++, row += wStride) {
      FloatVector w0 = FloatVector.fromArray(s, w, row);
      FloatVector w1 = FloatVector.fromArray(s, w, row + l);
      FloatVector b = FloatVector.broadcast(s, x[x0 + k]);
      a00 = w0.fma(b, a00);
      a01 = w1.fma(b, a01);
      b = FloatVector.broadcast(s, x[x1 + k]);
      a10 = w0.fma(b, a10);
      a11 = w1.fma(b, a11);
      b = FloatVector.broadcast(s, x[x2 + k]);
      a20 = w0.fma(b, a20);
      a21 = w1.fma(b, a21);
      b = FloatVector.broadcast(s, x[x3 + k]);
      a30 = w0.fma(b, a30);
      a31 = w1.fma(b, a31);
    }
    a00.intoArray(y, y0);
    a01.intoArray(y, y0 + l);
    a10.intoArray(y, y1);
    a11.intoArray(y, y1 + l);
    a20.intoArray(y, y2);
    a21.intoArray(y, y2 + l);
    a30.intoArray(y, y3);
    a31.intoArray(y, y3 + l);
  }

  // Activations: the loops are VectorMath's, so no vector crosses a call to a method of ours
  // (see VectorMath), and none is handed out of a switch on the activation either.

  @Override
  public void activateRepeatably(Activation act, float[] a, int off, int len) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    if (VectorMath.exact(act)) {
      activate(act, a, off, len);
      return;
    }
    if (len < l) { // Math's functions: the same in every tier
      SCALAR.activate(act, a, off, len);
      return;
    }
    int full = s.loopBound(len);
    boolean tanh = act == Activation.TANH;
    if (!tanh && act != Activation.SIGMOID) { // exp-based: whole vectors, the tail by Math
      math.applyRepeatably(act, a, off, full);
      if (full < len) { // no vector held across the call above, which C2 may leave out of line
        SCALAR.activate(act, a, off + full, len - full);
      }
      return;
    }
    if (tanh) {
      math.fastTanh(a, off, off + full);
    } else {
      math.fastSigmoid(a, off, off + full);
    }
    if (full < len) { // the last vector again, keeping the lanes already done
      int at = off + len - l;
      FloatVector v = FloatVector.fromArray(s, a, at);
      if (tanh) {
        math.fastTanh(a, at, at + l);
      } else {
        math.fastSigmoid(a, at, at + l);
      }
      v.blend(FloatVector.fromArray(s, a, at), s.indexInRange(at - off - full, l)).intoArray(a, at);
    }
  }

  @Override
  public void activate(Activation act, float[] a, int off, int len) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    if (len < l) {
      SCALAR.activate(act, a, off, len);
      return;
    }
    if (act == Activation.LINEAR) {
      return;
    }
    int full = s.loopBound(len);
    math.apply(act, a, off, a, off, full);
    if (full < len) {
      int at = off + len - l;
      FloatVector v = FloatVector.fromArray(s, a, at);
      math.apply(act, a, at, a, at, l);
      v.blend(FloatVector.fromArray(s, a, at), s.indexInRange(at - off - full, l)).intoArray(a, at);
    }
  }

  @Override
  public void softmaxRepeatably(float[] a, int off, int len) {
    SCALAR.softmax(a, off, len);
  }

  @Override
  public void softmax(float[] a, int off, int len) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    int end = off + len;
    int bound = off + s.loopBound(len);
    FloatVector vmax = FloatVector.broadcast(s, Float.NEGATIVE_INFINITY);
    for (int j = off; j < bound; j += l) {
      vmax = vmax.max(FloatVector.fromArray(s, a, j));
    }
    float max = vmax.reduceLanes(MAX);
    for (int j = bound; j < end; j++) {
      max = Math.max(max, a[j]);
    }
    for (int j = off; j < bound; j += l) {
      FloatVector.fromArray(s, a, j).sub(max).intoArray(a, j);
    }
    math.expRepeatably(a, off, bound); // the same bits in every JIT tier (VectorMath)
    for (int j = bound; j < end; j++) {
      a[j] = (float) Math.exp(a[j] - max);
    }
    // Summed in order, not with reduceLanes(ADD), whose order differs between JIT tiers.
    float sum = 0;
    for (int j = off; j < end; j++) {
      sum += a[j];
    }
    for (int j = off; j < bound; j += l) {
      FloatVector.fromArray(s, a, j).div(sum).intoArray(a, j);
    }
    for (int j = bound; j < end; j++) {
      a[j] /= sum;
    }
  }

  // The cell updates fuse the element-wise work into one loop. Keras' default activations (tanh,
  // with sigmoid gates) are computed in registers, written out rather than called (see
  // VectorMath); any other goes through h as scratch (VectorMath.apply on one vector), the
  // vectors still needed after it staying in registers. The loop body is the only copy of the
  // vector code, the row's last vector included (its fresh lanes, see above): a separate tail
  // copy ran C2 out of inlining budget.

  @Override
  public void lstmCell(
      float[] gates, int gOff, int stride, float[] c, float[] h, int len, Activation act) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    if (len < l) {
      SCALAR.lstmCell(gates, gOff, stride, c, h, len, act);
      return;
    }
    for (int j = 0; j < len; j += l) { // c = f·c + i·g; the last vector keeps its lanes done
      int at = Math.min(j, len - l);
      int g = gOff + at;
      FloatVector i = FloatVector.fromArray(s, gates, g);
      FloatVector f = FloatVector.fromArray(s, gates, g + stride);
      FloatVector cand = FloatVector.fromArray(s, gates, g + 3 * stride);
      FloatVector cOld = FloatVector.fromArray(s, c, at);
      cOld.blend(f.fma(cOld, i.mul(cand)), s.indexInRange(at - j, l)).intoArray(c, at);
    }
    // act(c) into h through the activation's array loop (no vector held across its call; the last
    // vector's lanes done twice get the same values), then h = o·act(c)
    int full = s.loopBound(len);
    math.apply(act, c, 0, h, 0, full);
    if (full < len) {
      math.apply(act, c, len - l, h, len - l, l);
    }
    for (int j = 0; j < len; j += l) {
      VectorMask<Float> m = s.indexInRange(j, len);
      FloatVector.fromArray(s, gates, gOff + 2 * stride + j, m)
          .mul(FloatVector.fromArray(s, h, j, m))
          .intoArray(h, j, m);
    }
  }

  @Override
  public void gruResetAfter(
      float[] mx,
      int mxOff,
      float[] mh,
      int mhOff,
      int stride,
      float[] h,
      int len,
      Activation act,
      Activation recAct) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    if (len < l) {
      SCALAR.gruResetAfter(mx, mxOff, mh, mhOff, stride, h, len, act, recAct);
      return;
    }
    // the gates' sums over mh's blocks, activated there by the array loops (no vector held across
    // their calls), then h = z·h + (1 - z)·hh
    int z = mhOff, r = mhOff + stride, n = mhOff + 2 * stride;
    for (int j = 0; j < len; j += l) {
      VectorMask<Float> m = s.indexInRange(j, len);
      FloatVector.fromArray(s, mx, mxOff + j, m)
          .add(FloatVector.fromArray(s, mh, z + j, m))
          .intoArray(mh, z + j, m);
      FloatVector.fromArray(s, mx, mxOff + stride + j, m)
          .add(FloatVector.fromArray(s, mh, r + j, m))
          .intoArray(mh, r + j, m);
    }
    activate(recAct, mh, z, len);
    activate(recAct, mh, r, len);
    for (int j = 0; j < len; j += l) { // the candidate's sum: r·(h·U_h + b_h) + x·W_h
      VectorMask<Float> m = s.indexInRange(j, len);
      FloatVector.fromArray(s, mh, r + j, m)
          .fma(
              FloatVector.fromArray(s, mh, n + j, m),
              FloatVector.fromArray(s, mx, mxOff + 2 * stride + j, m))
          .intoArray(mh, n + j, m);
    }
    activate(act, mh, n, len);
    for (int j = 0; j < len; j += l) { // z·h + (1 - z)·hh, as hh + z·(h - hh) to save a multiply
      VectorMask<Float> m = s.indexInRange(j, len);
      FloatVector hOld = FloatVector.fromArray(s, h, j, m);
      FloatVector hh = FloatVector.fromArray(s, mh, n + j, m);
      FloatVector.fromArray(s, mh, z + j, m).fma(hOld.sub(hh), hh).intoArray(h, j, m);
    }
  }

  @Override
  public void lstmStep(
      float[] projection,
      int pOff,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] c,
      float[] h,
      float[] scratch,
      Activation act,
      Activation recAct) {
    steps.lstm(projection, pOff, recurrentKernel, false, units, stride, c, h, scratch, act, recAct);
  }

  @Override
  public void lstmStepPanels(
      float[] projection,
      int pOff,
      float[] recurrentPanels,
      int units,
      int stride,
      float[] c,
      float[] h,
      float[] scratch,
      Activation act,
      Activation recAct) {
    steps.lstm(projection, pOff, recurrentPanels, true, units, stride, c, h, scratch, act, recAct);
  }

  @Override
  public void lstmSteps(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] c,
      float[] h,
      int sStride,
      float[] scratch,
      Activation act,
      Activation recAct) {
    steps.lstmBatch(
        batch,
        projection,
        pOff,
        pStride,
        recurrentKernel,
        false,
        units,
        stride,
        c,
        h,
        sStride,
        scratch,
        act,
        recAct,
        null,
        0,
        0);
  }

  @Override
  public void lstmTrainingSteps(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] recurrentKernel,
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
    steps.lstmBatch(
        batch,
        projection,
        pOff,
        pStride,
        recurrentKernel,
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
        keepStride);
  }

  @Override
  public void lstmStepsPanels(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] recurrentPanels,
      int units,
      int stride,
      float[] c,
      float[] h,
      int sStride,
      float[] scratch,
      Activation act,
      Activation recAct) {
    steps.lstmBatch(
        batch,
        projection,
        pOff,
        pStride,
        recurrentPanels,
        true,
        units,
        stride,
        c,
        h,
        sStride,
        scratch,
        act,
        recAct,
        null,
        0,
        0);
  }

  @Override
  public void gruStep(
      float[] projection,
      int pOff,
      float[] recurrentKernel,
      float[] recurrentBias,
      int rbOff,
      int units,
      int stride,
      float[] h,
      float[] scratch,
      Activation act,
      Activation recAct) {
    steps.gru(
        projection,
        pOff,
        recurrentKernel,
        false,
        recurrentBias,
        rbOff,
        units,
        stride,
        h,
        scratch,
        act,
        recAct);
  }

  @Override
  public void gruSteps(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] recurrentKernel,
      float[] recurrentBias,
      int rbOff,
      int units,
      int stride,
      float[] h,
      int sStride,
      float[] scratch,
      Activation act,
      Activation recAct) {
    steps.gruBatch(
        batch,
        projection,
        pOff,
        pStride,
        recurrentKernel,
        false,
        recurrentBias,
        rbOff,
        units,
        stride,
        h,
        sStride,
        scratch,
        act,
        recAct,
        null,
        0,
        0);
  }

  @Override
  public void gruTrainingSteps(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] recurrentKernel,
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
    steps.gruBatch(
        batch,
        projection,
        pOff,
        pStride,
        recurrentKernel,
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
  }

  @Override
  public void gruStepsPanels(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] recurrentPanels,
      float[] recurrentBias,
      int rbOff,
      int units,
      int stride,
      float[] h,
      int sStride,
      float[] scratch,
      Activation act,
      Activation recAct) {
    steps.gruBatch(
        batch,
        projection,
        pOff,
        pStride,
        recurrentPanels,
        true,
        recurrentBias,
        rbOff,
        units,
        stride,
        h,
        sStride,
        scratch,
        act,
        recAct,
        null,
        0,
        0);
  }

  @Override
  public void gruStepPanels(
      float[] projection,
      int pOff,
      float[] recurrentPanels,
      float[] recurrentBias,
      int rbOff,
      int units,
      int stride,
      float[] h,
      float[] scratch,
      Activation act,
      Activation recAct) {
    steps.gru(
        projection,
        pOff,
        recurrentPanels,
        true,
        recurrentBias,
        rbOff,
        units,
        stride,
        h,
        scratch,
        act,
        recAct);
  }

  @Override
  public void simpleRnnStep(
      float[] projection,
      int pOff,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] h,
      float[] scratch,
      Activation act) {
    steps.simpleRnn(projection, pOff, recurrentKernel, units, stride, h, scratch, act);
  }

  @Override
  public GruStep gruStep(
      int units, int stride, Activation act, Activation recAct, boolean withRecurrentBias) {
    if (SizedSteps.coversGru(lanes, units, stride, act, recAct, withRecurrentBias)) {
      try {
        return SizedSteps.gru(lanes, units, stride);
      } catch (IllegalStateException e) {
        // A JVM that refuses hidden classes loses the specialisation, not the model.
        System.err.println(
            "rnnc: " + e.getMessage() + " (" + e.getCause() + "); using the shared kernel");
      }
    }
    return FloatKernels.super.gruStep(units, stride, act, recAct, withRecurrentBias);
  }

  @Override
  public LstmStep lstmStep(int units, int stride, Activation act, Activation recAct) {
    if (SizedSteps.coversLstm(lanes, units, stride, act, recAct)) {
      try {
        return SizedSteps.lstm(lanes, units, stride);
      } catch (IllegalStateException e) {
        // A JVM that refuses hidden classes loses the specialisation, not the model.
        System.err.println(
            "rnnc: " + e.getMessage() + " (" + e.getCause() + "); using the shared kernel");
      }
    }
    return FloatKernels.super.lstmStep(units, stride, act, recAct);
  }

  /**
   * The LSTM step over an aligned copy of {@code recurrentKernel} (row-major) where {@link
   * SizedSteps#coversLstm} covers these sizes, else null.
   */
  LstmStep alignedLstmStep(
      Variable recurrentKernel, int units, int stride, Activation act, Activation recAct) {
    return SizedSteps.coversLstm(lanes, units, stride, act, recAct)
        ? specialised(
            () ->
                new AlignedLstmStep(
                    new AlignedKernel(recurrentKernel),
                    SizedSteps.lstmOverSegment(lanes, units, stride),
                    SizedSteps.lstm(lanes, units, stride)))
        : null;
  }

  /**
   * The GRU step ({@code reset_after=True} with a recurrent bias) over an aligned copy of {@code
   * recurrentKernel} (row-major) where {@link SizedSteps#coversGru} covers these sizes, else null.
   */
  GruStep alignedGruStep(
      Variable recurrentKernel,
      int units,
      int stride,
      Activation act,
      Activation recAct,
      boolean withRecurrentBias) {
    return SizedSteps.coversGru(lanes, units, stride, act, recAct, withRecurrentBias)
        ? specialised(
            () ->
                new AlignedGruStep(
                    new AlignedKernel(recurrentKernel),
                    SizedSteps.gruOverSegment(lanes, units, stride),
                    SizedSteps.gru(lanes, units, stride)))
        : null;
  }

  /**
   * The LSTM step over an aligned copy of {@code recurrentKernel} (in panels) where {@link
   * SizedSteps#coversPanels} covers these sizes, else null.
   */
  LstmStep alignedLstmStepPanels(
      Variable recurrentKernel, int units, int stride, Activation act, Activation recAct) {
    return SizedSteps.coversPanels(lanes, units, stride, act, recAct)
        ? specialised(
            () ->
                new AlignedLstmStep(
                    new AlignedKernel(recurrentKernel),
                    SizedSteps.lstmPanels(lanes, units, stride),
                    lstmStepPanels(units, stride, act, recAct)))
        : null;
  }

  /**
   * The GRU step ({@code reset_after=True} with a recurrent bias) over an aligned copy of {@code
   * recurrentKernel} (in panels) where {@link SizedSteps#coversPanels} covers these sizes, else
   * null.
   */
  GruStep alignedGruStepPanels(
      Variable recurrentKernel,
      int units,
      int stride,
      Activation act,
      Activation recAct,
      boolean withRecurrentBias) {
    return withRecurrentBias && SizedSteps.coversPanels(lanes, units, stride, act, recAct)
        ? specialised(
            () ->
                new AlignedGruStep(
                    new AlignedKernel(recurrentKernel),
                    SizedSteps.gruPanels(lanes, units, stride),
                    gruStepPanels(units, stride, act, recAct)))
        : null;
  }

  /** The step {@code make} builds, or null where the JVM refuses the hidden classes it defines. */
  private static <T> T specialised(Supplier<T> make) {
    try {
      return make.get();
    } catch (IllegalStateException e) {
      hiddenClassRefused(e);
      return null;
    }
  }

  /** A JVM that refuses hidden classes loses the specialisation, not the model. */
  private static void hiddenClassRefused(IllegalStateException e) {
    System.err.println(
        "rnnc: " + e.getMessage() + " (" + e.getCause() + "); using the shared kernel");
  }

  @Override
  public SimpleRnnStep simpleRnnStep(int units, int stride, Activation act) {
    if (SizedSteps.coversSimpleRnn(lanes, units, stride, act)) {
      try {
        return SizedSteps.simpleRnn(lanes, units, stride);
      } catch (IllegalStateException e) {
        // A JVM that refuses hidden classes loses the specialisation, not the model.
        System.err.println(
            "rnnc: " + e.getMessage() + " (" + e.getCause() + "); using the shared kernel");
      }
    }
    return FloatKernels.super.simpleRnnStep(units, stride, act);
  }

  @Override
  public void simpleRnnSteps(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] h,
      int sStride,
      float[] scratch,
      Activation act) {
    steps.simpleRnnBatch(
        batch,
        projection,
        pOff,
        pStride,
        recurrentKernel,
        units,
        stride,
        h,
        sStride,
        scratch,
        act,
        false);
  }

  @Override
  public void simpleRnnTrainingSteps(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] h,
      int sStride,
      float[] scratch,
      Activation act) {
    steps.simpleRnnBatch(
        batch,
        projection,
        pOff,
        pStride,
        recurrentKernel,
        units,
        stride,
        h,
        sStride,
        scratch,
        act,
        true);
  }

  @Override
  public void mul(float[] a, int aOff, float[] b, int bOff, float[] dst, int dstOff, int len) {
    VectorSpecies<Float> s = lanes.species();
    int j = 0;
    for (; j < s.loopBound(len); j += s.length()) {
      FloatVector.fromArray(s, a, aOff + j)
          .mul(FloatVector.fromArray(s, b, bOff + j))
          .intoArray(dst, dstOff + j);
    }
    for (; j < len; j++) {
      dst[dstOff + j] = a[aOff + j] * b[bOff + j];
    }
  }

  @Override
  public void gruBlend(float[] z, int zOff, float[] hh, int hhOff, float[] h, int len) {
    VectorSpecies<Float> s = lanes.species();
    int j = 0;
    for (; j < s.loopBound(len); j += s.length()) {
      FloatVector hj = FloatVector.fromArray(s, hh, hhOff + j);
      FloatVector.fromArray(s, z, zOff + j)
          .fma(FloatVector.fromArray(s, h, j).sub(hj), hj)
          .intoArray(h, j);
    }
    for (; j < len; j++) {
      float hj = hh[hhOff + j];
      h[j] = Math.fma(z[zOff + j], h[j] - hj, hj);
    }
  }

  @Override
  public void add(float[] a, int aOff, float[] b, int bOff, float[] dst, int dstOff, int len) {
    VectorSpecies<Float> s = lanes.species();
    int j = 0;
    for (; j < s.loopBound(len); j += s.length()) {
      FloatVector.fromArray(s, a, aOff + j)
          .add(FloatVector.fromArray(s, b, bOff + j))
          .intoArray(dst, dstOff + j);
    }
    for (; j < len; j++) {
      dst[dstOff + j] = a[aOff + j] + b[bOff + j];
    }
  }

  @Override
  public String description() {
    VectorSpecies<Float> s = lanes.species();
    return "Vector API, " + s.vectorBitSize() + "-bit (" + s.length() + " floats)";
  }
}
