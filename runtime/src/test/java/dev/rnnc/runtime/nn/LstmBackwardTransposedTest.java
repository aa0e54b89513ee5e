package dev.rnnc.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rnnc.runtime.simd.Activation;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code lstmBackwardTransposed} (the gradient of {@code h_{t-1}} as a product over U transposed)
 * gives {@code lstmBackward}'s gradients, to float rounding, for widths under, at and over a
 * vector, with a mask, over a whole sequence's backward pass; so do its steps with {@code dU} left
 * to {@code lstmRecurrentKernelGradient} after the loop, as generated code runs them, and, bit for
 * bit, the same steps writing each row's gradient over the projection row they read.
 */
class LstmBackwardTransposedTest {
  private static final int STEPS = 5;

  @ParameterizedTest
  @CsvSource({"3, 5, 8", "33, 8, 16", "4, 72, 80", "9, 128, 128"})
  void givesTheSameGradients(int batch, int units, int stride) {
    SplittableRandom random = new SplittableRandom(units * 31L + batch);
    int width = 4 * stride;
    int pStride = STEPS * width;
    float[] projection = values(random, batch * pStride, 1f);
    float[] u = new float[units * width];
    for (int k = 0; k < units; k++) {
      for (int j = 0; j < width; j++) {
        u[k * width + j] = j % stride < units ? (float) random.nextGaussian() * 0.3f : 0f;
      }
    }
    boolean[] mask = new boolean[batch * STEPS];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = i % 7 != 3;
    }
    int record = CellGradients.lstmRecord(stride);
    float[] saved = new float[STEPS * batch * record];
    float[] gates = new float[batch * width];
    float[] c = new float[batch * stride];
    float[] h = new float[batch * stride];
    for (int t = 0; t < STEPS; t++) {
      CellGradients.lstmForward(
          batch,
          projection,
          t * width,
          pStride,
          u,
          units,
          stride,
          gates,
          c,
          h,
          stride,
          Activation.TANH,
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
        backward(Mode.PLAIN, batch, units, stride, projection, u, saved, mask, dhStart);
    // written over the projection, as generated code runs them: the same arithmetic, the same bits
    float[][] after =
        backward(Mode.DU_AFTER_THE_LOOP, batch, units, stride, projection, u, saved, mask, dhStart);
    float[][] over =
        backward(
            Mode.OVER_THE_PROJECTION, batch, units, stride, projection, u, saved, mask, dhStart);
    for (int a = 0; a < after.length; a++) {
      assertArrayEquals(after[a], over[a], "over the projection, array " + a);
    }
    float[][] plainOver =
        backward(
            Mode.PLAIN_OVER_THE_PROJECTION,
            batch,
            units,
            stride,
            projection,
            u,
            saved,
            mask,
            dhStart);
    for (int a = 0; a < plain.length; a++) {
      assertArrayEquals(plain[a], plainOver[a], "plain, over the projection, array " + a);
    }
    for (Mode mode : new Mode[] {Mode.TRANSPOSED, Mode.DU_AFTER_THE_LOOP}) {
      float[][] other = backward(mode, batch, units, stride, projection, u, saved, mask, dhStart);
      String[] names = {"dProjection", "dU", "dh", "dc"};
      for (int a = 0; a < plain.length; a++) {
        for (int i = 0; i < plain[a].length; i++) {
          assertEquals(
              plain[a][i],
              other[a][i],
              1e-5 * (1 + Math.abs(plain[a][i])),
              mode + ": " + names[a] + "[" + i + "], " + units + " units");
        }
      }
    }
  }

  private enum Mode {
    PLAIN,
    TRANSPOSED,
    DU_AFTER_THE_LOOP,
    /**
     * {@code DU_AFTER_THE_LOOP} with each step's gradient rows written over its projection rows.
     */
    OVER_THE_PROJECTION,
    /** {@code PLAIN} with each step's gradient rows written over its projection rows. */
    PLAIN_OVER_THE_PROJECTION
  }

  private static float[][] backward(
      Mode mode,
      int batch,
      int units,
      int stride,
      float[] projection,
      float[] u,
      float[] saved,
      boolean[] mask,
      float[] dhStart) {
    int width = 4 * stride;
    int record = CellGradients.lstmRecord(stride);
    float[] dh = dhStart.clone();
    float[] dc = new float[batch * stride];
    boolean over = mode == Mode.OVER_THE_PROJECTION || mode == Mode.PLAIN_OVER_THE_PROJECTION;
    if (over) {
      projection = projection.clone(); // the caller's is read again by the other modes
    }
    float[] dProjection = over ? projection : new float[batch * STEPS * width];
    float[] dU = new float[units * width];
    float[] scratch = new float[CellGradients.lstmScratch(batch, stride)];
    float[] uT = new float[CellGradients.lstmTransposedSize(stride)];
    CellGradients.lstmTranspose(u, units, stride, uT);
    for (int t = STEPS - 1; t >= 0; t--) {
      if (mode != Mode.PLAIN && mode != Mode.PLAIN_OVER_THE_PROJECTION) {
        CellGradients.lstmBackwardTransposed(
            batch,
            projection,
            t * width,
            STEPS * width,
            u,
            units,
            stride,
            saved,
            t * batch * record,
            mask,
            t,
            STEPS,
            dh,
            dc,
            stride,
            dProjection,
            mode == Mode.TRANSPOSED ? dU : null,
            scratch,
            Activation.TANH,
            Activation.SIGMOID,
            uT);
      } else {
        CellGradients.lstmBackward(
            batch,
            projection,
            t * width,
            STEPS * width,
            u,
            units,
            stride,
            saved,
            t * batch * record,
            mask,
            t,
            STEPS,
            dh,
            dc,
            stride,
            dProjection,
            dU,
            scratch,
            Activation.TANH,
            Activation.SIGMOID);
      }
    }
    if (mode == Mode.DU_AFTER_THE_LOOP || mode == Mode.OVER_THE_PROJECTION) {
      CellGradients.lstmRecurrentKernelGradient(
          batch, STEPS, saved, record, units, stride, dProjection, width, STEPS * width, dU);
    }
    return new float[][] {dProjection, dU, dh, dc};
  }

  private static float[] values(SplittableRandom random, int n, float scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian() * scale;
    }
    return v;
  }
}
