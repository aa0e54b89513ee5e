package dev.rnnc.runtime.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatGradientKernels} on the Vector API, for one vector width. Results match {@link
 * ScalarGradientKernels} to float rounding: the sums are fused (FMA) and ordered differently. A
 * vector's lanes are summed in lane order, never with {@code reduceLanes(ADD)}, whose order C2 may
 * change: the same call gives the same bits in every JIT tier, so training is repeatable. Column
 * tails take one masked vector (the masked-off lanes are neither read nor written); rows shorter
 * than one vector go to the scalar kernels. The species comes from {@link Lanes}, called directly
 * in each method so that it stays a JIT-time constant (see there).
 */
public final class VectorGradientKernels implements FloatGradientKernels {
  private static final ScalarGradientKernels SCALAR = new ScalarGradientKernels();

  /** Rows of {@code d} per block of {@link #mulAddOuter} (see there). */
  private static final int OUTER_BLOCK = 128;

  /** Each thread's room for four vectors' lanes, summed in order (see {@link #dots4}). */
  private static final ThreadLocal<float[]> SUMS = ThreadLocal.withInitial(() -> new float[64]);

  /**
   * Rows of {@code d} from which {@link #mulAddTransposed} transposes {@code w} first: the product
   * over the copy needs no sum across lanes per output element (the dot products' cost at these
   * widths), but the copy is a strided pass over all of {@code w}, which pays only over many rows:
   * a whole sequence's {@code dx = dz·Wᵀ} takes it, a timestep's {@code dz·Uᵀ} over the batch (the
   * GRU's and SimpleRNN's, whose U would be copied again every timestep) keeps the dot products.
   */
  private static final int TRANSPOSE_ROWS = 256;

  /**
   * Rows of the transposed {@code w} per pass of {@link #mulAddProduct}: 128 rows of up to 64
   * floats are 32 KiB, which stay in L1 while the blocks of rows pass over them.
   */
  private static final int PRODUCT_ROWS = 128;

  /** Each thread's room for {@code w} transposed ({@link #mulAddTransposed}), grown when needed. */
  private static final ThreadLocal<float[]> TRANSPOSED =
      ThreadLocal.withInitial(() -> new float[0]);

  private final Lanes lanes;

  private VectorGradientKernels(Lanes lanes) {
    this.lanes = lanes;
  }

  /**
   * Creates kernels for float vectors of the given size. A size above the CPU's works, but is
   * emulated and slow.
   *
   * @param bits 128, 256 or 512
   * @return the kernels
   * @throws IllegalArgumentException for another size
   */
  public static VectorGradientKernels of(int bits) {
    return new VectorGradientKernels(Lanes.of(bits));
  }

  @Override
  public void mulAddTransposed(
      int rows,
      float[] d,
      int dOff,
      int dStride,
      int width,
      float[] w,
      int wOff,
      int wStride,
      int n,
      float[] out,
      int outOff,
      int outStride) {
    if (width < lanes.species().length()) {
      SCALAR.mulAddTransposed(
          rows, d, dOff, dStride, width, w, wOff, wStride, n, out, outOff, outStride);
      return;
    }
    if (rows >= TRANSPOSE_ROWS && n >= lanes.species().length()) {
      float[] wT = TRANSPOSED.get();
      if (wT.length < width * n) {
        wT = new float[width * n];
        TRANSPOSED.set(wT);
      }
      for (int k = 0; k < n; k++) {
        for (int j = 0; j < width; j++) {
          wT[j * n + k] = w[wOff + k * wStride + j];
        }
      }
      mulAddProduct(rows, d, dOff, dStride, width, wT, n, out, outOff, outStride);
      return;
    }
    int r = 0;
    for (; r + 4 <= rows; r += 4) {
      dots4(
          d,
          dOff + r * dStride,
          dStride,
          width,
          w,
          wOff,
          wStride,
          n,
          out,
          outOff + r * outStride,
          outStride);
    }
    for (; r < rows; r++) {
      dots1(d, dOff + r * dStride, width, w, wOff, wStride, n, out, outOff + r * outStride);
    }
  }

