package dev.rnnc.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rnnc.runtime.simd.Activation;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code simpleRnnBackwardTransposed} (the gradient of {@code h_{t-1}} as a product over U
 * transposed) gives {@code simpleRnnBackward}'s gradients, to float rounding, for widths under, at
 * and over a vector, with a mask, over a whole sequence's backward pass; with tanh (the derivative
 * from the outputs) and with GELU (from the inputs, recomputed in the scratch); and, bit for bit,
 * both with each row's gradient written over the projection row the step read, as generated code
 * runs them.
 */
class SimpleRnnBackwardTransposedTest {
  private static final int STEPS = 5;

  @ParameterizedTest
  @CsvSource({
    "3, 5, 8, TANH",
    "33, 8, 16, TANH",
    "4, 72, 80, TANH",
    "9, 128, 128, TANH",
    "5, 20, 32, GELU"
  })
  void givesTheSameGradients(int batch, int units, int stride, Activation act) {
    SplittableRandom random = new SplittableRandom(units * 41L + batch);
    int pStride = STEPS * stride;
    float[] projection = values(random, batch * pStride, 1f);
    // scaled as an initializer would (spectral radius about 0.9): with no gates to damp them,
    // larger weights blow the gradients up over the steps, and the two summation orders then
    // differ by the rounding of terms far larger than the results compared
    float scale = (float) (0.9 / Math.sqrt(units));
    float[] u = new float[units * stride];
    for (int k = 0; k < units; k++) {
      for (int j = 0; j < stride; j++) {
        u[k * stride + j] = j < units ? (float) random.nextGaussian() * scale : 0f;
      }
    }
    boolean[] mask = new boolean[batch * STEPS];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = i % 7 != 3;
    }
    int record = CellGradients.simpleRnnRecord(stride);
    float[] saved = new float[STEPS * batch * record];
    float[] scratch = new float[batch * stride];
    float[] h = new float[batch * stride];
    for (int t = 0; t < STEPS; t++) {
      CellGradients.simpleRnnForward(
          batch,
          projection,
          t * stride,
          pStride,
          u,
          units,
          stride,
          scratch,
          h,
          stride,
          act,
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
        backward(false, false, batch, units, stride, projection, u, saved, mask, dhStart, act);
    float[][] transposed =
        backward(true, false, batch, units, stride, projection, u, saved, mask, dhStart, act);
    // written over the projection, as generated code runs them: the same arithmetic, the same bits
    for (boolean t : new boolean[] {false, true}) {
      float[][] separate = t ? transposed : plain;
      float[][] over =
          backward(t, true, batch, units, stride, projection, u, saved, mask, dhStart, act);
      for (int a = 0; a < separate.length; a++) {
        assertArrayEquals(
            separate[a], over[a], "over the projection, transposed " + t + ", array " + a);
      }
    }
    String[] names = {"dProjection", "dU", "dh"};
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
      float[] saved,
      boolean[] mask,
      float[] dhStart,
      Activation act) {
    int record = CellGradients.simpleRnnRecord(stride);
    float[] dh = dhStart.clone();
    if (over) {
      projection = projection.clone(); // the caller's is read again by the other forms
    }
    float[] dProjection = over ? projection : new float[batch * STEPS * stride];
    float[] dU = new float[units * stride];
    float[] scratch = new float[CellGradients.simpleRnnScratch(batch, stride)];
    float[] uT = new float[CellGradients.simpleRnnTransposedSize(stride)];
    CellGradients.simpleRnnTranspose(u, units, stride, uT);
    for (int t = STEPS - 1; t >= 0; t--) {
      if (transposed) {
        CellGradients.simpleRnnBackwardTransposed(
            batch,
            projection,
            t * stride,
            STEPS * stride,
            u,
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
            scratch,
            act,
            uT);
      } else {
        CellGradients.simpleRnnBackward(
            batch,
            projection,
            t * stride,
            STEPS * stride,
            u,
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
            scratch,
            act);
      }
    }
    return new float[][] {dProjection, dU, dh};
  }

  private static float[] values(SplittableRandom random, int n, float scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian() * scale;
    }
    return v;
  }
}
