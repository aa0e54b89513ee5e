package dev.rnnc.benchmarks;

import static dev.rnnc.benchmarks.ScalarCells.weights;

import dev.rnnc.runtime.RnncModel;
import java.util.Arrays;

/** M4 as plain scalar Java (see {@link ScalarCells}); allocates nothing per call. */
public final class ScalarM4 {
  private final float[] kernel, recurrent, bias, w, b;
  private final float[] x = new float[10 * 5],
      h = new float[32],
      z = new float[32],
      y = new float[1];

  /** Copies the weights of a generated M4 (read back in Keras layout). */
  public ScalarM4(RnncModel model) {
    kernel = weights(model, "rnn", "kernel");
    recurrent = weights(model, "rnn", "recurrent_kernel");
    bias = weights(model, "rnn", "bias");
    w = weights(model, "out", "kernel");
    b = weights(model, "out", "bias");
  }

  /** A (10, 5) sequence → one probability, written to {@code out}. */
  public float[] predict(float[][] sequence, float[] out) {
    for (int t = 0; t < 10; t++) {
      System.arraycopy(sequence[t], 0, x, t * 5, 5);
    }
    Arrays.fill(h, 0f);
    for (int t = 0; t < 10; t++) {
      ScalarCells.simpleRnn(x, t * 5, 5, kernel, recurrent, bias, h, z, 32);
    }
    ScalarCells.dense(h, 32, w, b, y, 1);
    out[0] = ScalarCells.sigmoid(y[0]);
    return out;
  }
}
