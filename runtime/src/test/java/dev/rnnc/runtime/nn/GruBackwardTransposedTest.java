package dev.rnnc.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rnnc.runtime.simd.Activation;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code gruBackwardTransposed} (the gradient of {@code h_{t-1}} through U as a product over U
 * transposed) gives {@code gruBackward}'s gradients, to float rounding, for widths under, at and
 * over a vector, with a mask and a bias, over a whole sequence's backward pass; with the default
 * activations (the gates kept by the forward step) and with others (the backward recomputes them in
 * the scratch the product then reuses); and, bit for bit, both with each row's gradient written
 * over the projection row the step read, as generated code runs them.
 */
class GruBackwardTransposedTest {
  private static final int STEPS = 5;

  @ParameterizedTest
  @CsvSource({
    "3, 5, 8, TANH",
    "33, 8, 16, TANH",
    "4, 72, 80, TANH",
    "9, 128, 128, TANH",
    "5, 20, 32, RELU"
  })
  void givesTheSameGradients(int batch, int units, int stride, Activation act) {
    SplittableRandom random = new SplittableRandom(units * 37L + batch);
    int width = 3 * stride;
    int pStride = STEPS * width;
    float[] projection = values(random, batch * pStride, 1f);
    float[] u = new float[units * width];
    for (int k = 0; k < units; k++) {
      for (int j = 0; j < width; j++) {
        u[k * width + j] = j % stride < units ? (float) random.nextGaussian() * 0.3f : 0f;
      }
    }
    float[] bias = new float[2 * width]; // input row, then the recurrent row
    for (int j = 0; j < 2 * width; j++) {
      bias[j] = j % stride < units ? (float) random.nextGaussian() * 0.1f : 0f;
    }
    boolean[] mask = new boolean[batch * STEPS];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = i % 7 != 3;
    }
    int record = CellGradients.gruRecord(stride);
    float[] saved = new float[STEPS * batch * record];
    float[] gates = new float[batch * width];
    float[] h = new float[batch * stride];
    for (int t = 0; t < STEPS; t++) {
      CellGradients.gruForward(
          batch,
          projection,
          t * width,
          pStride,
          u,
          bias,
          width,
          units,
          stride,
          gates,
          h,
          stride,
          act,
          Activation.SIGMOID,
          saved,
          t * batch * record);
    }
    float[] dhStart = new float[batch * stride];
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < units; j++) {
        dhStart[b * stride + j] = (float) random.nextGaussian();
      }
    }
    float[][] plain =
        backward(
            false, false, batch, units, stride, projection, u, bias, saved, mask, dhStart, act);
    float[][] transposed =
        backward(true, false, batch, units, stride, projection, u, bias, saved, mask, dhStart, act);
    // written over the projection, as generated code runs them: the same arithmetic, the same bits
    for (boolean t : new boolean[] {false, true}) {
      float[][] separate = t ? transposed : plain;
      float[][] over =
          backward(t, true, batch, units, stride, projection, u, bias, saved, mask, dhStart, act);
      for (int a = 0; a < separate.length; a++) {
        assertArrayEquals(
            separate[a], over[a], "over the projection, transposed " + t + ", array " + a);
      }
    }
    String[] names = {"dProjection", "dU", "dBias", "dh"};
    for (int a = 0; a < plain.length; a++) {
      for (int i = 0; i < plain[a].length; i++) {
        assertEquals(
            plain[a][i],
            transposed[a][i],
            1e-5 * (1 + Math.abs(plain[a][i])),
            names[a] + "[" + i + "], " + units + " units, " + act);
      }
    }
  }

  private static float[][] backward(
      boolean transposed,
      boolean over,
      int batch,
      int units,
      int stride,
      float[] projection,
      float[] u,
      float[] bias,
      float[] saved,
      boolean[] mask,
      float[] dhStart,
      Activation act) {
    int width = 3 * stride;
    int record = CellGradients.gruRecord(stride);
    float[] dh = dhStart.clone();
    if (over) {
      projection = projection.clone(); // the caller's is read again by the other forms
    }
    float[] dProjection = over ? projection : new float[batch * STEPS * width];
    float[] dU = new float[units * width];
    float[] dBias = new float[2 * width];
    float[] scratch = new float[CellGradients.gruScratch(batch, stride)];
    float[] uT = new float[CellGradients.gruTransposedSize(stride)];
    CellGradients.gruTranspose(u, units, stride, uT);
    for (int t = STEPS - 1; t >= 0; t--) {
      if (transposed) {
        CellGradients.gruBackwardTransposed(
            batch,
            projection,
            t * width,
            STEPS * width,
            u,
            bias,
            width,
            units,
            stride,
            saved,
            t * batch * record,
            mask,
            t,
            STEPS,
            dh,
            stride,
            dProjection,
            dU,
            dBias,
            width,
            scratch,
            act,
            Activation.SIGMOID,
            uT);
      } else {
        CellGradients.gruBackward(
            batch,
            projection,
            t * width,
            STEPS * width,
            u,
            bias,
            width,
            units,
            stride,
            saved,
            t * batch * record,
            mask,
            t,
            STEPS,
            dh,
            stride,
            dProjection,
            dU,
            dBias,
            width,
            scratch,
            act,
            Activation.SIGMOID);
      }
    }
    return new float[][] {dProjection, dU, dBias, dh};
  }

  private static float[] values(SplittableRandom random, int n, float scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian() * scale;
    }
    return v;
  }
}
