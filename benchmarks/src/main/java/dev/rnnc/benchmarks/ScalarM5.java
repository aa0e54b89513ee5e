package dev.rnnc.benchmarks;

import static dev.rnnc.benchmarks.ScalarCells.weights;

import dev.rnnc.runtime.RnncModel;
import java.util.Arrays;

/**
 * M5's stream as plain scalar Java (see {@link ScalarCells}): one timestep per call, state carried.
 */
public final class ScalarM5 {
  private final float[] kernel, recurrent, bias, w, b;
  private final float[] x = new float[1],
      h = new float[32],
      c = new float[32],
      z = new float[4 * 32];
  private final float[] y = new float[1];

  /** Copies the weights of a generated M5 (read back in Keras layout). */
  public ScalarM5(RnncModel model) {
    kernel = weights(model, "lstm", "kernel");
    recurrent = weights(model, "lstm", "recurrent_kernel");
    bias = weights(model, "lstm", "bias");
    w = weights(model, "out", "kernel");
    b = weights(model, "out", "bias");
  }

  /** Zeroes the state: the next step starts a new sequence. */
  public void reset() {
    Arrays.fill(h, 0f);
    Arrays.fill(c, 0f);
  }

  /** Consumes one timestep and returns the model's output after it. */
  public float step(float value) {
    x[0] = value;
    ScalarCells.lstm(x, 0, 1, kernel, recurrent, bias, h, c, z, 32);
    ScalarCells.dense(h, 32, w, b, y, 1);
    return y[0];
  }
}
