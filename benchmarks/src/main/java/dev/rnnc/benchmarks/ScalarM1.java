package dev.rnnc.benchmarks;

import dev.rnnc.runtime.RnncModel;

/**
 * The baseline: M1 written as plain scalar Java, the way one would without rnnc — Keras-layout
 * weights, the input projection inside the timestep loop, {@link Math#tanh} and {@link Math#exp}.
 * Pre-allocated, so it allocates nothing per call either.
 */
public final class ScalarM1 {
  private final float[] k1, u1, b1, k2, u2, b2, w3, b3, w4, b4;
  private final float[] h1 = new float[64], c1 = new float[64], seq1 = new float[30 * 64];
  private final float[] h2 = new float[32], c2 = new float[32];
  private final float[] z1 = new float[4 * 64], z2 = new float[4 * 32], d3 = new float[16];

  /** Copies the weights of a generated M1 (read back in Keras layout). */
  public ScalarM1(RnncModel model) {
    k1 = model.layer("encoder").variable("kernel").get();
    u1 = model.layer("encoder").variable("recurrent_kernel").get();
    b1 = model.layer("encoder").variable("bias").get();
    k2 = model.layer("summary").variable("kernel").get();
    u2 = model.layer("summary").variable("recurrent_kernel").get();
    b2 = model.layer("summary").variable("bias").get();
    w3 = model.layer("hidden").variable("kernel").get();
    b3 = model.layer("hidden").variable("bias").get();
    w4 = model.layer("head").variable("kernel").get();
    b4 = model.layer("head").variable("bias").get();
  }

  /** One window → one forecast, written to {@code out}. */
  public float[] predict(float[][] window, float[] out) {
    java.util.Arrays.fill(h1, 0f);
    java.util.Arrays.fill(c1, 0f);
    for (int t = 0; t < 30; t++) {
      lstmStep(window[t], 0, 1, k1, u1, b1, h1, c1, z1, 64);
      System.arraycopy(h1, 0, seq1, t * 64, 64);
    }
    java.util.Arrays.fill(h2, 0f);
    java.util.Arrays.fill(c2, 0f);
    for (int t = 0; t < 30; t++) {
      lstmStep(seq1, t * 64, 64, k2, u2, b2, h2, c2, z2, 32);
    }
    for (int j = 0; j < 16; j++) {
      float s = b3[j];
      for (int k = 0; k < 32; k++) {
        s += h2[k] * w3[k * 16 + j];
      }
      d3[j] = Math.max(0f, s);
    }
    float s = b4[0];
    for (int k = 0; k < 16; k++) {
      s += d3[k] * w4[k];
    }
    out[0] = s;
    return out;
  }

  private static void lstmStep(float[] x, int xOff, int features, float[] kernel, float[] recurrent, float[] bias,
      float[] h, float[] c, float[] z, int units) {
    int width = 4 * units;
    for (int j = 0; j < width; j++) {
      float s = bias[j];
      for (int k = 0; k < features; k++) {
        s += x[xOff + k] * kernel[k * width + j];
      }
      for (int k = 0; k < units; k++) {
        s += h[k] * recurrent[k * width + j];
      }
      z[j] = s;
    }
    for (int j = 0; j < units; j++) {
      float i = sigmoid(z[j]);
      float f = sigmoid(z[units + j]);
      float g = (float) Math.tanh(z[2 * units + j]);
      float o = sigmoid(z[3 * units + j]);
      c[j] = f * c[j] + i * g;
      h[j] = o * (float) Math.tanh(c[j]);
    }
  }

  private static float sigmoid(float x) {
    return (float) (1.0 / (1.0 + Math.exp(-x)));
  }
}
