package dev.rnnc.runtime.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Arrays;
import java.util.Random;
import java.util.function.IntPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link VectorGradientKernels} at 128, 256 and 512 bits and {@link ScalarGradientKernels} against
 * a double-precision product, on sizes that are not lane multiples, with non-zero offsets and
 * strides wider than the rows. Each result must lie within the float summation bound {@code
 * n·2⁻²³·Σ|terms|} of the exact value; every element outside the documented output range must
 * survive bit for bit, and inputs outside their documented ranges are NaN, so a stray read shows.
 */
class VectorGradientKernelsTest {
  private static final int[] WIDTHS = {1, 5, 15, 16, 33, 100, 256};
  private static final int[] ROWS = {1, 3, 4, 5, 9, 300, 301}; // 300 and up: the transposed product
  // 40 and 70: two vectors of columns and a tail at every width (the transposed product's blocks)
  private static final int[] NS = {1, 3, 4, 7, 17, 40, 70};

  static Stream<Arguments> kernelsAndWidths() {
    return Stream.of("scalar", "128", "256", "512")
        .flatMap(k -> Arrays.stream(WIDTHS).mapToObj(w -> Arguments.of(k, w)));
  }

  static FloatGradientKernels kernels(String name) {
    return name.equals("scalar")
        ? new ScalarGradientKernels()
        : VectorGradientKernels.of(Integer.parseInt(name));
  }

