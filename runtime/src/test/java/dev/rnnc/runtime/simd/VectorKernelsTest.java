package dev.rnnc.runtime.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every {@link VectorKernels} kernel, at 128, 256 and 512 bits, against {@link ScalarKernels} on
 * random data with sizes that are not lane multiples and non-zero offsets. Pure inputs are guarded
 * with NaN, so any read outside the documented ranges shows up in the results; outputs are guarded
 * with random values that must survive bit for bit. Arrays either end right after the last element
 * used ({@code tail = 0}, which takes the masked loads' out-of-array path) or carry a few more.
 */
class VectorKernelsTest {
  private static final FloatKernels SCALAR = new ScalarKernels();
  private static final int[] BITS = {128, 256, 512};
  private static final int[] WIDTHS = {1, 5, 15, 16, 33, 100, 256};
  private static final int[] TAILS = {0, 5};

  static Stream<Arguments> bitsAndWidths() {
    return Arrays.stream(BITS)
        .boxed()
        .flatMap(b -> Arrays.stream(WIDTHS).mapToObj(w -> Arguments.of(b, w)));
  }

  @ParameterizedTest(name = "{0} bits, width {1}")
  @MethodSource("bitsAndWidths")
  void mulAdd(int bits, int width) {
    FloatKernels vector = VectorKernels.of(bits);
    for (int n : new int[] {1, 3, 17, 64}) {
      for (int tail : TAILS) {
        Random rnd = new Random(1000L * n + 10L * width + tail);
        int xOff = 3, wOff = 5, wStride = width + 3, yOff = 7;
        float[] x = input(rnd, xOff, n, tail, -1, 1);
        float[] w = matrix(rnd, wOff, n, width, wStride, tail);
        float[] y = output(rnd, yOff + width + tail);
        float[] expected = y.clone(), actual = y.clone();
        SCALAR.mulAdd(x, xOff, n, w, wOff, wStride, width, expected, yOff);
        vector.mulAdd(x, xOff, n, w, wOff, wStride, width, actual, yOff);
        assertOutput("mulAdd n=" + n, y, expected, actual, range(yOff, width));
      }
    }
  }

  @ParameterizedTest(name = "{0} bits, width {1}")
  @MethodSource("bitsAndWidths")
  void matmul(int bits, int width) {
    FloatKernels vector = VectorKernels.of(bits);
    for (int rows : new int[] {1, 3, 4, 5, 9, 16, 21}) {
      for (int n : new int[] {1, 17}) {
        for (boolean withBias : new boolean[] {false, true}) {
          Random rnd = new Random(1000L * rows + 100L * n + width + (withBias ? 7 : 0));
          int xOff = 2,
              xStride = n + 2,
              wOff = 5,
              wStride = width + 1,
              biasOff = 3,
              yOff = 4,
              yStride = width + 3;
          float[] x = matrix(rnd, xOff, rows, n, xStride, 0);
          float[] w = matrix(rnd, wOff, n, width, wStride, 0);
          float[] bias = withBias ? input(rnd, biasOff, width, 0, -1, 1) : null;
          float[] y = output(rnd, yOff + (rows - 1) * yStride + width);
          float[] expected = y.clone(), actual = y.clone();
          SCALAR.matmul(
              x, xOff, xStride, rows, n, w, wOff, wStride, width, bias, biasOff, expected, yOff,
              yStride);
          vector.matmul(
              x, xOff, xStride, rows, n, w, wOff, wStride, width, bias, biasOff, actual, yOff,
              yStride);
          IntPredicate written = i -> i >= yOff && (i - yOff) % yStride < width;
          assertOutput(
              "matmul rows=" + rows + " n=" + n + " bias=" + withBias,
              y,
              expected,
              actual,
              written);
          // rows in blocks of eight: each element as in blocks of four, bit for bit
          float[] byFour = y.clone();
          for (int r = 0; r + 4 <= rows; r += 4) {
            vector.matmul(
                x,
                xOff + r * xStride,
                xStride,
                4,
                n,
                w,
                wOff,
                wStride,
                width,
                bias,
                biasOff,
                byFour,
                yOff + r * yStride,
                yStride);
          }
          int blocked = yOff + (rows / 4 * 4 - 1) * yStride + width;
          assertArrayEquals(
              Arrays.copyOf(byFour, Math.max(0, blocked)),
              Arrays.copyOf(actual, Math.max(0, blocked)),
              "matmul rows=" + rows + " n=" + n + ": rows by eight as by four");
          // one input, a row alone (a streaming step's timestep, through its own loop): the bits
          // of the row among the others, one FMA from the bias either way (for more inputs, the
          // blocks of rows sum in another order than a single row)
          for (int r = 0; n == 1 && r < rows; r++) {
            float[] alone = y.clone();
            int yRow = yOff + r * yStride;
            vector.matmul(
                x,
                xOff + r * xStride,
                xStride,
                1,
                n,
                w,
                wOff,
                wStride,
                width,
                bias,
                biasOff,
                alone,
                yRow,
                yStride);
            assertArrayEquals(
                Arrays.copyOfRange(actual, yRow, yRow + width),
                Arrays.copyOfRange(alone, yRow, yRow + width),
                "matmul rows=" + rows + " n=" + n + ": row " + r + " computed alone");
          }
        }
      }
    }
  }

  /**
   * The dot product of a one-unit layer over its contiguous column: within float rounding of the
   * sum in double, the same bits as the scalar twin and as the documented order written out here
   * (whatever the vector size), the rest of the row zero, nothing outside the rows written or read
   * (inputs guarded with NaN), each row's bits those of the row computed alone.
   */
  @ParameterizedTest(name = "{0} bits")
  @ValueSource(ints = {128, 256, 512})
  void matmulColumn(int bits) {
    FloatKernels vector = VectorKernels.of(bits);
    for (int rows : new int[] {1, 3, 9}) {
      for (int n : new int[] {1, 5, 15, 16, 17, 20, 31, 32, 33, 100}) {
        for (int width : new int[] {16, 19}) {
          for (boolean withBias : new boolean[] {false, true}) {
            Random rnd = new Random(1000L * rows + 10L * n + width + (withBias ? 7 : 0));
            int xOff = 2, xStride = n + 2, cOff = 5, biasOff = 3, yOff = 4, yStride = width + 3;
            float[] x = matrix(rnd, xOff, rows, n, xStride, 0);
            float[] column = input(rnd, cOff, n, 0, -1, 1);
            float[] bias = withBias ? input(rnd, biasOff, 1, 4, -1, 1) : null;
            float[] y = output(rnd, yOff + (rows - 1) * yStride + width + 2);
            float[] actual = y.clone(), scalar = y.clone();
            vector.matmulColumn(
                x, xOff, xStride, rows, n, column, cOff, width, bias, biasOff, actual, yOff,
                yStride);
            SCALAR.matmulColumn(
                x, xOff, xStride, rows, n, column, cOff, width, bias, biasOff, scalar, yOff,
                yStride);
            String what =
                "matmulColumn rows=" + rows + " n=" + n + " width=" + width + " bias=" + withBias;
            assertArrayEquals(scalar, actual, what + ": the scalar twin's bits");
            float b = withBias ? bias[biasOff] : 0f;
            for (int r = 0; r < rows; r++) {
              int xRow = xOff + r * xStride, yRow = yOff + r * yStride;
              double sum = b, magnitude = Math.abs(b);
              for (int k = 0; k < n; k++) {
                sum += (double) x[xRow + k] * column[cOff + k];
                magnitude += Math.abs((double) x[xRow + k] * column[cOff + k]);
              }
              // at most n + 2 roundings of partial sums no larger than the magnitude
              double bound = (n + 2) * 0x1p-24 * magnitude;
              assertTrue(
                  Math.abs(actual[yRow] - sum) <= bound,
                  what + ": row " + r + " is " + actual[yRow] + ", in double " + sum);
              assertEquals(
                  Float.floatToRawIntBits(inDocumentedOrder(x, xRow, n, column, cOff, b)),
                  Float.floatToRawIntBits(actual[yRow]),
                  what + ": row " + r + " in the documented order");
              for (int j = 1; j < width; j++) {
                assertEquals(0f, actual[yRow + j], what + ": row " + r + " padding " + j);
              }
              float[] alone = y.clone();
              vector.matmulColumn(
                  x, xRow, xStride, 1, n, column, cOff, width, bias, biasOff, alone, yRow, yStride);
              assertArrayEquals(
                  Arrays.copyOfRange(actual, yRow, yRow + width),
                  Arrays.copyOfRange(alone, yRow, yRow + width),
                  what + ": row " + r + " as computed alone");
            }
            IntPredicate written = i -> i >= yOff && (i - yOff) % yStride < width;
            for (int i = 0; i < y.length; i++) {
              if (!written.test(i)) {
                assertEquals(
                    Float.floatToRawIntBits(y[i]),
                    Float.floatToRawIntBits(actual[i]),
                    what + ": element " + i + " outside the rows changed");
              }
            }
          }
        }
      }
    }
    for (FloatKernels kernels : new FloatKernels[] {vector, SCALAR}) {
      assertThrows(
          IllegalArgumentException.class,
          () ->
              kernels.matmulColumn(
                  new float[4], 0, 4, 1, 4, new float[4], 0, 15, null, 0, new float[15], 0, 15));
    }
  }

  /**
   * {@link FloatKernels#matmulColumn}'s documented order: sixteen partial sums {@code p[k mod 16]},
   * fused multiply-adds in increasing k, then pairwise at distance 8, 4, 2, 1, then the bias.
   */
  private static float inDocumentedOrder(float[] x, int xAt, int n, float[] c, int cOff, float b) {
    float[] p = new float[16];
    for (int k = 0; k < n; k++) {
      p[k % 16] = Math.fma(x[xAt + k], c[cOff + k], p[k % 16]);
    }
    for (int half = 8; half >= 1; half /= 2) {
      for (int j = 0; j < half; j++) {
        p[j] = p[j] + p[j + half];
      }
    }
    return b + p[0];
  }

  @ParameterizedTest(name = "{0} bits, width {1}")
  @MethodSource("bitsAndWidths")
  void activate(int bits, int width) {
    FloatKernels vector = VectorKernels.of(bits);
    for (Activation act : Activation.values()) {
      for (int tail : TAILS) {
        Random rnd = new Random(100L * act.ordinal() + width + tail);
        int off = 3;
        float[] a = output(rnd, off + width + tail);
        for (int j = 0; j < width; j++) {
          a[off + j] = rnd.nextFloat(-12, 12);
        }
        float[] expected = a.clone(), actual = a.clone();
        SCALAR.activate(act, expected, off, width);
        vector.activate(act, actual, off, width);
        assertOutput("activate " + act, a, expected, actual, range(off, width));
      }
    }
  }

  /** Large magnitudes, where exp overflows in float, must saturate rather than give NaN. */
  @ParameterizedTest(name = "{0} bits")
  @ValueSource(ints = {128, 256, 512})
  void activationsOverWideRange(int bits) {
    float[] special = {
      0f,
      -0f,
      1e-30f,
      -1e-30f,
      30f,
      -30f,
      88f,
      -88f,
      88.7f,
      -88.7f,
      89f,
      -89f,
      100f,
      -100f,
      1e30f,
      -1e30f,
      Float.MAX_VALUE,
      -Float.MAX_VALUE
    };
    float[] xs = new float[2001 + special.length];
    for (int i = 0; i <= 2000; i++) {
      xs[i] = -100f + 0.1f * i;
    }
    System.arraycopy(special, 0, xs, 2001, special.length);
    FloatKernels vector = VectorKernels.of(bits);
    for (Activation act : Activation.values()) {
      float[] expected = xs.clone(), actual = xs.clone();
      SCALAR.activate(act, expected, 0, xs.length);
      vector.activate(act, actual, 0, xs.length);
      for (int i = 0; i < xs.length; i++) {
        assertFalse(Float.isNaN(actual[i]), act + "(" + xs[i] + ") is NaN");
        assertClose(expected[i], actual[i], act + "(" + xs[i] + ")");
      }
    }
  }

  @ParameterizedTest(name = "{0} bits, width {1}")
  @MethodSource("bitsAndWidths")
  void softmax(int bits, int width) {
    FloatKernels vector = VectorKernels.of(bits);
    for (float scale : new float[] {1f, 20f, 1000f}) {
      for (int tail : TAILS) {
        Random rnd = new Random((long) scale + width + tail);
        int off = 6;
        float[] a = output(rnd, off + width + tail);
        for (int j = 0; j < width; j++) {
          a[off + j] = scale * rnd.nextFloat(-1, 1);
        }
        float[] expected = a.clone(), actual = a.clone();
        SCALAR.softmax(expected, off, width);
        vector.softmax(actual, off, width);
        assertOutput("softmax scale=" + scale, a, expected, actual, range(off, width));
        double sum = IntStream.range(off, off + width).mapToDouble(i -> actual[i]).sum();
        assertEquals(1.0, sum, 1e-5, "softmax sums to 1");
      }
    }
  }

  @ParameterizedTest(name = "{0} bits, width {1}")
  @MethodSource("bitsAndWidths")
  void lstmCell(int bits, int len) {
    FloatKernels vector = VectorKernels.of(bits);
    for (Activation act : Activation.values()) {
      for (int tail : TAILS) {
        Random rnd = new Random(100L * act.ordinal() + len + tail);
        int gOff = 3, stride = len + 2;
        float[] gates = matrix(rnd, gOff, 4, len, stride, tail);
        for (int j = 0; j < len; j++) {
          gates[gOff + 3 * stride + j] = 2 * gates[gOff + 3 * stride + j]; // candidate in [-2, 2]
        }
        float[] c = output(rnd, len + tail), h = output(rnd, len + tail);
        float[] cExpected = c.clone(),
            hExpected = h.clone(),
            cActual = c.clone(),
            hActual = h.clone();
        SCALAR.lstmCell(gates, gOff, stride, cExpected, hExpected, len, act);
        vector.lstmCell(gates, gOff, stride, cActual, hActual, len, act);
        assertOutput("lstmCell c " + act, c, cExpected, cActual, range(0, len));
        assertOutput("lstmCell h " + act, h, hExpected, hActual, range(0, len));
      }
    }
  }

  @ParameterizedTest(name = "{0} bits, width {1}")
  @MethodSource("bitsAndWidths")
  void gruResetAfter(int bits, int len) {
    FloatKernels vector = VectorKernels.of(bits);
    for (Activation act : Activation.values()) {
      for (Activation recAct : new Activation[] {Activation.SIGMOID, Activation.HARD_SIGMOID}) {
        for (int tail : TAILS) {
          Random rnd = new Random(100L * act.ordinal() + 10L * recAct.ordinal() + len + tail);
          int mxOff = 2, mhOff = 5, stride = len + 1;
          float[] mx = scaled(matrix(rnd, mxOff, 3, len, stride, tail), 4);
          float[] mh = scaled(matrix(rnd, mhOff, 3, len, stride, tail), 4);
          float[] h = output(rnd, len + tail);
          float[] expected = h.clone(), actual = h.clone();
          SCALAR.gruResetAfter(mx, mxOff, mh, mhOff, stride, expected, len, act, recAct);
          vector.gruResetAfter(mx, mxOff, mh, mhOff, stride, actual, len, act, recAct);
          assertOutput("gruResetAfter " + act + "/" + recAct, h, expected, actual, range(0, len));
        }
      }
    }
  }

  static Stream<Arguments> bitsAndUnits() {
    int[] units = {1, 5, 8, 15, 16, 20, 32, 33, 64, 100};
    return Arrays.stream(BITS)
        .boxed()
        .flatMap(b -> Arrays.stream(units).mapToObj(u -> Arguments.of(b, u)));
  }

  /**
   * The strides a step kernel meets: the generated layout's (units padded to 16, the fused path)
   * and one that is no lane multiple (the composed fallback).
   */
  private static int[] strides(int units) {
    return new int[] {(units + 15) / 16 * 16, units + 3};
  }

  /** {@code blocks} gate blocks of random values at {@code off}; NaN in the padding and around. */
  private static float[] blocks(
      Random rnd, int off, int blocks, int units, int stride, float scale) {
    float[] a = new float[off + blocks * stride + 2];
    Arrays.fill(a, Float.NaN);
    for (int b = 0; b < blocks; b++) {
      for (int j = 0; j < units; j++) {
        a[off + b * stride + j] = scale * rnd.nextFloat(-1, 1);
      }
    }
    return a;
  }

  /**
   * A recurrent kernel, {@code units} rows of {@code blocks · stride}; NaN in the padding columns.
   */
  private static float[] recurrentKernel(Random rnd, int blocks, int units, int stride) {
    float[] u = new float[units * blocks * stride];
    Arrays.fill(u, Float.NaN);
    float scale = 2f / (float) Math.sqrt(units);
    for (int k = 0; k < units; k++) {
      for (int b = 0; b < blocks; b++) {
        for (int j = 0; j < units; j++) {
          u[(k * blocks + b) * stride + j] = scale * rnd.nextFloat(-1, 1);
        }
      }
    }
    return u;
  }

  private static float[] nans(int size) {
    float[] a = new float[size];
    Arrays.fill(a, Float.NaN);
    return a;
  }

  private static final Activation[][] STEP_ACTIVATIONS = {
    {Activation.TANH, Activation.SIGMOID}, {Activation.RELU, Activation.HARD_SIGMOID}
  };

  @ParameterizedTest(name = "{0} bits, units {1}")
  @MethodSource("bitsAndUnits")
  void lstmStep(int bits, int units) {
    FloatKernels vector = VectorKernels.of(bits);
    for (int stride : strides(units)) {
      for (Activation[] acts : STEP_ACTIVATIONS) {
        Random rnd = new Random(31L * units + stride + acts[0].ordinal());
        int pOff = 3;
        float[] projection = blocks(rnd, pOff, 4, units, stride, 2);
        float[] u = recurrentKernel(rnd, 4, units, stride);
        float[] c = output(rnd, stride + 2), h = output(rnd, stride + 2);
        float[] cExpected = c.clone(),
            hExpected = h.clone(),
            cActual = c.clone(),
            hActual = h.clone();
        SCALAR.lstmStep(
            projection,
            pOff,
            u,
            units,
            stride,
            cExpected,
            hExpected,
            nans(4 * stride),
            acts[0],
            acts[1]);
        vector.lstmStep(
            projection,
            pOff,
            u,
            units,
            stride,
            cActual,
            hActual,
            nans(4 * stride),
            acts[0],
            acts[1]);
        String what = "lstmStep stride " + stride + " " + acts[0] + "/" + acts[1];
        assertOutput(what + " c", c, cExpected, cActual, range(0, units));
        assertOutput(what + " h", h, hExpected, hActual, range(0, units));
        // the step made for these sizes (specialised where SizedSteps covers them) agrees too
        float[] cSized = c.clone(), hSized = h.clone();
        vector
            .lstmStep(units, stride, acts[0], acts[1])
            .step(projection, pOff, u, nans(4 * stride), cSized, hSized);
        assertOutput("sized " + what + " c", c, cExpected, cSized, range(0, units));
        assertOutput("sized " + what + " h", h, hExpected, hSized, range(0, units));
        if (units == 2 * (bits / 32) && acts[0] == Activation.TANH) {
          // two whole vectors: the shared kernel's operations in its order, the same bits
          assertArrayEquals(Arrays.copyOf(cActual, units), Arrays.copyOf(cSized, units), what);
          assertArrayEquals(Arrays.copyOf(hActual, units), Arrays.copyOf(hSized, units), what);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} bits")
  @ValueSource(ints = {128, 256, 512})
  void sizedLstmStepsAreSpecialisedForOneOrTwoWholeVectors(int bits) {
    FloatKernels vector = VectorKernels.of(bits);
    int l = bits / 32;
    for (int units : new int[] {l, 2 * l}) {
      LstmStep step = vector.lstmStep(units, units, Activation.TANH, Activation.SIGMOID);
      assertTrue(specialised(step), units + " units: " + step.getClass());
      assertSame(
          step,
          vector.lstmStep(units, units, Activation.TANH, Activation.SIGMOID),
          "one step per size");
      assertNotSame(
          step.getClass(),
          vector.lstmStep(units, 2 * units, Activation.TANH, Activation.SIGMOID).getClass(),
          "a class per size");
    }
    // not covered: other activations, partial or three vectors (the shared kernel serves them)
    assertFalse(specialised(vector.lstmStep(l, l, Activation.RELU, Activation.SIGMOID)));
    assertFalse(specialised(vector.lstmStep(l, l, Activation.TANH, Activation.HARD_SIGMOID)));
    assertFalse(specialised(vector.lstmStep(l + 1, 2 * l, Activation.TANH, Activation.SIGMOID)));
    assertFalse(specialised(vector.lstmStep(3 * l, 3 * l, Activation.TANH, Activation.SIGMOID)));
    assertFalse(specialised(SCALAR.lstmStep(l, l, Activation.TANH, Activation.SIGMOID)));
  }

  private static boolean specialised(LstmStep step) {
    return definedFrom(step, SizedLstm.class);
  }

  /** The panel-layout steps, vector and scalar, against the row-major scalar step on the same U. */
  @ParameterizedTest(name = "{0} bits, units {1}")
  @MethodSource("bitsAndUnits")
  void stepsWithPanels(int bits, int units) {
    FloatKernels vector = VectorKernels.of(bits);
    for (int stride : strides(units)) {
      for (Activation[] acts : STEP_ACTIVATIONS) {
        Random rnd = new Random(47L * units + stride + acts[0].ordinal());
        int pOff = 3, rbOff = 2;
        float[] projection = blocks(rnd, pOff, 4, units, stride, 2);
        float[] bias = blocks(rnd, rbOff, 3, units, stride, 1);
        float[] u4 = recurrentKernel(rnd, 4, units, stride);
        float[] u3 = recurrentKernel(rnd, 3, units, stride);
        float[] p4 = new float[u4.length], p3 = new float[u3.length];
        RecurrentPanels.pack(u4, units, 4, stride, p4);
        RecurrentPanels.pack(u3, units, 3, stride, p3);
        String what = "stride " + stride + " " + acts[0] + "/" + acts[1];
        float[] c = output(rnd, stride + 2), h = output(rnd, stride + 2);
        float[] cExpected = c.clone(), hExpected = h.clone();
        SCALAR.lstmStep(
            projection,
            pOff,
            u4,
            units,
            stride,
            cExpected,
            hExpected,
            nans(4 * stride),
            acts[0],
            acts[1]);
        for (FloatKernels k : new FloatKernels[] {SCALAR, vector}) {
          float[] cActual = c.clone(), hActual = h.clone();
          k.lstmStepPanels(
              projection,
              pOff,
              p4,
              units,
              stride,
              cActual,
              hActual,
              nans(4 * stride),
              acts[0],
              acts[1]);
          assertOutput(
              k.description() + " lstmStepPanels " + what + " c",
              c,
              cExpected,
              cActual,
              range(0, units));
          assertOutput(
              k.description() + " lstmStepPanels " + what + " h",
              h,
              hExpected,
              hActual,
              range(0, units));
        }
        float[] gExpected = h.clone();
        SCALAR.gruStep(
            projection,
            pOff,
            u3,
            bias,
            rbOff,
            units,
            stride,
            gExpected,
            nans(3 * stride),
            acts[0],
            acts[1]);
        for (FloatKernels k : new FloatKernels[] {SCALAR, vector}) {
          float[] gActual = h.clone();
          k.gruStepPanels(
              projection,
              pOff,
              p3,
              bias,
              rbOff,
              units,
              stride,
              gActual,
              nans(3 * stride),
              acts[0],
              acts[1]);
          assertOutput(
              k.description() + " gruStepPanels " + what, h, gExpected, gActual, range(0, units));
        }
      }
    }
  }

  @Test
  void panelsPermuteTheRowMajorKernel() {
    for (int[] shape :
        new int[][] {{5, 4, 16}, {33, 3, 48}, {100, 4, 112}, {130, 3, 144}, {7, 1, 10}}) {
      int units = shape[0], blocks = shape[1], stride = shape[2];
      float[] rowMajor = new float[units * blocks * stride];
      for (int i = 0; i < rowMajor.length; i++) {
        rowMajor[i] = i;
      }
      float[] panels = new float[rowMajor.length];
      Arrays.fill(panels, -1f);
      RecurrentPanels.pack(rowMajor, units, blocks, stride, panels);
      boolean[] seen = new boolean[panels.length];
      for (int k = 0; k < units; k++) {
        for (int b = 0; b < blocks; b++) {
          for (int j = 0; j < stride; j++) {
            int at = RecurrentPanels.offset(units, blocks, stride, k, b, j);
            assertEquals(
                (k * blocks + b) * stride + j, panels[at], 0f, "element " + k + "," + b + "," + j);
            assertFalse(seen[at], "offset " + at + " used twice");
            seen[at] = true;
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} bits, units {1}")
  @MethodSource("bitsAndUnits")
  void lstmSteps(int bits, int units) {
    FloatKernels vector = VectorKernels.of(bits);
    for (int stride : strides(units)) {
      for (Activation[] acts : STEP_ACTIVATIONS) {
        for (int batch : new int[] {0, 1, 2, 3, 4, 5, 9}) {
          Random rnd = new Random(43L * units + stride + acts[0].ordinal() + 1000L * batch);
          int pOff = 3, pStride = 4 * stride + 5, sStride = units + 3;
          float[] projection = new float[pOff + batch * pStride + 2];
          Arrays.fill(projection, Float.NaN);
          for (int b = 0; b < batch; b++) {
            float[] one = blocks(rnd, 0, 4, units, stride, 2);
            System.arraycopy(one, 0, projection, pOff + b * pStride, 4 * stride);
          }
          float[] u = recurrentKernel(rnd, 4, units, stride);
          float[] c = output(rnd, batch * sStride + 2), h = output(rnd, batch * sStride + 2);
          float[] cExpected = c.clone(),
              hExpected = h.clone(),
              cActual = c.clone(),
              hActual = h.clone();
          SCALAR.lstmSteps(
              batch,
              projection,
              pOff,
              pStride,
              u,
              units,
              stride,
              cExpected,
              hExpected,
              sStride,
              nans(batch * 4 * stride),
              acts[0],
              acts[1]);
          vector.lstmSteps(
              batch,
              projection,
              pOff,
              pStride,
              u,
              units,
              stride,
              cActual,
              hActual,
              sStride,
              nans(batch * 4 * stride),
              acts[0],
              acts[1]);
          String what =
              "lstmSteps batch " + batch + " stride " + stride + " " + acts[0] + "/" + acts[1];
          IntPredicate state = i -> i < batch * sStride && i % sStride < units;
          assertOutput(what + " c", c, cExpected, cActual, state);
          assertOutput(what + " h", h, hExpected, hActual, state);
          // the same with U in panels, both kernels
          float[] panels = new float[u.length];
          RecurrentPanels.pack(u, units, 4, stride, panels);
          for (FloatKernels k : new FloatKernels[] {SCALAR, vector}) {
            float[] cPanels = c.clone(), hPanels = h.clone();
            k.lstmStepsPanels(
                batch,
                projection,
                pOff,
                pStride,
                panels,
                units,
                stride,
                cPanels,
                hPanels,
                sStride,
                nans(batch * 4 * stride),
                acts[0],
                acts[1]);
            assertOutput(
                k.description() + " lstmStepsPanels " + what + " c", c, cExpected, cPanels, state);
            assertOutput(
                k.description() + " lstmStepsPanels " + what + " h", h, hExpected, hPanels, state);
          }
          // one sequence alone gives what the batch gave it
          if (batch > 2) {
            float[] c2 = Arrays.copyOfRange(c, 2 * sStride, 2 * sStride + units);
            float[] h2 = Arrays.copyOfRange(h, 2 * sStride, 2 * sStride + units);
            vector.lstmStep(
                projection,
                pOff + 2 * pStride,
                u,
                units,
                stride,
                c2,
                h2,
                nans(4 * stride),
                acts[0],
                acts[1]);
            for (int j = 0; j < units; j++) {
              assertClose(
                  h2[j], hActual[2 * sStride + j], what + " sequence 2 alone, h[" + j + "]");
            }
          }
        }
      }
    }
  }

  /**
   * The training step computes the states of {@code lstmSteps} bit for bit, and leaves each
   * sequence's activated gates over its projection row and {@code act(c_t)} in {@code keep}:
   * checked against the gates recomputed here in double from the projection, {@code h_{t-1}} and U.
   */
  @ParameterizedTest(name = "{0} bits, units {1}")
  @MethodSource("bitsAndUnits")
  void lstmTrainingSteps(int bits, int units) {
    for (FloatKernels k : new FloatKernels[] {SCALAR, VectorKernels.of(bits)}) {
      for (int stride : strides(units)) {
        for (Activation[] acts : STEP_ACTIVATIONS) {
          for (int batch : new int[] {1, 3, 4, 9}) {
            for (boolean panels : new boolean[] {false, true}) {
              Random rnd = new Random(47L * units + stride + acts[0].ordinal() + 1000L * batch);
              int pOff = 3, pStride = 4 * stride + 5, sStride = units + 3;
              int keepOff = 1, keepStride = units + 2, width = 4 * stride;
              float[] projection = new float[pOff + batch * pStride + 2];
              Arrays.fill(projection, Float.NaN);
              for (int b = 0; b < batch; b++) {
                float[] one = blocks(rnd, 0, 4, units, stride, 2);
                System.arraycopy(one, 0, projection, pOff + b * pStride, width);
              }
              float[] u = recurrentKernel(rnd, 4, units, stride);
              float[] c = output(rnd, batch * sStride + 2), h = output(rnd, batch * sStride + 2);
              float[] cStep = c.clone(), hStep = h.clone(), cTrain = c.clone(), hTrain = h.clone();
              float[] read = u;
              if (panels) {
                read = new float[u.length];
                RecurrentPanels.pack(u, units, 4, stride, read);
                k.lstmStepsPanels(
                    batch,
                    projection,
                    pOff,
                    pStride,
                    read,
                    units,
                    stride,
                    cStep,
                    hStep,
                    sStride,
                    nans(batch * width),
                    acts[0],
                    acts[1]);
              } else {
                k.lstmSteps(
                    batch,
                    projection,
                    pOff,
                    pStride,
                    u,
                    units,
                    stride,
                    cStep,
                    hStep,
                    sStride,
                    nans(batch * width),
                    acts[0],
                    acts[1]);
              }
              float[] kept = projection.clone();
              float[] keep = nans(keepOff + batch * keepStride);
              k.lstmTrainingSteps(
                  batch,
                  kept,
                  pOff,
                  pStride,
                  read,
                  panels,
                  units,
                  stride,
                  cTrain,
                  hTrain,
                  sStride,
                  nans(batch * width),
                  acts[0],
                  acts[1],
                  keep,
                  keepOff,
                  keepStride);
              String what =
                  k.description()
                      + " batch "
                      + batch
                      + " stride "
                      + stride
                      + " "
                      + acts[0]
                      + (panels ? " panels" : "");
              if (k != SCALAR && acts[0] == Activation.TANH && acts[1] == Activation.SIGMOID) {
                // the fused inference update divides once per state (LstmCellUpdate), training
                // activates each gate for its backward pass; the composed inference step takes
                // the Vector API's tanh and sigmoid, training activateRepeatably's: the same math,
                // rounded differently
                for (int i = 0; i < cStep.length; i++) {
                  assertClose(cStep[i], cTrain[i], what + ": c as lstmSteps at " + i);
                  assertClose(hStep[i], hTrain[i], what + ": h as lstmSteps at " + i);
                }
              } else {
                assertArrayEquals(cStep, cTrain, what + ": c as lstmSteps");
                assertArrayEquals(hStep, hTrain, what + ": h as lstmSteps");
              }
              for (int b = 0; b < batch; b++) {
                for (int gate = 0; gate < 4; gate++) {
                  for (int j = 0; j < units; j++) {
                    double z = projection[pOff + b * pStride + gate * stride + j];
                    for (int i = 0; i < units; i++) {
                      z += (double) h[b * sStride + i] * u[i * width + gate * stride + j];
                    }
                    Activation a = gate == 3 ? acts[0] : acts[1];
                    assertClose(
                        a.apply((float) z),
                        kept[pOff + b * pStride + gate * stride + j],
                        what + " sequence " + b + " gate " + gate + " unit " + j);
                  }
                }
                for (int j = 0; j < units; j++) {
                  assertEquals(
                      acts[0].apply(cStep[b * sStride + j]),
                      keep[keepOff + b * keepStride + j],
                      1e-6f,
                      what + " sequence " + b + " act(c) " + j);
                }
              }
              for (int i = 0; i < kept.length; i++) { // nothing outside the rows changed
                int inRow = i - pOff - (i - pOff) / pStride * pStride;
                if (i < pOff || i >= pOff + batch * pStride || inRow >= width) {
                  assertTrue(Float.isNaN(kept[i]), what + ": element " + i + " changed");
                }
              }
            }
          }
        }
      }
    }
  }

  /**
   * Where the vector training step composes (a stride that is not a whole number of vectors), its
   * tanh and sigmoid are {@link FloatKernels#activateRepeatably}'s, whose bits do not depend on the
   * JIT tier: the kept gates and {@code act(c_t)} are exactly those functions of the
   * pre-activations and of {@code c_t}, which the same step with linear activations leaves.
   */
  @ParameterizedTest(name = "{0} bits, units {1}")
  @MethodSource("bitsAndUnits")
  void composedLstmTrainingStepsActivateRepeatably(int bits, int units) {
    FloatKernels k = VectorKernels.of(bits);
    int stride = units + 3, batch = 3, sStride = units + 1, width = 4 * stride;
    if (stride % (bits / Float.SIZE) == 0) {
      stride++;
      width = 4 * stride;
    }
    Random rnd = new Random(53L * units + bits);
    float[] projection = new float[batch * width];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(blocks(rnd, 0, 4, units, stride, 2), 0, projection, b * width, width);
    }
    float[] u = recurrentKernel(rnd, 4, units, stride);
    float[] c = output(rnd, batch * sStride), h = output(rnd, batch * sStride);
    float[] pre = projection.clone(), preKeep = nans(batch * units);
    k.lstmTrainingSteps(
        batch,
        pre,
        0,
        width,
        u,
        false,
        units,
        stride,
        c.clone(),
        h.clone(),
        sStride,
        nans(batch * width),
        Activation.LINEAR,
        Activation.LINEAR,
        preKeep,
        0,
        units);
    float[] kept = projection.clone(), keep = nans(batch * units), cNew = c.clone();
    k.lstmTrainingSteps(
        batch,
        kept,
        0,
        width,
        u,
        false,
        units,
        stride,
        cNew,
        h.clone(),
        sStride,
        nans(batch * width),
        Activation.TANH,
        Activation.SIGMOID,
        keep,
        0,
        units);
    for (int b = 0; b < batch; b++) {
      float[] expected = Arrays.copyOfRange(pre, b * width, (b + 1) * width);
      k.activateRepeatably(Activation.SIGMOID, expected, 0, 3 * stride);
      k.activateRepeatably(Activation.TANH, expected, 3 * stride, units);
      for (int gate = 0; gate < 4; gate++) {
        for (int j = 0; j < units; j++) {
          int at = gate * stride + j;
          assertEquals(
              expected[at], kept[b * width + at], "sequence " + b + " gate " + gate + " unit " + j);
        }
      }
      float[] actC = Arrays.copyOfRange(cNew, b * sStride, b * sStride + units);
      k.activateRepeatably(Activation.TANH, actC, 0, units);
      assertArrayEquals(
          actC, Arrays.copyOfRange(keep, b * units, (b + 1) * units), "sequence " + b + " tanh(c)");
    }
  }

  @ParameterizedTest(name = "{0} bits, units {1}")
  @MethodSource("bitsAndUnits")
  void gruStep(int bits, int units) {
    FloatKernels vector = VectorKernels.of(bits);
    for (int stride : strides(units)) {
      for (Activation[] acts : STEP_ACTIVATIONS) {
        for (boolean withBias : new boolean[] {true, false}) {
          Random rnd = new Random(37L * units + stride + acts[0].ordinal() + (withBias ? 1 : 0));
          int pOff = 2, rbOff = 5;
          float[] projection = blocks(rnd, pOff, 3, units, stride, 2);
          float[] bias = withBias ? blocks(rnd, rbOff, 3, units, stride, 1) : null;
          float[] u = recurrentKernel(rnd, 3, units, stride);
          float[] h = output(rnd, stride + 2);
          float[] expected = h.clone(), actual = h.clone();
          SCALAR.gruStep(
              projection,
              pOff,
              u,
              bias,
              rbOff,
              units,
              stride,
              expected,
              nans(3 * stride),
              acts[0],
              acts[1]);
          vector.gruStep(
              projection,
              pOff,
              u,
              bias,
              rbOff,
              units,
              stride,
              actual,
              nans(3 * stride),
              acts[0],
              acts[1]);
          String what =
              "gruStep stride " + stride + " " + acts[0] + "/" + acts[1] + " bias " + withBias;
          assertOutput(what, h, expected, actual, range(0, units));
          // the step made for these sizes (specialised where SizedSteps covers them) agrees too
          float[] sized = h.clone();
          vector
              .gruStep(units, stride, acts[0], acts[1], withBias)
              .step(projection, pOff, u, bias, rbOff, nans(3 * stride), sized);
          assertOutput("sized " + what, h, expected, sized, range(0, units));
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} bits")
  @ValueSource(ints = {128, 256, 512})
  void sizedGruStepsAreSpecialisedForOneOrTwoWholeVectors(int bits) {
    FloatKernels vector = VectorKernels.of(bits);
    int l = bits / 32;
    Activation tanh = Activation.TANH, sigmoid = Activation.SIGMOID;
    for (int units : new int[] {l, 2 * l}) {
      GruStep step = vector.gruStep(units, units, tanh, sigmoid, true);
      assertTrue(specialised(step), units + " units: " + step.getClass());
      assertSame(step, vector.gruStep(units, units, tanh, sigmoid, true), "one step per size");
      assertNotSame(
          step.getClass(),
          vector.gruStep(units, 2 * units, tanh, sigmoid, true).getClass(),
          "a class per size");
    }
    // not covered: no recurrent bias, other activations, partial or three vectors
    assertFalse(specialised(vector.gruStep(l, l, tanh, sigmoid, false)));
    assertFalse(specialised(vector.gruStep(l, l, Activation.RELU, sigmoid, true)));
    assertFalse(specialised(vector.gruStep(l + 1, 2 * l, tanh, sigmoid, true)));
    assertFalse(specialised(vector.gruStep(3 * l, 3 * l, tanh, sigmoid, true)));
    assertFalse(specialised(SCALAR.gruStep(l, l, tanh, sigmoid, true)));
  }

  private static boolean specialised(GruStep step) {
    return definedFrom(step, SizedGru.class);
  }

  /**
   * The GRU training step computes the states of {@code gruSteps} bit for bit, and leaves z, r and
   * hh over each sequence's projection row and {@code mh_h} in {@code keep}: checked against the
   * values recomputed here in double from the projection, {@code h_{t-1}}, U and the bias.
   */
  @ParameterizedTest(name = "{0} bits, units {1}")
  @MethodSource("bitsAndUnits")
  void gruTrainingSteps(int bits, int units) {
    for (FloatKernels k : new FloatKernels[] {SCALAR, VectorKernels.of(bits)}) {
      for (int stride : strides(units)) {
        for (Activation[] acts : STEP_ACTIVATIONS) {
          for (boolean withBias : new boolean[] {true, false}) {
            for (int batch : new int[] {1, 3, 4, 9}) {
              for (boolean panels : new boolean[] {false, true}) {
                Random rnd = new Random(53L * units + stride + 1000L * batch + (withBias ? 7 : 0));
                int pOff = 3, pStride = 3 * stride + 5, sStride = units + 3, rbOff = 5;
                int keepOff = 2, keepStride = units + 1, width = 3 * stride;
                float[] projection = new float[pOff + batch * pStride + 2];
                Arrays.fill(projection, Float.NaN);
                for (int b = 0; b < batch; b++) {
                  float[] one = blocks(rnd, 0, 3, units, stride, 2);
                  System.arraycopy(one, 0, projection, pOff + b * pStride, width);
                }
                float[] bias = withBias ? blocks(rnd, rbOff, 3, units, stride, 1) : null;
                float[] u = recurrentKernel(rnd, 3, units, stride);
                float[] h = output(rnd, batch * sStride + 2);
                float[] hStep = h.clone(), hTrain = h.clone();
                float[] read = u;
                if (panels) {
                  read = new float[u.length];
                  RecurrentPanels.pack(u, units, 3, stride, read);
                  k.gruStepsPanels(
                      batch,
                      projection,
                      pOff,
                      pStride,
                      read,
                      bias,
                      rbOff,
                      units,
                      stride,
                      hStep,
                      sStride,
                      nans(batch * width),
                      acts[0],
                      acts[1]);
                } else {
                  k.gruSteps(
                      batch,
                      projection,
                      pOff,
                      pStride,
                      u,
                      bias,
                      rbOff,
                      units,
                      stride,
                      hStep,
                      sStride,
                      nans(batch * width),
                      acts[0],
                      acts[1]);
                }
                float[] kept = projection.clone();
                float[] keep = nans(keepOff + batch * keepStride);
                k.gruTrainingSteps(
                    batch,
                    kept,
                    pOff,
                    pStride,
                    read,
                    panels,
                    bias,
                    rbOff,
                    units,
                    stride,
                    hTrain,
                    sStride,
                    nans(batch * width),
                    acts[0],
                    acts[1],
                    keep,
                    keepOff,
                    keepStride);
                String what =
                    k.description()
                        + " batch "
                        + batch
                        + " stride "
                        + stride
                        + " "
                        + acts[0]
                        + (withBias ? " bias" : "")
                        + (panels ? " panels" : "");
                if (k != SCALAR
                    && acts[0] == Activation.TANH
                    && acts[1] == Activation.SIGMOID
                    && stride % (bits / Float.SIZE) == 0) {
                  // inference's update divides twice per vector (GruCellUpdate), training
                  // activates each gate for its backward pass: the same math, rounded differently
                  for (int i = 0; i < hStep.length; i++) {
                    assertClose(hStep[i], hTrain[i], what + ": h as gruSteps at " + i);
                  }
                } else {
                  assertArrayEquals(hStep, hTrain, what + ": h as gruSteps");
                }
                for (int b = 0; b < batch; b++) {
                  int x = pOff + b * pStride;
                  for (int j = 0; j < units; j++) {
                    double[] mh = new double[3];
                    for (int gate = 0; gate < 3; gate++) {
                      mh[gate] = bias == null ? 0 : bias[rbOff + gate * stride + j];
                      for (int i = 0; i < units; i++) {
                        mh[gate] += (double) h[b * sStride + i] * u[i * width + gate * stride + j];
                      }
                    }
                    float z = acts[1].apply((float) (projection[x + j] + mh[0]));
                    float r = acts[1].apply((float) (projection[x + stride + j] + mh[1]));
                    float hh = acts[0].apply((float) (projection[x + 2 * stride + j] + r * mh[2]));
                    String at = what + " sequence " + b + " unit " + j;
                    assertClose(z, kept[x + j], at + " z");
                    assertClose(r, kept[x + stride + j], at + " r");
                    assertClose(hh, kept[x + 2 * stride + j], at + " hh");
                    assertClose((float) mh[2], keep[keepOff + b * keepStride + j], at + " mh_h");
                  }
                }
                for (int i = 0; i < kept.length; i++) { // nothing outside the rows changed
                  int inRow = i - pOff - (i - pOff) / pStride * pStride;
                  if (i < pOff || i >= pOff + batch * pStride || inRow >= width) {
                    assertTrue(Float.isNaN(kept[i]), what + ": element " + i + " changed");
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} bits, units {1}")
  @MethodSource("bitsAndUnits")
  void gruSteps(int bits, int units) {
    FloatKernels vector = VectorKernels.of(bits);
    for (int stride : strides(units)) {
      for (Activation[] acts : STEP_ACTIVATIONS) {
        for (boolean withBias : new boolean[] {true, false}) {
          for (int batch : new int[] {0, 1, 2, 3, 4, 5, 9}) {
            Random rnd =
                new Random(
                    47L * units + stride + acts[0].ordinal() + 1000L * batch + (withBias ? 7 : 0));
            int pOff = 3, pStride = 3 * stride + 5, sStride = units + 3, rbOff = 5;
            float[] projection = new float[pOff + batch * pStride + 2];
            Arrays.fill(projection, Float.NaN);
            for (int b = 0; b < batch; b++) {
              float[] one = blocks(rnd, 0, 3, units, stride, 2);
              System.arraycopy(one, 0, projection, pOff + b * pStride, 3 * stride);
            }
            float[] bias = withBias ? blocks(rnd, rbOff, 3, units, stride, 1) : null;
            float[] u = recurrentKernel(rnd, 3, units, stride);
            float[] h = output(rnd, batch * sStride + 2);
            float[] expected = h.clone(), actual = h.clone();
            SCALAR.gruSteps(
                batch,
                projection,
                pOff,
                pStride,
                u,
                bias,
                rbOff,
                units,
                stride,
                expected,
                sStride,
                nans(batch * 3 * stride),
                acts[0],
                acts[1]);
            vector.gruSteps(
                batch,
                projection,
                pOff,
                pStride,
                u,
                bias,
                rbOff,
                units,
                stride,
                actual,
                sStride,
                nans(batch * 3 * stride),
                acts[0],
                acts[1]);
            String what =
                "gruSteps batch "
                    + batch
                    + " stride "
                    + stride
                    + " "
                    + acts[0]
                    + "/"
                    + acts[1]
                    + " bias "
                    + withBias;
            IntPredicate state = i -> i < batch * sStride && i % sStride < units;
            assertOutput(what, h, expected, actual, state);
            // the same with U in panels, both kernels
            float[] panels = new float[u.length];
            RecurrentPanels.pack(u, units, 3, stride, panels);
            for (FloatKernels k : new FloatKernels[] {SCALAR, vector}) {
              float[] hPanels = h.clone();
              k.gruStepsPanels(
                  batch,
                  projection,
                  pOff,
                  pStride,
                  panels,
                  bias,
                  rbOff,
                  units,
                  stride,
                  hPanels,
                  sStride,
                  nans(batch * 3 * stride),
                  acts[0],
                  acts[1]);
              assertOutput(
                  k.description() + " gruStepsPanels " + what, h, expected, hPanels, state);
            }
            // one sequence alone gives what the batch gave it
            if (batch > 2) {
              float[] h2 = Arrays.copyOfRange(h, 2 * sStride, 2 * sStride + units);
              vector.gruStep(
                  projection,
                  pOff + 2 * pStride,
                  u,
                  bias,
                  rbOff,
                  units,
                  stride,
                  h2,
                  nans(3 * stride),
                  acts[0],
                  acts[1]);
              for (int j = 0; j < units; j++) {
                assertClose(
                    h2[j], actual[2 * sStride + j], what + " sequence 2 alone, h[" + j + "]");
              }
            }
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} bits, units {1}")
  @MethodSource("bitsAndUnits")
  void simpleRnnStep(int bits, int units) {
    FloatKernels vector = VectorKernels.of(bits);
    for (int stride : strides(units)) {
      for (Activation act : new Activation[] {Activation.TANH, Activation.RELU}) {
        Random rnd = new Random(41L * units + stride + act.ordinal());
        int pOff = 4;
        float[] projection = blocks(rnd, pOff, 1, units, stride, 2);
        float[] u = recurrentKernel(rnd, 1, units, stride);
        float[] h = output(rnd, stride + 2);
        float[] expected = h.clone(), actual = h.clone();
        SCALAR.simpleRnnStep(projection, pOff, u, units, stride, expected, nans(stride), act);
        vector.simpleRnnStep(projection, pOff, u, units, stride, actual, nans(stride), act);
        assertOutput(
            "simpleRnnStep stride " + stride + " " + act, h, expected, actual, range(0, units));
        // the step made for these sizes (specialised where SizedSteps covers them) agrees too
        float[] sized = h.clone();
        vector.simpleRnnStep(units, stride, act).step(projection, pOff, u, sized, nans(stride));
        assertOutput(
            "sized simpleRnnStep stride " + stride + " " + act,
            h,
            expected,
            sized,
            range(0, units));
      }
    }
  }

  @ParameterizedTest(name = "{0} bits")
  @ValueSource(ints = {128, 256, 512})
  void sizedSimpleRnnStepsAreSpecialisedForOneOrTwoWholeVectors(int bits) {
    FloatKernels vector = VectorKernels.of(bits);
    int l = bits / 32;
    for (int units : new int[] {l, 2 * l}) {
      SimpleRnnStep step = vector.simpleRnnStep(units, units, Activation.TANH);
      assertTrue(specialised(step), units + " units: " + step.getClass());
      assertSame(step, vector.simpleRnnStep(units, units, Activation.TANH), "one step per size");
      assertNotSame(
          step.getClass(),
          vector.simpleRnnStep(units, 2 * units, Activation.TANH).getClass(),
          "a class per size");
    }
    // not covered: other activations, partial or three vectors (the shared kernel serves them)
    assertFalse(specialised(vector.simpleRnnStep(2 * l, 2 * l, Activation.RELU)));
    assertFalse(specialised(vector.simpleRnnStep(l + 1, 2 * l, Activation.TANH)));
    assertFalse(specialised(vector.simpleRnnStep(3 * l, 3 * l, Activation.TANH)));
    assertFalse(specialised(SCALAR.simpleRnnStep(2 * l, 2 * l, Activation.TANH)));
  }

  private static boolean specialised(SimpleRnnStep step) {
    return definedFrom(step, SizedSimpleRnn.class);
  }

  /**
   * Whether a step is a hidden class defined from the template (lambdas are hidden classes too).
   */
  private static boolean definedFrom(Object step, Class<?> template) {
    return step.getClass().isHidden()
        && step.getClass().getName().startsWith(template.getName() + "/");
  }

  @ParameterizedTest(name = "{0} bits, units {1}")
  @MethodSource("bitsAndUnits")
  void simpleRnnSteps(int bits, int units) {
    FloatKernels vector = VectorKernels.of(bits);
    for (int stride : strides(units)) {
      for (Activation act : new Activation[] {Activation.TANH, Activation.RELU}) {
        for (int batch : new int[] {0, 1, 2, 3, 4, 5, 9}) {
          Random rnd = new Random(53L * units + stride + act.ordinal() + 1000L * batch);
          int pOff = 4, pStride = stride + 3, sStride = units + 3;
          float[] projection = new float[pOff + batch * pStride + 2];
          Arrays.fill(projection, Float.NaN);
          for (int b = 0; b < batch; b++) {
            float[] one = blocks(rnd, 0, 1, units, stride, 2);
            System.arraycopy(one, 0, projection, pOff + b * pStride, stride);
          }
          float[] u = recurrentKernel(rnd, 1, units, stride);
          float[] h = output(rnd, batch * sStride + 2);
          float[] expected = h.clone(), actual = h.clone();
          SCALAR.simpleRnnSteps(
              batch,
              projection,
              pOff,
              pStride,
              u,
              units,
              stride,
              expected,
              sStride,
              nans(batch * stride),
              act);
          vector.simpleRnnSteps(
              batch,
              projection,
              pOff,
              pStride,
              u,
              units,
              stride,
              actual,
              sStride,
              nans(batch * stride),
              act);
          String what = "simpleRnnSteps batch " + batch + " stride " + stride + " " + act;
          assertOutput(what, h, expected, actual, i -> i < batch * sStride && i % sStride < units);
          // one sequence alone gives what the batch gave it
          if (batch > 2) {
            float[] h2 = Arrays.copyOfRange(h, 2 * sStride, 2 * sStride + units);
            vector.simpleRnnStep(
                projection, pOff + 2 * pStride, u, units, stride, h2, nans(stride), act);
            for (int j = 0; j < units; j++) {
              assertClose(h2[j], actual[2 * sStride + j], what + " sequence 2 alone, h[" + j + "]");
            }
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} bits, width {1}")
  @MethodSource("bitsAndWidths")
  void elementwise(int bits, int len) {
    FloatKernels vector = VectorKernels.of(bits);
    for (int tail : TAILS) {
      Random rnd = new Random(len + tail);
      int aOff = 1, bOff = 4, dstOff = 2;
      float[] a = input(rnd, aOff, len, tail, -3, 3);
      float[] b = input(rnd, bOff, len, tail, -3, 3);
      float[] dst = output(rnd, dstOff + len + tail);
      for (String op : new String[] {"add", "mul", "gruBlend"}) {
        float[] expected = dst.clone(), actual = dst.clone();
        int off = op.equals("gruBlend") ? 0 : dstOff;
        elementwise(SCALAR, op, a, aOff, b, bOff, expected, off, len);
        elementwise(vector, op, a, aOff, b, bOff, actual, off, len);
        assertOutput(op, dst, expected, actual, range(off, len));
      }
      // In place: dst is a, at the same offset.
      float[] expected = a.clone(), actual = a.clone();
      SCALAR.add(expected, aOff, b, bOff, expected, aOff, len);
      vector.add(actual, aOff, b, bOff, actual, aOff, len);
      assertOutput("add in place", a, expected, actual, range(aOff, len));
    }
  }

  private static void elementwise(
      FloatKernels k,
      String op,
      float[] a,
      int aOff,
      float[] b,
      int bOff,
      float[] dst,
      int dstOff,
      int len) {
    switch (op) {
      case "add" -> k.add(a, aOff, b, bOff, dst, dstOff, len);
      case "mul" -> k.mul(a, aOff, b, bOff, dst, dstOff, len);
      case "gruBlend" -> k.gruBlend(scaled(a, 1 / 3f), aOff, b, bOff, dst, len);
      default -> throw new IllegalArgumentException(op);
    }
  }

  @ParameterizedTest(name = "{0} bits")
  @ValueSource(ints = {128, 256, 512})
  void rangesOutsideTheArraysThrow(int bits) {
    FloatKernels vector = VectorKernels.of(bits);
    float[] x = new float[4], w = new float[4 * 40], y = new float[39];
    assertThrows(IndexOutOfBoundsException.class, () -> vector.mulAdd(x, 0, 4, w, 0, 40, 40, y, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> vector.mulAdd(x, 1, 4, w, 0, 40, 39, y, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> vector.activate(Activation.TANH, y, 1, 39));
    assertThrows(IndexOutOfBoundsException.class, () -> vector.add(y, 0, y, 0, x, 0, 39));
  }

  @Test
  void descriptionAndSizes() {
    assertEquals("Vector API, 512-bit (16 floats)", VectorKernels.of(512).description());
    assertEquals(
        "Vector API, 128-bit (4 floats)", new VectorKernels(FloatVector.SPECIES_128).description());
    assertEquals("scalar", SCALAR.description());
    assertThrows(IllegalArgumentException.class, () -> VectorKernels.of(64));
    assertThrows(IllegalArgumentException.class, () -> new VectorKernels(FloatVector.SPECIES_64));
  }

  /** NaN around {@code len} random values in [lo, hi) at {@code off}, {@code tail} NaNs after. */
  private static float[] input(Random rnd, int off, int len, int tail, float lo, float hi) {
    float[] a = new float[off + len + tail];
    Arrays.fill(a, Float.NaN);
    for (int j = 0; j < len; j++) {
      a[off + j] = rnd.nextFloat(lo, hi);
    }
    return a;
  }

  /**
   * A rows x cols matrix of values in [-1, 1) with row stride {@code stride}; NaN everywhere else.
   */
  private static float[] matrix(Random rnd, int off, int rows, int cols, int stride, int tail) {
    float[] a = new float[off + (rows - 1) * stride + cols + tail];
    Arrays.fill(a, Float.NaN);
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < cols; j++) {
        a[off + r * stride + j] = rnd.nextFloat(-1, 1);
      }
    }
    return a;
  }

  /** Random values in [-1, 1) everywhere, so that writes outside the expected range are visible. */
  private static float[] output(Random rnd, int size) {
    float[] a = new float[size];
    for (int i = 0; i < size; i++) {
      a[i] = rnd.nextFloat(-1, 1);
    }
    return a;
  }

  private static float[] scaled(float[] a, float factor) {
    float[] b = a.clone();
    for (int i = 0; i < b.length; i++) {
      b[i] *= factor;
    }
    return b;
  }

  private static IntPredicate range(int off, int len) {
    return i -> i >= off && i < off + len;
  }

  /** Written elements close to the scalar result; all others bit for bit as before, in both. */
  private static void assertOutput(
      String what, float[] before, float[] expected, float[] actual, IntPredicate written) {
    for (int i = 0; i < before.length; i++) {
      if (written.test(i)) {
        assertClose(expected[i], actual[i], what + " [" + i + "]");
      } else if (Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(before[i])
          || Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(before[i])) {
        fail(what + ": element " + i + " outside the output range changed");
      }
    }
  }

  /** |actual - expected| <= 1e-5, relative to |expected| above 1; NaN and infinities must match. */
  private static void assertClose(float expected, float actual, String what) {
    if (Float.isNaN(expected) || Float.isInfinite(expected)) {
      assertEquals(expected, actual, what);
      return;
    }
    assertTrue(
        Math.abs(actual - expected) <= 1e-5 * Math.max(1, Math.abs(expected)),
        () -> what + ": expected " + expected + " but was " + actual);
  }
}
