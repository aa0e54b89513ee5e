package dev.rnnc.runtime.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link LstmCellUpdate} against the LSTM cell computed in double with {@link Math}: within the
 * fast activations' documented bounds plus a few float roundings, at unit counts below, at and
 * above one vector (masked tails), leaving the padding of {@code c} and {@code h} alone; and on
 * infinite and NaN gate sums.
 */
class LstmCellUpdateTest {
  private static final int[] UNITS = {3, 16, 19, 32, 64, 100};

  @ParameterizedTest(name = "{0} bits")
  @ValueSource(ints = {128, 256, 512})
  void withinTheActivationsBoundsOfTheExactCell(int bits) {
    LstmCellUpdate update = new LstmCellUpdate(Lanes.of(bits));
    int l = bits / Float.SIZE;
    Random rnd = new Random(bits);
    for (int units : UNITS) {
      int stride = (units + l - 1) / l * l;
      for (int round = 0; round < 200; round++) {
        float[] gates = new float[4 * stride];
        for (int k = 0; k < gates.length; k++) {
          gates[k] = (float) ((2 * rnd.nextDouble() - 1) * 12); // past the clamp at +-9 too
        }
        float[] c = new float[units + 2], h = new float[units + 2];
        for (int j = 0; j < units; j++) {
          c[j] = (float) ((2 * rnd.nextDouble() - 1) * 4);
        }
        c[units] = c[units + 1] = h[units] = h[units + 1] = 7f; // padding: must stay
        float[] c0 = c.clone();
        update.update(gates, 0, stride, c, 0, h, 0, units);
        for (int j = 0; j < units; j++) {
          double i = sigmoid(gates[j]), f = sigmoid(gates[j + stride]);
          double o = sigmoid(gates[j + 2 * stride]), g = Math.tanh(gates[j + 3 * stride]);
          double cExact = f * c0[j] + i * g;
          double hExact = o * Math.tanh(cExact);
          double cBound =
              VectorMath.FAST_SIGMOID_ERROR * (Math.abs(c0[j]) + 1)
                  + VectorMath.FAST_TANH_ERROR
                  + 8 * Math.ulp((float) Math.max(1, Math.abs(cExact)));
          double hBound =
              VectorMath.FAST_SIGMOID_ERROR
                  + VectorMath.FAST_TANH_ERROR
                  + cBound
                  + 8 * Math.ulp(1f);
          String at = bits + " bits, " + units + " units, unit " + j;
          assertTrue(Math.abs(c[j] - cExact) <= cBound, at + ": c " + c[j] + " vs " + cExact);
          assertTrue(Math.abs(h[j] - hExact) <= hBound, at + ": h " + h[j] + " vs " + hExact);
        }
        assertEquals(7f, c[units]);
        assertEquals(7f, c[units + 1]);
        assertEquals(7f, h[units]);
        assertEquals(7f, h[units + 1]);
      }
    }
  }

  @ParameterizedTest(name = "{0} bits")
  @ValueSource(ints = {128, 256, 512})
  void infiniteSumsSaturateAndNanPassesThrough(int bits) {
    LstmCellUpdate update = new LstmCellUpdate(Lanes.of(bits));
    int l = bits / Float.SIZE;
    float inf = Float.POSITIVE_INFINITY;
    // per unit: i, f, o, g sums and the old c; then the expected c and h
    float[][] cases = {
      {inf, -inf, inf, inf, 5f, 1f, (float) Math.tanh(1)}, // c = 0·5 + 1·1
      {inf, inf, -inf, -inf, 2f, 1f, 0f}, // c = 2 - 1, h = 0·tanh(1)
      {-inf, inf, inf, 0f, inf, inf, 1f}, // an infinite state: tanh gives 1
      {Float.NaN, 0f, 0f, 0f, 1f, Float.NaN, Float.NaN},
      {0f, 0f, Float.NaN, 0f, 1f, 0.5f, Float.NaN},
    };
    for (float[] k : cases) {
      float[] gates = new float[4 * l];
      for (int b = 0; b < 4; b++) {
        Arrays.fill(gates, b * l, (b + 1) * l, k[b]);
      }
      float[] c = new float[l], h = new float[l];
      Arrays.fill(c, k[4]);
      update.update(gates, 0, l, c, 0, h, 0, l);
      String at = bits + " bits, " + Arrays.toString(k);
      assertEquals(k[5], c[l - 1], 1e-6f, at + ": c");
      assertEquals(k[6], h[0], 1e-6f, at + ": h");
    }
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
