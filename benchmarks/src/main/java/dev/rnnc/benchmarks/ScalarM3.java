package dev.rnnc.benchmarks;

import static dev.rnnc.benchmarks.ScalarCells.weights;

import dev.rnnc.runtime.RnncModel;
import java.util.Arrays;

/** M3 as plain scalar Java (see {@link ScalarCells}); allocates nothing per call. */
public final class ScalarM3 {
  private final float[] kernel, recurrent, bias, w, b;
  private final float[] x = new float[100 * 32],
      h = new float[256],
      mx = new float[3 * 256],
      mh = new float[3 * 256];

  /** Copies the weights of a generated M3 (read back in Keras layout). */
  public ScalarM3(RnncModel model) {
    kernel = weights(model, "gru", "kernel");
    recurrent = weights(model, "gru", "recurrent_kernel");
    bias = weights(model, "gru", "bias");
    w = weights(model, "out", "kernel");
    b = weights(model, "out", "bias");
  }

  /** A (100, 32) sequence → 10 outputs, written to {@code out}. */
  public float[] predict(float[][] sequence, float[] out) {
    for (int t = 0; t < 100; t++) {
      System.arraycopy(sequence[t], 0, x, t * 32, 32);
    }
    Arrays.fill(h, 0f);
    for (int t = 0; t < 100; t++) {
      ScalarCells.gru(x, t * 32, 32, kernel, recurrent, bias, h, mx, mh, 256);
    }
    ScalarCells.dense(h, 256, w, b, out, 10);
    return out;
  }
}