  /** A row-major matrix at {@code off} with row stride {@code stride}, NaN outside its elements. */
  static float[] matrix(Random rnd, int off, int rows, int cols, int stride) {
    float[] a = new float[off + (rows - 1) * stride + cols + 3];
    Arrays.fill(a, Float.NaN);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        a[off + r * stride + c] = rnd.nextFloat(-1, 1);
      }
    }
    return a;
  }

  /** An output: random values everywhere (kept or accumulated into). */
  static float[] output(Random rnd, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = rnd.nextFloat(-1, 1);
    }
    return a;
  }

  /** Checks written elements against exact[] within bound[], the rest bit for bit. */
  static void check(
      String what,
      float[] before,
      float[] actual,
      double[] exact,
      double[] bound,
      IntPredicate written) {
    for (int i = 0; i < actual.length; i++) {
      if (written.test(i)) {
        double err = Math.abs(actual[i] - exact[i]);
        if (!(err <= bound[i])) {
          throw new AssertionError(
              what
                  + ": element "
                  + i
                  + " is "
                  + actual[i]
                  + ", exact "
                  + exact[i]
                  + ", error "
                  + err
                  + " > bound "
                  + bound[i]);
        }
      } else {
        assertEquals(
            Float.floatToRawIntBits(before[i]),
            Float.floatToRawIntBits(actual[i]),
            what + ": element " + i + " outside the output changed");
      }
    }
  }

  /**
   * Float summation error bound for {@code terms} terms of absolute sum {@code abs}, from {@code
   * start}.
   */
  static double bound(int terms, double abs, double start) {
    return (terms + 2) * 0x1p-23 * (abs + Math.abs(start)) + Float.MIN_NORMAL;
  }

  @ParameterizedTest(name = "{0}, width {1}")
  @MethodSource("kernelsAndWidths")
  void mulAddTransposed(String name, int width) {
    FloatGradientKernels g = kernels(name);
    for (int rows : ROWS) {
      for (int n : NS) {
        Random rnd = new Random(rows * 1000L + n * 10L + width);
        int dOff = 3,
            dStride = width + 2,
            wOff = 5,
            wStride = width + 7,
            outOff = 4,
            outStride = n + 3;
        float[] d = matrix(rnd, dOff, rows, width, dStride);
        float[] w = matrix(rnd, wOff, n, width, wStride);
        float[] out = output(rnd, outOff + (rows - 1) * outStride + n + 4);
        float[] actual = out.clone();
        g.mulAddTransposed(
            rows, d, dOff, dStride, width, w, wOff, wStride, n, actual, outOff, outStride);
        double[] exact = new double[out.length];
        double[] bound = new double[out.length];
        for (int r = 0; r < rows; r++) {
          for (int k = 0; k < n; k++) {
            int o = outOff + r * outStride + k;
            double sum = out[o];
            double abs = 0;
            for (int j = 0; j < width; j++) {
              double term = (double) d[dOff + r * dStride + j] * w[wOff + k * wStride + j];
              sum += term;
              abs += Math.abs(term);
            }
            exact[o] = sum;
            bound[o] = bound(width, abs, out[o]);
          }
        }
        IntPredicate written =
            i -> i >= outOff && (i - outOff) / outStride < rows && (i - outOff) % outStride < n;
        check(
            name + " mulAddTransposed rows=" + rows + " n=" + n,
            out,
            actual,
            exact,
            bound,
            written);
      }
    }
  }

  @ParameterizedTest(name = "{0}, width {1}")
  @MethodSource("kernelsAndWidths")
  void mulAddOuter(String name, int width) {
    FloatGradientKernels g = kernels(name);
    for (int rows : ROWS) {
      for (int n : NS) {
        Random rnd = new Random(rows * 1000L + n * 10L + width + 1);
        int aOff = 2,
            aStride = n + 3,
            dOff = 6,
            dStride = width + 5,
            dstOff = 3,
            dstStride = width + 4;
        float[] a = matrix(rnd, aOff, rows, n, aStride);
        float[] d = matrix(rnd, dOff, rows, width, dStride);
        float[] dst = output(rnd, dstOff + (n - 1) * dstStride + width + 6);
        float[] actual = dst.clone();
        g.mulAddOuter(
            rows, a, aOff, aStride, n, d, dOff, dStride, width, actual, dstOff, dstStride);
        double[] exact = new double[dst.length];
        double[] bound = new double[dst.length];
        for (int k = 0; k < n; k++) {
          for (int j = 0; j < width; j++) {
            int o = dstOff + k * dstStride + j;
            double sum = dst[o];
            double abs = 0;
            for (int r = 0; r < rows; r++) {
              double term = (double) a[aOff + r * aStride + k] * d[dOff + r * dStride + j];
              sum += term;
              abs += Math.abs(term);
            }
            exact[o] = sum;
            bound[o] = bound(rows, abs, dst[o]);
          }
        }
        IntPredicate written =
            i -> i >= dstOff && (i - dstOff) / dstStride < n && (i - dstOff) % dstStride < width;
        check(name + " mulAddOuter rows=" + rows + " n=" + n, dst, actual, exact, bound, written);
      }
    }
  }

  @ParameterizedTest(name = "{0}, width {1}")
  @MethodSource("kernelsAndWidths")
  void addRows(String name, int width) {
    FloatGradientKernels g = kernels(name);
    for (int rows : ROWS) {
      Random rnd = new Random(rows * 1000L + width + 2);
      int dOff = 4, dStride = width + 3, dstOff = 5;
      float[] d = matrix(rnd, dOff, rows, width, dStride);
      float[] dst = output(rnd, dstOff + width + 5);
      float[] actual = dst.clone();
      g.addRows(rows, d, dOff, dStride, width, actual, dstOff);
      double[] exact = new double[dst.length];
      double[] bound = new double[dst.length];
      for (int j = 0; j < width; j++) {
        double sum = dst[dstOff + j];
        double abs = 0;
        for (int r = 0; r < rows; r++) {
          sum += d[dOff + r * dStride + j];
          abs += Math.abs(d[dOff + r * dStride + j]);
        }
        exact[dstOff + j] = sum;
        bound[dstOff + j] = bound(rows, abs, dst[dstOff + j]);
      }
      check(
          name + " addRows rows=" + rows,
          dst,
          actual,
          exact,
          bound,
          i -> i >= dstOff && i < dstOff + width);
    }
  }

  /**
   * The LSTM gate gradients: each vector width gives the scalar kernel's bits (the same float
   * expressions, no FMA), and nothing outside the written ranges changes.
   */
  @ParameterizedTest(name = "{0} bits")
  @ValueSource(ints = {128, 256, 512})
  void lstmGateGradients(int bits) {
    FloatGradientKernels vector = VectorGradientKernels.of(bits);
    FloatGradientKernels scalar = new ScalarGradientKernels();
    for (int units : new int[] {1, 5, 16, 17, 33, 64}) {
      for (int stride : new int[] {units, units + 3}) {
        Random rnd = new Random(units * 100L + stride + bits);
        int gate = 3, cAct = 2, cPrev = 5, dhOff = 1, dcOff = 4, row = 6;
        float[] gates = output(rnd, gate + 4 * stride + 2);
        float[] acts = output(rnd, cAct + units + 3);
        float[] prev = output(rnd, cPrev + units + 1);
        float[] dh = output(rnd, dhOff + units + 2);
        float[] dc = output(rnd, dcOff + units + 2);
        float[] dGates = output(rnd, row + 4 * stride + 3);
        float[] dcScalar = dc.clone(), dGatesScalar = dGates.clone();
        scalar.lstmGateGradients(
            gates,
            gate,
            acts,
            cAct,
            prev,
            cPrev,
            units,
            stride,
            dh,
            dhOff,
            dcScalar,
            dcOff,
            dGatesScalar,
            row);
        float[] dcVector = dc.clone(), dGatesVector = dGates.clone();
        vector.lstmGateGradients(
            gates,
            gate,
            acts,
            cAct,
            prev,
            cPrev,
            units,
            stride,
            dh,
            dhOff,
            dcVector,
            dcOff,
            dGatesVector,
            row);
        String what = bits + " bits, units " + units + ", stride " + stride;
        assertArrayEquals(dcScalar, dcVector, what + ": dc");
        assertArrayEquals(dGatesScalar, dGatesVector, what + ": gate gradients");
        for (int i = 0; i < dGates.length; i++) {
          boolean written = i >= row && i < row + 4 * stride && (i - row) % stride < units;
          if (!written) {
            assertEquals(dGates[i], dGatesScalar[i], what + ": element " + i + " changed");
          }
        }
        float dh0 = dh[dhOff], ig = gates[gate], tc = acts[cAct], og = gates[gate + 2 * stride];
        float dct = dc[dcOff] + dh0 * og * (1f - tc * tc);
        assertEquals(dct * gates[gate + 3 * stride] * ig * (1f - ig), dGatesScalar[row], what);
      }
    }
  }

  /**
   * The GRU gate gradients: each vector width gives the scalar kernel's bits, nothing outside the
   * written ranges changes, and the scalar kernel's values are the derivatives of {@code h_t = z·h
   * + (1 - z)·tanh(x_h + r·mh_h)} (z, r sigmoids) computed here in double.
   */
  @ParameterizedTest(name = "{0} bits")
  @ValueSource(ints = {128, 256, 512})
  void gruGateGradients(int bits) {
    FloatGradientKernels vector = VectorGradientKernels.of(bits);
    FloatGradientKernels scalar = new ScalarGradientKernels();
    for (int units : new int[] {1, 5, 16, 17, 33, 64}) {
      for (int stride : new int[] {units, units + 3}) {
        Random rnd = new Random(units * 101L + stride + bits);
        int gate = 3, mh = 2, prev = 5, dhOff = 1, row = 6, dm = 4, back = 7;
        float[] gates = output(rnd, gate + 3 * stride + 2);
        float[] mhH = output(rnd, mh + units + 3);
        float[] hPrev = output(rnd, prev + units + 1);
        float[] dh = output(rnd, dhOff + units + 2);
        float[] dGates = output(rnd, row + 3 * stride + 3);
        float[] dmh = output(rnd, dm + 3 * stride + 2);
        float[] direct = output(rnd, back + units + 2);
        float[][] sc = {dGates.clone(), dmh.clone(), direct.clone()};
        float[][] ve = {dGates.clone(), dmh.clone(), direct.clone()};
        for (int pass = 0; pass < 2; pass++) {
          float[][] out = pass == 0 ? sc : ve;
          (pass == 0 ? scalar : vector)
              .gruGateGradients(
                  gates, gate, mhH, mh, hPrev, prev, units, stride, dh, dhOff, out[0], row, out[1],
                  dm, out[2], back);
        }
        String what = bits + " bits, units " + units + ", stride " + stride;
        assertArrayEquals(sc[0], ve[0], what + ": gate gradients");
        assertArrayEquals(sc[1], ve[1], what + ": recurrent sums' gradients");
        assertArrayEquals(sc[2], ve[2], what + ": direct path");
        for (int i = 0; i < dGates.length; i++) {
          boolean written = i >= row && i < row + 3 * stride && (i - row) % stride < units;
          if (!written) {
            assertEquals(dGates[i], sc[0][i], what + ": element " + i + " changed");
          }
        }
        for (int j = 0; j < units; j++) {
          double z = gates[gate + j], r = gates[gate + stride + j];
          double hh = gates[gate + 2 * stride + j], d = dh[dhOff + j];
          double dHh = d * (1 - z) * (1 - hh * hh);
          double[] expected = {
            d * (hPrev[prev + j] - hh) * z * (1 - z), dHh * mhH[mh + j] * r * (1 - r), dHh
          };
          for (int k = 0; k < 3; k++) {
            assertEquals(
                expected[k],
                sc[0][row + k * stride + j],
                1e-6 * (1 + Math.abs(expected[k])),
                what + " block " + k + " unit " + j);
          }
          assertEquals(dHh * r, sc[1][dm + 2 * stride + j], 1e-6 * (1 + Math.abs(dHh)), what);
          assertEquals(d * z, sc[2][back + j], 1e-6 * (1 + Math.abs(d)), what);
        }
      }
    }
  }

  @Test
  void propertyPicksTheImplementationLikeKernels() {
    assertInstanceOf(ScalarGradientKernels.class, GradientKernels.choose("0", true));
    assertInstanceOf(ScalarGradientKernels.class, GradientKernels.choose("512", false));
    for (String bits : new String[] {"128", "256", "512"}) {
      assertEquals(
          Kernels.choose(bits, true).description(),
          GradientKernels.choose(bits, true).description());
    }
    assertEquals(
        Kernels.choose(null, true).description(), GradientKernels.choose(null, true).description());
    assertEquals(Kernels.INSTANCE.description(), GradientKernels.INSTANCE.description());
  }
}