  /**
   * {@code out[r][k] += Σ_j d[r][j]·wT[j][k]} ({@code wT}: {@code width} rows of {@code n}), in
   * passes over {@link #PRODUCT_ROWS} rows of {@code wT}: blocks of four rows by two vectors of
   * columns ({@link #product4x2}), a column tail of one masked vector ({@link #product4x1}), then
   * the rows left one by one. The blocks are methods of their own, called many times a step, so
   * that C2 compiles each as a whole rather than only this loop, on stack.
   */
  private void mulAddProduct(
      int rows,
      float[] d,
      int dOff,
      int dStride,
      int width,
      float[] wT,
      int n,
      float[] out,
      int outOff,
      int outStride) {
    int l = lanes.species().length();
    // PRODUCT_ROWS rows of wT at a time, which stay in L1 while every block of rows passes over
    // them
    for (int j0 = 0; j0 < width; j0 += PRODUCT_ROWS) {
      int j1 = Math.min(width, j0 + PRODUCT_ROWS);
      int r = 0;
      if (l == 16) { // 512-bit vectors: AVX-512's 32 registers hold eight rows by two vectors
        for (; r + 8 <= rows; r += 8) {
          int dAt = dOff + r * dStride, oAt = outOff + r * outStride;
          int k = 0;
          for (; k + 2 * l <= n; k += 2 * l) {
            product8x2(d, dAt, dStride, j0, j1, wT, n, k, out, oAt, outStride);
          }
          for (; k < n; k += l) {
            product4x1(d, dAt, dStride, 4, j0, j1, wT, n, k, out, oAt, outStride);
            product4x1(
                d,
                dAt + 4 * dStride,
                dStride,
                4,
                j0,
                j1,
                wT,
                n,
                k,
                out,
                oAt + 4 * outStride,
                outStride);
          }
        }
      }
      for (; r + 4 <= rows; r += 4) {
        int dAt = dOff + r * dStride, oAt = outOff + r * outStride;
        int k = 0;
        for (; k + 2 * l <= n; k += 2 * l) {
          product4x2(d, dAt, dStride, j0, j1, wT, n, k, out, oAt, outStride);
        }
        for (; k < n; k += l) {
          product4x1(d, dAt, dStride, 4, j0, j1, wT, n, k, out, oAt, outStride);
        }
      }
      for (; r < rows; r++) {
        int dAt = dOff + r * dStride, oAt = outOff + r * outStride;
        for (int k = 0; k < n; k += l) {
          product4x1(d, dAt, dStride, 1, j0, j1, wT, n, k, out, oAt, outStride);
        }
      }
    }
  }

