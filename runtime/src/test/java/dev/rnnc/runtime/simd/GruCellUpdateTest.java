package dev.rnnc.runtime.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link GruCellUpdate} against the {@code reset_after} GRU cell computed in double with {@link
 * Math}: within the fast activations' documented bounds plus a few float roundings, at unit counts
 * below, at and above one vector (masked tails), leaving the padding of {@code h} alone; and on
 * infinite and NaN gate sums.
 */
class GruCellUpdateTest {
  private static final int[] UNITS = {3, 16, 19, 32, 64, 100};

  @ParameterizedTest(name = "{0} bits")
  @ValueSource(ints = {128, 256, 512})
  void withinTheActivationsBoundsOfTheExactCell(int bits) {
    GruCellUpdate update = new GruCellUpdate(Lanes.of(bits));
    int l = bits / Float.SIZE;
    Random rnd = new Random(bits);
    for (int units : UNITS) {
      int stride = (units + l - 1) / l * l;
      for (int round = 0; round < 200; round++) {
        float[] gates = new float[3 * stride];
        for (int k = 0; k < gates.length; k++) {
          gates[k] = (float) ((2 * rnd.nextDouble() - 1) * 20); // past the clamps at 9 and 18
        }
        int nAt = 5; // the candidate's input projection, at an offset
        float[] projection = new float[nAt + stride];
        for (int j = 0; j < stride; j++) {
          projection[nAt + j] = (float) ((2 * rnd.nextDouble() - 1) * 6);
        }
        float[] h = new float[units + 2];
        for (int j = 0; j < units; j++) {
          h[j] = (float) (2 * rnd.nextDouble() - 1);
        }
        h[units] = h[units + 1] = 7f; // padding: must stay
        float[] h0 = h.clone();
        update.update(gates, 0, stride, projection, nAt, h, 0, units);
        for (int j = 0; j < units; j++) {
          double z = sigmoid(gates[j]), r = sigmoid(gates[j + stride]);
          double a = projection[nAt + j] + r * gates[j + 2 * stride];
          double n = Math.tanh(a);
          double hExact = z * h0[j] + (1 - z) * n;
          // r's error passes through the candidate's input, scaled by |h·U_n + b_n|, and tanh's
          // slope is at most 1; z's error by |h - n| <= 2
          double aBound =
              VectorMath.FAST_SIGMOID_ERROR * Math.abs(gates[j + 2 * stride])
                  + 4
                      * Math.ulp(
                          (float)
                              Math.max(
                                  1,
                                  Math.abs(projection[nAt + j]) + Math.abs(gates[j + 2 * stride])));
          double hBound =
              2 * VectorMath.FAST_SIGMOID_ERROR
                  + VectorMath.FAST_TANH_ERROR
                  + aBound
                  + 8 * Math.ulp(1f);
          String at = bits + " bits, " + units + " units, unit " + j;
          assertTrue(Math.abs(h[j] - hExact) <= hBound, at + ": h " + h[j] + " vs " + hExact);
        }
        assertEquals(7f, h[units]);
        assertEquals(7f, h[units + 1]);
      }
    }
  }

  @ParameterizedTest(name = "{0} bits")
  @ValueSource(ints = {128, 256, 512})
  void infiniteSumsSaturateAndNanPassesThrough(int bits) {
    GruCellUpdate update = new GruCellUpdate(Lanes.of(bits));
    int l = bits / Float.SIZE;
    float inf = Float.POSITIVE_INFINITY;
    // per unit: z, r and h·U_n + b_n sums, x·W_n + b, the old h; then the expected h
    float[][] cases = {
      {inf, 0f, 0f, 0f, 0.25f, 0.25f}, // z = 1 keeps h
      {-inf, inf, 1f, -inf, 0.25f, -1f}, // z = 0: n = tanh(-inf)
      {-inf, -inf, 5f, 1f, 0.25f, (float) Math.tanh(1)}, // r = 0 drops h·U_n
      {-inf, inf, 2f, -1f, 0.5f, (float) Math.tanh(1)},
      {Float.NaN, 0f, 0f, 0f, 0.5f, Float.NaN},
      {0f, 0f, 0f, Float.NaN, 0.5f, Float.NaN},
    };
    for (float[] k : cases) {
      float[] gates = new float[3 * l];
      for (int b = 0; b < 3; b++) {
        Arrays.fill(gates, b * l, (b + 1) * l, k[b]);
      }
      float[] projection = new float[l];
      Arrays.fill(projection, k[3]);
      float[] h = new float[l];
      Arrays.fill(h, k[4]);
      update.update(gates, 0, l, projection, 0, h, 0, l);
      String at = bits + " bits, " + Arrays.toString(k);
      assertEquals(k[5], h[l - 1], 1e-6f, at + ": h");
    }
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
