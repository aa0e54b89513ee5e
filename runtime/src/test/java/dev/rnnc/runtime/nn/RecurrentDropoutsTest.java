package dev.rnnc.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The recurrent layers' dropout masks: Keras' values, the rate's fraction dropped within a binomial
 * bound, one mask per sample (and gate) that differs between samples and gates, the same at every
 * timestep of a sequence, drawn from the model's seeded random (same seed, same masks), and a
 * replayed source used as given.
 */
class RecurrentDropoutsTest {
  @AfterEach
  void stopReplaying() {
    RecurrentDropouts.replay(null);
  }

  @Test
  void theFractionDroppedIsTheRateAndKeptValuesAreScaled() {
    int count = 500;
    int masks = 4;
    int width = 37;
    int stride = 48;
    for (double rate : new double[] {0.1, 0.3, 0.75}) {
      float[] out = new float[count * masks * stride];
      RecurrentDropouts.draw(
          "layer", false, count, masks, width, stride, rate, null, new DropoutRandom(1), out);
      float kept = (float) (1 / (1 - rate));
      int dropped = 0;
      for (int b = 0; b < count; b++) {
        for (int g = 0; g < masks; g++) {
          int row = (b * masks + g) * stride;
          for (int j = 0; j < stride; j++) {
            float v = out[row + j];
            if (j >= width) {
              assertEquals(0f, v, "padding");
            } else if (v == 0f) {
              dropped++;
            } else {
              assertEquals(kept, v, "a kept value is 1/(1-rate)");
            }
          }
        }
      }
      int n = count * masks * width;
      double sigma = Math.sqrt(n * rate * (1 - rate));
      assertTrue(
          Math.abs(dropped - n * rate) < 5 * sigma,
          "rate " + rate + ": dropped " + dropped + " of " + n + " (5 sigma = " + 5 * sigma + ")");
    }
  }

  @Test
  void masksDifferBetweenSamplesAndGatesAndFollowTheSeed() {
    int count = 16;
    int masks = 3;
    int width = 20;
    float[] a = new float[count * masks * width];
    float[] b = new float[a.length];
    float[] c = new float[a.length];
    RecurrentDropouts.draw(
        "l", true, count, masks, width, width, 0.5, null, new DropoutRandom(7), a);
    RecurrentDropouts.draw(
        "l", true, count, masks, width, width, 0.5, null, new DropoutRandom(7), b);
    RecurrentDropouts.draw(
        "l", true, count, masks, width, width, 0.5, null, new DropoutRandom(8), c);
    assertTrue(Arrays.equals(a, b), "the same seed draws the same masks");
    assertTrue(!Arrays.equals(a, c), "another seed draws others");
    for (int s = 0; s < count; s++) {
      for (int g = 0; g < masks; g++) {
        float[] mask = row(a, (s * masks + g) * width, width);
        if (g > 0) {
          assertNotEquals(
              Arrays.toString(row(a, (s * masks) * width, width)),
              Arrays.toString(mask),
              "gates of sample " + s);
        }
        if (s > 0) {
          assertNotEquals(
              Arrays.toString(row(a, g * width, width)),
              Arrays.toString(mask),
              "gate " + g + " of samples 0 and " + s);
        }
      }
    }
  }

  @Test
  void theInputMaskIsTheSameAtEveryTimestepOfASequence() {
    int count = 5;
    int timesteps = 9;
    int inputs = 6;
    int xStride = 16;
    int width = 16; // one gate block: W = identity
    float[] x = new float[count * timesteps * xStride];
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    for (int r = 0; r < count * timesteps; r++) {
      for (int j = 0; j < inputs; j++) {
        x[r * xStride + j] = 0.5f + (float) random.nextDouble(); // never 0
      }
    }
    float[] kernel = new float[inputs * width];
    for (int j = 0; j < inputs; j++) {
      kernel[j * width + j] = 1f;
    }
    float[] mask = new float[count * xStride];
    RecurrentDropouts.draw(
        "l", false, count, 1, inputs, xStride, 0.4, null, new DropoutRandom(2), mask);
    float[] projection = new float[count * timesteps * width];
    RecurrentDropouts.project(
        count,
        timesteps,
        x,
        xStride,
        inputs,
        mask,
        1,
        kernel,
        width,
        null,
        new float[x.length],
        projection);
    for (int b = 0; b < count; b++) {
      for (int t = 0; t < timesteps; t++) {
        for (int j = 0; j < inputs; j++) {
          int r = (b * timesteps + t) * width + j;
          float expected = x[(b * timesteps + t) * xStride + j] * mask[b * xStride + j];
          assertEquals(expected, projection[r], "sample " + b + ", timestep " + t + ", input " + j);
          assertEquals(mask[b * xStride + j] == 0f, projection[r] == 0f);
        }
      }
    }
  }

  @Test
  void aReplayedSourceIsUsedInItsGateOrder() {
    // two samples, four LSTM masks of width 2 in Keras' order i, f, c, o: values tag the gate
    float[] keras = {1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8};
    RecurrentDropouts.replay((layer, recurrent, count, masks, width) -> keras);
    float[] out = new float[2 * 4 * 3];
    RecurrentDropouts.draw(
        "l", true, 2, 4, 2, 3, 0.5, RecurrentDropouts.LSTM_GATES, new DropoutRandom(1), out);
    // packed i, f, o, c: Keras' gates 0, 1, 3, 2; padding zero
    assertTrue(
        Arrays.equals(
            new float[] {1, 1, 0, 2, 2, 0, 4, 4, 0, 3, 3, 0, 5, 5, 0, 6, 6, 0, 8, 8, 0, 7, 7, 0},
            out),
        Arrays.toString(out));
  }

  private static float[] row(float[] a, int from, int width) {
    return Arrays.copyOfRange(a, from, from + width);
  }
}
