package dev.rnnc.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.simd.Activation;
import dev.rnnc.runtime.simd.Kernels;
import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Dense and Embedding backward passes ({@link DenseGradients}, {@link ProjectionGradients}, {@link
 * EmbeddingGradients}) against finite differences of a double-precision model written here from
 * Keras' formulas ({@code y = act(x·W + b)}, {@code out = E[ids]}), loss {@code Σ w·y}, on packed
 * layouts with padding; to {@value #TOLERANCE} of each gradient's largest magnitude.
 */
class DenseEmbeddingGradientsTest {
  static final double TOLERANCE = 1e-5;
  static final int ROWS = 7;
  static final int INPUTS = 9;
  static final int UNITS = 21;

  static double act(Activation a, double x) {
    return switch (a) {
      case LINEAR -> x;
      case TANH -> Math.tanh(x);
      case SIGMOID -> 1 / (1 + Math.exp(-x));
      case RELU -> Math.max(x, 0);
      case HARD_SIGMOID -> Math.min(1, Math.max(0, (x + 3) / 6));
      case ELU -> x > 0 ? x : Math.expm1(x);
      case SELU -> 1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * Math.expm1(x));
      case GELU -> 0.5 * x * (1 + dev.rnnc.runtime.simd.ReferenceErf.erf(x / Math.sqrt(2)));
      case SWISH -> x / (1 + Math.exp(-x));
      case SOFTPLUS -> Math.log1p(Math.exp(x));
      case SOFTSIGN -> x / (1 + Math.abs(x));
    };
  }

  /** Keras' Dense and loss in double; {@code softmax} replaces the activation. */
  static double loss(
      double[] x, double[] w, double[] b, double[] weights, Activation a, boolean softmax) {
    double total = 0;
    for (int r = 0; r < ROWS; r++) {
      double[] z = new double[UNITS];
      for (int j = 0; j < UNITS; j++) {
        z[j] = b[j];
        for (int k = 0; k < INPUTS; k++) {
          z[j] += x[r * INPUTS + k] * w[k * UNITS + j];
        }
      }
      if (softmax) {
        double max = Arrays.stream(z).max().orElseThrow();
        double sum = 0;
        for (int j = 0; j < UNITS; j++) {
          z[j] = Math.exp(z[j] - max);
          sum += z[j];
        }
        for (int j = 0; j < UNITS; j++) {
          total += weights[r * UNITS + j] * z[j] / sum;
        }
      } else {
        for (int j = 0; j < UNITS; j++) {
          total += weights[r * UNITS + j] * act(a, z[j]);
        }
      }
    }
    return total;
  }

  static double[] fd(double[] param, DoubleSupplier loss) {
    double[] grad = new double[param.length];
    for (int i = 0; i < param.length; i++) {
      double keep = param[i];
      param[i] = keep + 1e-6;
      double up = loss.getAsDouble();
      param[i] = keep - 1e-6;
      double down = loss.getAsDouble();
      param[i] = keep;
      grad[i] = (up - down) / 2e-6;
    }
    return grad;
  }

  static double[] uniform(Random rnd, int n, double scale) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) ((2 * rnd.nextDouble() - 1) * scale);
    }
    return a;
  }

  static float[] floats(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return f;
  }

  static void check(String what, double[] expected, float[] actual) {
    double scale = Arrays.stream(expected).map(Math::abs).max().orElse(0);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], TOLERANCE * Math.max(scale, 1e-3), what + " at " + i);
    }
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void dense(Activation a) {
    denseCase(a, false);
  }

  @Test
  void softmaxHead() {
    denseCase(Activation.LINEAR, true);
  }

  private void denseCase(Activation a, boolean softmax) {
    Random rnd = new Random(a.ordinal() * 7L + (softmax ? 1 : 0));
    double[] x = uniform(rnd, ROWS * INPUTS, 1);
    double[] w = uniform(rnd, INPUTS * UNITS, 0.5);
    double[] b = uniform(rnd, UNITS, 0.5);
    double[] weights = uniform(rnd, ROWS * UNITS, 1);
    DoubleSupplier loss = () -> loss(x, w, b, weights, a, softmax);

    int stride = PackedLayout.padded(UNITS);
    int xStride = INPUTS + 2; // the input rows carry padding
    PackedLayout kernelLayout = PackedLayout.matrix(INPUTS, UNITS, 0);
    PackedLayout biasLayout = PackedLayout.vector(UNITS, 0);
    float[] kernel = new float[kernelLayout.packedSize()];
    kernelLayout.pack(floats(w), kernel);
    float[] bias = new float[biasLayout.packedSize()];
    biasLayout.pack(floats(b), bias);
    float[] in = new float[ROWS * xStride];
    for (int r = 0; r < ROWS; r++) {
      for (int k = 0; k < INPUTS; k++) {
        in[r * xStride + k] = (float) x[r * INPUTS + k];
      }
    }
    // forward as the generated code runs it, keeping the pre-activation only where needed
    float[] out = new float[ROWS * stride];
    Kernels.matmul(
        in, 0, xStride, ROWS, INPUTS, kernel, 0, stride, stride, bias, 0, out, 0, stride);
    float[] pre = DenseGradients.needsPreActivation(a) ? out.clone() : null;
    if (softmax) {
      for (int r = 0; r < ROWS; r++) {
        Kernels.softmax(out, r * stride, UNITS);
      }
    } else {
      Kernels.activate(a, out, 0, ROWS * stride);
    }
    float[] dOut = new float[ROWS * stride];
    for (int r = 0; r < ROWS; r++) {
      for (int j = 0; j < UNITS; j++) {
        dOut[r * stride + j] = (float) weights[r * UNITS + j];
      }
    }
    if (softmax) {
      DenseGradients.softmax(ROWS, dOut, 0, stride, out, 0, stride, UNITS);
    } else {
      DenseGradients.activation(ROWS, dOut, 0, stride, out, 0, stride, pre, 0, stride, UNITS, a);
    }
    float[] dKernel = new float[kernel.length];
    float[] dBias = new float[bias.length];
    float[] dx = new float[ROWS * xStride];
    Arrays.fill(dx, 42f); // padding must survive, values must be overwritten
    ProjectionGradients.kernel(ROWS, in, 0, xStride, INPUTS, dOut, 0, stride, stride, dKernel);
    ProjectionGradients.bias(ROWS, dOut, 0, stride, stride, dBias, 0);
    ProjectionGradients.input(ROWS, dOut, 0, stride, stride, kernel, INPUTS, dx, 0, xStride);

    String what = softmax ? "softmax" : a.toString();
    check(what + " kernel", fd(w, loss), kernelLayout.unpack(dKernel));
    check(what + " bias", fd(b, loss), biasLayout.unpack(dBias));
    float[] dxRows = new float[ROWS * INPUTS];
    for (int r = 0; r < ROWS; r++) {
      System.arraycopy(dx, r * xStride, dxRows, r * INPUTS, INPUTS);
      assertEquals(42f, dx[r * xStride + INPUTS], "dx padding untouched");
    }
    check(what + " x", fd(x, loss), dxRows);
    float[] repacked = new float[kernel.length];
    kernelLayout.pack(kernelLayout.unpack(dKernel), repacked);
    assertArrayEquals(repacked, dKernel, what + ": the kernel gradient's padding stays zero");
  }

  @Test
  void embeddingAddsEachRowsGradientToItsId() {
    int vocab = 11, width = 5, stride = 16, count = 8;
    int[] ids = {0, 0, 3, 7, 3, 3, 10, 1, 7, 99}; // from offset 1, 8 ids: 99 lies past them
    Random rnd = new Random(3);
    float[] dOut = new float[2 + count * 19];
    for (int i = 0; i < dOut.length; i++) {
      dOut[i] = rnd.nextFloat(-1, 1);
    }
    float[] dTable = new float[vocab * stride];
    dTable[3 * stride] = 0.5f; // accumulates onto what is there
    double[] expected = new double[vocab * stride];
    expected[3 * stride] = 0.5;
    for (int i = 0; i < count; i++) {
      for (int j = 0; j < width; j++) {
        expected[ids[1 + i] * stride + j] += dOut[2 + i * 19 + j];
      }
    }
    TouchedRows touched = new TouchedRows(vocab);
    EmbeddingGradients.accumulate(ids, 1, count, dOut, 2, 19, width, dTable, stride, touched);
    for (int i = 0; i < dTable.length; i++) {
      assertEquals(expected[i], dTable[i], 1e-6, "table gradient at " + i);
    }
    assertEquals(5, touched.size());
    assertArrayEquals(
        new int[] {0, 3, 7, 10, 1},
        new int[] {touched.row(0), touched.row(1), touched.row(2), touched.row(3), touched.row(4)},
        "rows in first-touched order, each once");
    assertTrue(touched.contains(10));
    assertFalse(touched.contains(2));
    touched.clearRows(dTable, stride);
    assertEquals(0, touched.size());
    assertFalse(touched.contains(3));
    assertArrayEquals(
        new float[dTable.length], dTable, "clearRows zeroes exactly the touched rows");
  }
}