  /**
   * Four rows of out, two vectors of columns from {@code k}, summed over {@code j0 ≤ j < j1}: the
   * eight sums in registers over the {@code j} loop, each {@code wT} vector loaded feeding four
   * FMAs.
   */
  private void product4x2(
      float[] d,
      int dOff,
      int dStride,
      int j0,
      int j1,
      float[] wT,
      int n,
      int k,
      float[] out,
      int outOff,
      int outStride) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    int d0 = dOff, d1 = d0 + dStride, d2 = d1 + dStride, d3 = d2 + dStride;
    int o0 = outOff + k, o1 = o0 + outStride, o2 = o1 + outStride, o3 = o2 + outStride;
    FloatVector a00 = FloatVector.fromArray(s, out, o0);
    FloatVector a01 = FloatVector.fromArray(s, out, o0 + l);
    FloatVector a10 = FloatVector.fromArray(s, out, o1);
    FloatVector a11 = FloatVector.fromArray(s, out, o1 + l);
    FloatVector a20 = FloatVector.fromArray(s, out, o2);
    FloatVector a21 = FloatVector.fromArray(s, out, o2 + l);
    FloatVector a30 = FloatVector.fromArray(s, out, o3);
    FloatVector a31 = FloatVector.fromArray(s, out, o3 + l);
    for (int j = j0, row = j0 * n + k; j < j1; j++, row += n) {
      FloatVector w0 = FloatVector.fromArray(s, wT, row);
      FloatVector w1 = FloatVector.fromArray(s, wT, row + l);
      FloatVector b = FloatVector.broadcast(s, d[d0 + j]);
      a00 = w0.fma(b, a00);
      a01 = w1.fma(b, a01);
      b = FloatVector.broadcast(s, d[d1 + j]);
      a10 = w0.fma(b, a10);
      a11 = w1.fma(b, a11);
      b = FloatVector.broadcast(s, d[d2 + j]);
      a20 = w0.fma(b, a20);
      a21 = w1.fma(b, a21);
      b = FloatVector.broadcast(s, d[d3 + j]);
      a30 = w0.fma(b, a30);
      a31 = w1.fma(b, a31);
    }
    a00.intoArray(out, o0);
    a01.intoArray(out, o0 + l);
    a10.intoArray(out, o1);
    a11.intoArray(out, o1 + l);
    a20.intoArray(out, o2);
    a21.intoArray(out, o2 + l);
    a30.intoArray(out, o3);
    a31.intoArray(out, o3 + l);
  }

  /**
   * {@link #product4x2} for eight rows of out (sixteen sums in registers), for 512-bit vectors:
   * each {@code wT} vector loaded feeds eight FMAs instead of four, the loads per FMA that bound
   * the four-row block. Each sum runs over {@code j} in the same order, so the result is the same
   * bits.
   */
  private void product8x2(
      float[] d,
      int dOff,
      int dStride,
      int j0,
      int j1,
      float[] wT,
      int n,
      int k,
      float[] out,
      int outOff,
      int outStride) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    int d0 = dOff, d1 = d0 + dStride, d2 = d1 + dStride, d3 = d2 + dStride;
    int d4 = d3 + dStride, d5 = d4 + dStride, d6 = d5 + dStride, d7 = d6 + dStride;
    int o0 = outOff + k, o1 = o0 + outStride, o2 = o1 + outStride, o3 = o2 + outStride;
    int o4 = o3 + outStride, o5 = o4 + outStride, o6 = o5 + outStride, o7 = o6 + outStride;
    FloatVector a00 = FloatVector.fromArray(s, out, o0);
    FloatVector a01 = FloatVector.fromArray(s, out, o0 + l);
    FloatVector a10 = FloatVector.fromArray(s, out, o1);
    FloatVector a11 = FloatVector.fromArray(s, out, o1 + l);
    FloatVector a20 = FloatVector.fromArray(s, out, o2);
    FloatVector a21 = FloatVector.fromArray(s, out, o2 + l);
    FloatVector a30 = FloatVector.fromArray(s, out, o3);
    FloatVector a31 = FloatVector.fromArray(s, out, o3 + l);
    FloatVector a40 = FloatVector.fromArray(s, out, o4);
    FloatVector a41 = FloatVector.fromArray(s, out, o4 + l);
    FloatVector a50 = FloatVector.fromArray(s, out, o5);
    FloatVector a51 = FloatVector.fromArray(s, out, o5 + l);
    FloatVector a60 = FloatVector.fromArray(s, out, o6);
    FloatVector a61 = FloatVector.fromArray(s, out, o6 + l);
    FloatVector a70 = FloatVector.fromArray(s, out, o7);
    FloatVector a71 = FloatVector.fromArray(s, out, o7 + l);
    for (int j = j0, row = j0 * n + k; j < j1; j++, row += n) {
      FloatVector w0 = FloatVector.fromArray(s, wT, row);
      FloatVector w1 = FloatVector.fromArray(s, wT, row + l);
      FloatVector b = FloatVector.broadcast(s, d[d0 + j]);
      a00 = w0.fma(b, a00);
      a01 = w1.fma(b, a01);
      b = FloatVector.broadcast(s, d[d1 + j]);
      a10 = w0.fma(b, a10);
      a11 = w1.fma(b, a11);
      b = FloatVector.broadcast(s, d[d2 + j]);
      a20 = w0.fma(b, a20);
      a21 = w1.fma(b, a21);
      b = FloatVector.broadcast(s, d[d3 + j]);
      a30 = w0.fma(b, a30);
      a31 = w1.fma(b, a31);
      b = FloatVector.broadcast(s, d[d4 + j]);
      a40 = w0.fma(b, a40);
      a41 = w1.fma(b, a41);
      b = FloatVector.broadcast(s, d[d5 + j]);
      a50 = w0.fma(b, a50);
      a51 = w1.fma(b, a51);
      b = FloatVector.broadcast(s, d[d6 + j]);
      a60 = w0.fma(b, a60);
      a61 = w1.fma(b, a61);
      b = FloatVector.broadcast(s, d[d7 + j]);
      a70 = w0.fma(b, a70);
      a71 = w1.fma(b, a71);
    }
    a00.intoArray(out, o0);
    a01.intoArray(out, o0 + l);
    a10.intoArray(out, o1);
    a11.intoArray(out, o1 + l);
    a20.intoArray(out, o2);
    a21.intoArray(out, o2 + l);
    a30.intoArray(out, o3);
    a31.intoArray(out, o3 + l);
    a40.intoArray(out, o4);
    a41.intoArray(out, o4 + l);
    a50.intoArray(out, o5);
    a51.intoArray(out, o5 + l);
    a60.intoArray(out, o6);
    a61.intoArray(out, o6 + l);
    a70.intoArray(out, o7);
    a71.intoArray(out, o7 + l);
  }

  /** {@code rows} (1 to 4) rows of out, one masked vector of columns from {@code k}. */
  private void product4x1(
      float[] d,
      int dOff,
      int dStride,
      int rows,
      int j0,
      int j1,
      float[] wT,
      int n,
      int k,
      float[] out,
      int outOff,
      int outStride) {
    VectorSpecies<Float> s = lanes.species();
    VectorMask<Float> m = s.indexInRange(k, n);
    for (int r = 0; r < rows; r++) {
      int dr = dOff + r * dStride, o = outOff + r * outStride + k;
      FloatVector a = FloatVector.fromArray(s, out, o, m);
      for (int j = j0, row = j0 * n + k; j < j1; j++, row += n) {
        a = FloatVector.fromArray(s, wT, row, m).fma(FloatVector.broadcast(s, d[dr + j]), a);
      }
      a.intoArray(out, o, m);
    }
  }

  /**
   * Four rows of d against every row of w: each vector of w loaded feeds four FMAs, and the four
   * sums are independent chains.
   */
  private void dots4(
      float[] d,
      int dOff,
      int dStride,
      int width,
      float[] w,
      int wOff,
      int wStride,
      int n,
      float[] out,
      int outOff,
      int outStride) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    int bound = s.loopBound(width);
    int d0 = dOff, d1 = d0 + dStride, d2 = d1 + dStride, d3 = d2 + dStride;
    float[] sums = SUMS.get();
    for (int k = 0; k < n; k++) {
      int wRow = wOff + k * wStride;
      FloatVector a0 = FloatVector.zero(s), a1 = a0, a2 = a0, a3 = a0;
      for (int j = 0; j < bound; j += l) {
        FloatVector wv = FloatVector.fromArray(s, w, wRow + j);
        a0 = FloatVector.fromArray(s, d, d0 + j).fma(wv, a0);
        a1 = FloatVector.fromArray(s, d, d1 + j).fma(wv, a1);
        a2 = FloatVector.fromArray(s, d, d2 + j).fma(wv, a2);
        a3 = FloatVector.fromArray(s, d, d3 + j).fma(wv, a3);
      }
      if (bound < width) {
        VectorMask<Float> m = s.indexInRange(bound, width);
        FloatVector wv = FloatVector.fromArray(s, w, wRow + bound, m);
        a0 = FloatVector.fromArray(s, d, d0 + bound, m).fma(wv, a0);
        a1 = FloatVector.fromArray(s, d, d1 + bound, m).fma(wv, a1);
        a2 = FloatVector.fromArray(s, d, d2 + bound, m).fma(wv, a2);
        a3 = FloatVector.fromArray(s, d, d3 + bound, m).fma(wv, a3);
      }
      // Lane by lane in order, not reduceLanes(ADD): C2 adds those lanes in another order than
      // the interpreter and C1, so a training trajectory would depend on when the JIT kicked in.
      // Through memory: lane(i) with an index C2 does not fold boxes the vector.
      a0.intoArray(sums, 0);
      a1.intoArray(sums, l);
      a2.intoArray(sums, 2 * l);
      a3.intoArray(sums, 3 * l);
      float t0 = 0, t1 = 0, t2 = 0, t3 = 0;
      for (int i = 0; i < l; i++) {
        t0 += sums[i];
        t1 += sums[l + i];
        t2 += sums[2 * l + i];
        t3 += sums[3 * l + i];
      }
      out[outOff + k] += t0;
      out[outOff + outStride + k] += t1;
      out[outOff + 2 * outStride + k] += t2;
      out[outOff + 3 * outStride + k] += t3;
    }
  }

  /** {@link #dots4} for one row, its sum split two ways to halve the FMA chain. */
  private void dots1(
      float[] d,
      int dOff,
      int width,
      float[] w,
      int wOff,
      int wStride,
      int n,
      float[] out,
      int outOff) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    int bound = s.loopBound(width);
    float[] sums = SUMS.get();
    for (int k = 0; k < n; k++) {
      int wRow = wOff + k * wStride;
      FloatVector a0 = FloatVector.zero(s), a1 = a0;
      int j = 0;
      for (; j + 2 * l <= bound; j += 2 * l) {
        a0 = FloatVector.fromArray(s, d, dOff + j).fma(FloatVector.fromArray(s, w, wRow + j), a0);
        a1 =
            FloatVector.fromArray(s, d, dOff + j + l)
                .fma(FloatVector.fromArray(s, w, wRow + j + l), a1);
      }
      for (; j < bound; j += l) {
        a0 = FloatVector.fromArray(s, d, dOff + j).fma(FloatVector.fromArray(s, w, wRow + j), a0);
      }
      if (bound < width) {
        VectorMask<Float> m = s.indexInRange(bound, width);
        a1 =
            FloatVector.fromArray(s, d, dOff + bound, m)
                .fma(FloatVector.fromArray(s, w, wRow + bound, m), a1);
      }
      a0.add(a1).intoArray(sums, 0);
      float t = 0; // lane by lane in order, as in dots4
      for (int i = 0; i < l; i++) {
        t += sums[i];
      }
      out[outOff + k] += t;
    }
  }

  @Override
  public void mulAddOuter(
      int rows,
      float[] a,
      int aOff,
      int aStride,
      int n,
      float[] d,
      int dOff,
      int dStride,
      int width,
      float[] dst,
      int dstOff,
      int dstStride) {
    int l = lanes.species().length();
    if (width < l) {
      SCALAR.mulAddOuter(
          rows, a, aOff, aStride, n, d, dOff, dStride, width, dst, dstOff, dstStride);
      return;
    }
    int n4 = n - n % 4;
    for (int r0 = 0; r0 < rows; r0 += OUTER_BLOCK) {
      int count = Math.min(OUTER_BLOCK, rows - r0);
      int aBlock = aOff + r0 * aStride;
      int dBlock = dOff + r0 * dStride;
      // columns outside, groups of four rows of dst inside: the block's columns of d (OUTER_BLOCK
      // rows of four vectors, 32 KiB at 512 bits) stay in L1 while every group passes over them
      int j = 0;
      if (l == 16) { // 512-bit vectors: AVX-512, whose 32 registers hold a block of 4 by 4
        for (; j + 4 * l <= width; j += 4 * l) {
          for (int k = 0; k < n4; k += 4) {
            outer4x4(
                count,
                a,
                aBlock + k,
                aStride,
                d,
                dBlock + j,
                dStride,
                dst,
                dstOff + k * dstStride + j,
                dstStride);
          }
        }
      }
      for (; j + 2 * l <= width; j += 2 * l) {
        for (int k = 0; k < n4; k += 4) {
          outer4x2(
              count,
              a,
              aBlock + k,
              aStride,
              d,
              dBlock + j,
              dStride,
              dst,
              dstOff + k * dstStride + j,
              dstStride);
        }
      }
      for (int k = 0; k < n4 && j < width; k++) {
        outer1(
            count,
            a,
            aBlock + k,
            aStride,
            d,
            dBlock,
            dStride,
            j,
            width,
            dst,
            dstOff + k * dstStride);
      }
      for (int k = n4; k < n; k++) {
        outer1(
            count,
            a,
            aBlock + k,
            aStride,
            d,
            dBlock,
            dStride,
            0,
            width,
            dst,
            dstOff + k * dstStride);
      }
    }
  }

  /**
   * {@link #outer4x2} four vectors wide, for 512-bit vectors (AVX-512's 32 registers): four loads
   * of d and four broadcasts of a per 16 FMAs; each element's sum the same chain as there.
   */
  private void outer4x4(
      int rows,
      float[] a,
      int aOff,
      int aStride,
      float[] d,
      int dOff,
      int dStride,
      float[] dst,
      int dstOff,
      int dstStride) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    int t0 = dstOff, t1 = t0 + dstStride, t2 = t1 + dstStride, t3 = t2 + dstStride;
    FloatVector c00 = FloatVector.fromArray(s, dst, t0);
    FloatVector c01 = FloatVector.fromArray(s, dst, t0 + l);
    FloatVector c02 = FloatVector.fromArray(s, dst, t0 + 2 * l);
    FloatVector c03 = FloatVector.fromArray(s, dst, t0 + 3 * l);
    FloatVector c10 = FloatVector.fromArray(s, dst, t1);
    FloatVector c11 = FloatVector.fromArray(s, dst, t1 + l);
    FloatVector c12 = FloatVector.fromArray(s, dst, t1 + 2 * l);
    FloatVector c13 = FloatVector.fromArray(s, dst, t1 + 3 * l);
    FloatVector c20 = FloatVector.fromArray(s, dst, t2);
    FloatVector c21 = FloatVector.fromArray(s, dst, t2 + l);
    FloatVector c22 = FloatVector.fromArray(s, dst, t2 + 2 * l);
    FloatVector c23 = FloatVector.fromArray(s, dst, t2 + 3 * l);
    FloatVector c30 = FloatVector.fromArray(s, dst, t3);
    FloatVector c31 = FloatVector.fromArray(s, dst, t3 + l);
    FloatVector c32 = FloatVector.fromArray(s, dst, t3 + 2 * l);
    FloatVector c33 = FloatVector.fromArray(s, dst, t3 + 3 * l);
    for (int r = 0, ar = aOff, dr = dOff; r < rows; r++, ar += aStride, dr += dStride) {
      FloatVector d0 = FloatVector.fromArray(s, d, dr);
      FloatVector d1 = FloatVector.fromArray(s, d, dr + l);
      FloatVector d2 = FloatVector.fromArray(s, d, dr + 2 * l);
      FloatVector d3 = FloatVector.fromArray(s, d, dr + 3 * l);
      FloatVector b = FloatVector.broadcast(s, a[ar]);
      c00 = d0.fma(b, c00);
      c01 = d1.fma(b, c01);
      c02 = d2.fma(b, c02);
      c03 = d3.fma(b, c03);
      b = FloatVector.broadcast(s, a[ar + 1]);
      c10 = d0.fma(b, c10);
      c11 = d1.fma(b, c11);
      c12 = d2.fma(b, c12);
      c13 = d3.fma(b, c13);
      b = FloatVector.broadcast(s, a[ar + 2]);
      c20 = d0.fma(b, c20);
      c21 = d1.fma(b, c21);
      c22 = d2.fma(b, c22);
      c23 = d3.fma(b, c23);
      b = FloatVector.broadcast(s, a[ar + 3]);
      c30 = d0.fma(b, c30);
      c31 = d1.fma(b, c31);
      c32 = d2.fma(b, c32);
      c33 = d3.fma(b, c33);
    }
    c00.intoArray(dst, t0);
    c01.intoArray(dst, t0 + l);
    c02.intoArray(dst, t0 + 2 * l);
    c03.intoArray(dst, t0 + 3 * l);
    c10.intoArray(dst, t1);
    c11.intoArray(dst, t1 + l);
    c12.intoArray(dst, t1 + 2 * l);
    c13.intoArray(dst, t1 + 3 * l);
    c20.intoArray(dst, t2);
    c21.intoArray(dst, t2 + l);
    c22.intoArray(dst, t2 + 2 * l);
    c23.intoArray(dst, t2 + 3 * l);
    c30.intoArray(dst, t3);
    c31.intoArray(dst, t3 + l);
    c32.intoArray(dst, t3 + 2 * l);
    c33.intoArray(dst, t3 + 3 * l);
  }

  /**
   * Four rows of dst, two vectors of columns, summed over {@code rows}: eight accumulators, two
   * loads of d and four broadcasts of a per eight FMAs (within AVX2's sixteen registers).
   */
  private void outer4x2(
      int rows,
      float[] a,
      int aOff,
      int aStride,
      float[] d,
      int dOff,
      int dStride,
      float[] dst,
      int dstOff,
      int dstStride) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    int t0 = dstOff, t1 = t0 + dstStride, t2 = t1 + dstStride, t3 = t2 + dstStride;
    FloatVector c00 = FloatVector.fromArray(s, dst, t0),
        c01 = FloatVector.fromArray(s, dst, t0 + l);
    FloatVector c10 = FloatVector.fromArray(s, dst, t1),
        c11 = FloatVector.fromArray(s, dst, t1 + l);
    FloatVector c20 = FloatVector.fromArray(s, dst, t2),
        c21 = FloatVector.fromArray(s, dst, t2 + l);
    FloatVector c30 = FloatVector.fromArray(s, dst, t3),
        c31 = FloatVector.fromArray(s, dst, t3 + l);
    for (int r = 0, ar = aOff, dr = dOff; r < rows; r++, ar += aStride, dr += dStride) {
      FloatVector d0 = FloatVector.fromArray(s, d, dr);
      FloatVector d1 = FloatVector.fromArray(s, d, dr + l);
      FloatVector b = FloatVector.broadcast(s, a[ar]);
      c00 = d0.fma(b, c00);
      c01 = d1.fma(b, c01);
      b = FloatVector.broadcast(s, a[ar + 1]);
      c10 = d0.fma(b, c10);
      c11 = d1.fma(b, c11);
      b = FloatVector.broadcast(s, a[ar + 2]);
      c20 = d0.fma(b, c20);
      c21 = d1.fma(b, c21);
      b = FloatVector.broadcast(s, a[ar + 3]);
      c30 = d0.fma(b, c30);
      c31 = d1.fma(b, c31);
    }
    c00.intoArray(dst, t0);
    c01.intoArray(dst, t0 + l);
    c10.intoArray(dst, t1);
    c11.intoArray(dst, t1 + l);
    c20.intoArray(dst, t2);
    c21.intoArray(dst, t2 + l);
    c30.intoArray(dst, t3);
    c31.intoArray(dst, t3 + l);
  }

  /**
   * One row of dst, columns {@code from .. width}: four vectors at a time, so that four sums run
   * side by side instead of each row waiting on the last FMA's result (a layer with one input, as
   * M1's first, takes its whole kernel gradient here: 1.3x faster at 1,920 rows by 256 columns),
   * then one vector at a time, the last one masked. Each element sums its rows in order: the same
   * bits whatever the grouping.
   */
  private void outer1(
      int rows,
      float[] a,
      int aOff,
      int aStride,
      float[] d,
      int dOff,
      int dStride,
      int from,
      int width,
      float[] dst,
      int dstOff) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    int j = from;
    for (; j + 4 * l <= width; j += 4 * l) {
      int t = dstOff + j;
      FloatVector c0 = FloatVector.fromArray(s, dst, t);
      FloatVector c1 = FloatVector.fromArray(s, dst, t + l);
      FloatVector c2 = FloatVector.fromArray(s, dst, t + 2 * l);
      FloatVector c3 = FloatVector.fromArray(s, dst, t + 3 * l);
      for (int r = 0, ar = aOff, dr = dOff + j; r < rows; r++, ar += aStride, dr += dStride) {
        FloatVector b = FloatVector.broadcast(s, a[ar]);
        c0 = FloatVector.fromArray(s, d, dr).fma(b, c0);
        c1 = FloatVector.fromArray(s, d, dr + l).fma(b, c1);
        c2 = FloatVector.fromArray(s, d, dr + 2 * l).fma(b, c2);
        c3 = FloatVector.fromArray(s, d, dr + 3 * l).fma(b, c3);
      }
      c0.intoArray(dst, t);
      c1.intoArray(dst, t + l);
      c2.intoArray(dst, t + 2 * l);
      c3.intoArray(dst, t + 3 * l);
    }
    for (; j < width; j += l) {
      VectorMask<Float> m = s.indexInRange(j, width);
      FloatVector c = FloatVector.fromArray(s, dst, dstOff + j, m);
      for (int r = 0, ar = aOff, dr = dOff + j; r < rows; r++, ar += aStride, dr += dStride) {
        c = FloatVector.fromArray(s, d, dr, m).fma(FloatVector.broadcast(s, a[ar]), c);
      }
      c.intoArray(dst, dstOff + j, m);
    }
  }

  @Override
  public void addRows(
      int rows, float[] d, int dOff, int dStride, int width, float[] dst, int dstOff) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    if (width < l) {
      SCALAR.addRows(rows, d, dOff, dStride, width, dst, dstOff);
      return;
    }
    int whole = width - width % l;
    // rows outside: d is read once, row after row (a column at a time read every row's line once
    // per vector of columns, from L3 once d outgrows L2); dst stays in L1. Each element still sums
    // its rows in order, so the result is the same bits.
    for (int r = 0, dr = dOff; r < rows; r++, dr += dStride) {
      for (int j = 0; j < whole; j += l) {
        FloatVector.fromArray(s, dst, dstOff + j)
            .add(FloatVector.fromArray(s, d, dr + j))
            .intoArray(dst, dstOff + j);
      }
    }
    if (whole < width) {
      VectorMask<Float> m = s.indexInRange(whole, width);
      FloatVector c = FloatVector.fromArray(s, dst, dstOff + whole, m);
      for (int r = 0, dr = dOff + whole; r < rows; r++, dr += dStride) {
        c = c.add(FloatVector.fromArray(s, d, dr, m));
      }
      c.intoArray(dst, dstOff + whole, m);
    }
  }

  @Override
  public void lstmGateGradients(
      float[] gates,
      int gate,
      float[] cAct,
      int cActOff,
      float[] cPrev,
      int cPrevOff,
      int units,
      int stride,
      float[] dh,
      int dhOff,
      float[] dc,
      int dcOff,
      float[] dGates,
      int row) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    int f = stride;
    int o = 2 * stride;
    int c = 3 * stride;
    FloatVector one = FloatVector.broadcast(s, 1f);
    int j = 0;
    // whole vectors, unmasked (masked loads and stores cost markedly more); the body is written
    // out here, not in a method: a vector crossing a call C2 leaves out of line is boxed
    for (; j <= units - l; j += l) {
      FloatVector ig = FloatVector.fromArray(s, gates, gate + j);
      FloatVector fg = FloatVector.fromArray(s, gates, gate + f + j);
      FloatVector og = FloatVector.fromArray(s, gates, gate + o + j);
      FloatVector cg = FloatVector.fromArray(s, gates, gate + c + j);
      FloatVector tc = FloatVector.fromArray(s, cAct, cActOff + j);
      FloatVector dhj = FloatVector.fromArray(s, dh, dhOff + j);
      // ScalarGradientKernels' expressions, operation by operation (no FMA): the same bits
      FloatVector dct =
          FloatVector.fromArray(s, dc, dcOff + j).add(dhj.mul(og).mul(one.sub(tc.mul(tc))));
      dct.mul(fg).intoArray(dc, dcOff + j);
      dct.mul(cg).mul(ig).mul(one.sub(ig)).intoArray(dGates, row + j);
      dct.mul(FloatVector.fromArray(s, cPrev, cPrevOff + j))
          .mul(fg)
          .mul(one.sub(fg))
          .intoArray(dGates, row + f + j);
      dhj.mul(tc).mul(og).mul(one.sub(og)).intoArray(dGates, row + o + j);
      dct.mul(ig).mul(one.sub(cg.mul(cg))).intoArray(dGates, row + c + j);
    }
    if (j < units) { // the last units, fewer than a vector: the scalar loop, the same expressions
      SCALAR.lstmGateGradients(
          gates,
          gate + j,
          cAct,
          cActOff + j,
          cPrev,
          cPrevOff + j,
          units - j,
          stride,
          dh,
          dhOff + j,
          dc,
          dcOff + j,
          dGates,
          row + j);
    }
  }

  @Override
  public void gruGateGradients(
      float[] gates,
      int gate,
      float[] mhH,
      int mhHOff,
      float[] hPrev,
      int hPrevOff,
      int units,
      int stride,
      float[] dh,
      int dhOff,
      float[] dGates,
      int row,
      float[] dmh,
      int dmhOff,
      float[] direct,
      int directOff) {
    VectorSpecies<Float> s = lanes.species();
    int l = s.length();
    int r = stride;
    int c = 2 * stride;
    FloatVector one = FloatVector.broadcast(s, 1f);
    int j = 0;
    // whole vectors, unmasked; the body written out here (a vector crossing a call is boxed)
    for (; j <= units - l; j += l) {
      FloatVector zg = FloatVector.fromArray(s, gates, gate + j);
      FloatVector rg = FloatVector.fromArray(s, gates, gate + r + j);
      FloatVector hh = FloatVector.fromArray(s, gates, gate + c + j);
      FloatVector dhj = FloatVector.fromArray(s, dh, dhOff + j);
      // ScalarGradientKernels' expressions, operation by operation (no FMA): the same bits
      FloatVector dHh = dhj.mul(one.sub(zg)).mul(one.sub(hh.mul(hh)));
      FloatVector dR = dHh.mul(FloatVector.fromArray(s, mhH, mhHOff + j)).mul(rg.mul(one.sub(rg)));
      FloatVector dZ =
          dhj.mul(FloatVector.fromArray(s, hPrev, hPrevOff + j).sub(hh)).mul(zg.mul(one.sub(zg)));
      dZ.intoArray(dGates, row + j);
      dR.intoArray(dGates, row + r + j);
      dHh.intoArray(dGates, row + c + j);
      dZ.intoArray(dmh, dmhOff + j);
      dR.intoArray(dmh, dmhOff + r + j);
      dHh.mul(rg).intoArray(dmh, dmhOff + c + j);
      dhj.mul(zg).intoArray(direct, directOff + j);
    }
    if (j < units) { // the last units, fewer than a vector: the scalar loop, the same expressions
      SCALAR.gruGateGradients(
          gates,
          gate + j,
          mhH,
          mhHOff + j,
          hPrev,
          hPrevOff + j,
          units - j,
          stride,
          dh,
          dhOff + j,
          dGates,
          row + j,
          dmh,
          dmhOff + j,
          direct,
          directOff + j);
    }
  }

  @Override
  public String description() {
    VectorSpecies<Float> s = lanes.species();
    return "Vector API, " + s.vectorBitSize() + "-bit (" + s.length() + " floats)";
  }
}
