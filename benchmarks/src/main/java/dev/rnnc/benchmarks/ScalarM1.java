package dev.rnnc.benchmarks;

import static dev.rnnc.benchmarks.ScalarCells.weights;

import dev.rnnc.runtime.RnncModel;
import java.util.Arrays;

/**
 * M1 as plain scalar Java (see {@link ScalarCells}); pre-allocated, so it allocates nothing per
 * call.
 */
public final class ScalarM1 {
  private final float[] k1, u1, b1, k2, u2, b2, w3, b3, w4, b4;
  private final float[] input = new float[30];
  private final float[] h1 = new float[64], c1 = new float[64], seq1 = new float[30 * 64];
  private final float[] h2 = new float[32], c2 = new float[32];
  private final float[] z1 = new float[4 * 64],
      z2 = new float[4 * 32],
      d3 = new float[16],
      d4 = new float[1];

  /** Copies the weights of a generated M1 (read back in Keras layout). */
  public ScalarM1(RnncModel model) {
    k1 = weights(model, "encoder", "kernel");
    u1 = weights(model, "encoder", "recurrent_kernel");
    b1 = weights(model, "encoder", "bias");
    k2 = weights(model, "summary", "kernel");
    u2 = weights(model, "summary", "recurrent_kernel");
    b2 = weights(model, "summary", "bias");
    w3 = weights(model, "hidden", "kernel");
    b3 = weights(model, "hidden", "bias");
    w4 = weights(model, "head", "kernel");
    b4 = weights(model, "head", "bias");
  }

  /** One window → one forecast, written to {@code out}. */
  public float[] predict(float[][] window, float[] out) {
    for (int t = 0; t < 30; t++) {
      input[t] = window[t][0];
    }
    Arrays.fill(h1, 0f);
    Arrays.fill(c1, 0f);
    for (int t = 0; t < 30; t++) {
      ScalarCells.lstm(input, t, 1, k1, u1, b1, h1, c1, z1, 64);
      System.arraycopy(h1, 0, seq1, t * 64, 64);
    }
    Arrays.fill(h2, 0f);
    Arrays.fill(c2, 0f);
    for (int t = 0; t < 30; t++) {
      ScalarCells.lstm(seq1, t * 64, 64, k2, u2, b2, h2, c2, z2, 32);
    }
    ScalarCells.dense(h2, 32, w3, b3, d3, 16);
    for (int j = 0; j < 16; j++) {
      d3[j] = Math.max(0f, d3[j]);
    }
    ScalarCells.dense(d3, 16, w4, b4, d4, 1);
    out[0] = d4[0];
    return out;
  }
}
