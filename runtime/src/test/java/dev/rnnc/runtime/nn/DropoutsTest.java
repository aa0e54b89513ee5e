package dev.rnnc.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Keras' inverted dropout: the dropped fraction, the scale of the kept values, the same scales
 * backwards.
 */
class DropoutsTest {

  @Test
  void dropsTheRateAndScalesTheRest() {
    int rows = 2000;
    int stride = 16;
    int width = 13;
    float[] x = new float[rows * stride];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < width; j++) {
        x[r * stride + j] = 1 + j;
      }
    }
    float[] scales = new float[x.length];
    float[] out = new float[x.length];
    Dropouts.forward(rows, x, stride, width, 0.3, new SplittableRandom(5), scales, out);
    int dropped = 0;
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < stride; j++) {
        int i = r * stride + j;
        if (j >= width) {
          assertEquals(0f, out[i], "padding stays zero");
        } else if (scales[i] == 0f) {
          dropped++;
          assertEquals(0f, out[i]);
        } else {
          assertEquals(1 / 0.7f, scales[i], 1e-6f);
          assertEquals(x[i] / 0.7f, out[i], 1e-5f);
        }
      }
    }
    double fraction = dropped / (double) (rows * width); // 26,000 draws: 3 sigma is 0.0085
    assertTrue(Math.abs(fraction - 0.3) < 0.0085, "dropped fraction " + fraction);
  }

  @Test
  void backwardUsesTheForwardScales() {
    float[] scales = {0f, 2f, 2f, 0f};
    float[] dOut = {1f, 2f, 3f, 4f};
    float[] dx = new float[4];
    Dropouts.backward(1, dOut, scales, 4, 3, dx);
    assertEquals(0f, dx[0]);
    assertEquals(4f, dx[1]);
    assertEquals(6f, dx[2]);
    assertEquals(0f, dx[3], "padding");
  }

  @Test
  void addBackwardAddsToAnotherReadersGradient() {
    float[] scales = {0f, 2f, 2f, 0f};
    float[] dOut = {1f, 2f, 3f, 4f};
    float[] dx = {10f, 10f, 10f, 10f};
    Dropouts.addBackward(1, dOut, scales, 4, 3, dx);
    assertEquals(10f, dx[0]);
    assertEquals(14f, dx[1]);
    assertEquals(16f, dx[2]);
    assertEquals(10f, dx[3], "padding untouched");
  }
}
