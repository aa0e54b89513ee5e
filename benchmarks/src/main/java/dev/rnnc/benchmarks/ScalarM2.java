package dev.rnnc.benchmarks;

import static dev.rnnc.benchmarks.ScalarCells.weights;

import dev.rnnc.runtime.RnncModel;
import java.util.Arrays;

/** M2 as plain scalar Java (see {@link ScalarCells}); allocates nothing per call. */
public final class ScalarM2 {
  private final float[] embeddings, kernel, recurrent, bias, w, b;
  private final float[] x = new float[200 * 64],
      h = new float[128],
      c = new float[128],
      z = new float[4 * 128];
  private final float[] y = new float[1];

  /** Copies the weights of a generated M2 (read back in Keras layout). */
  public ScalarM2(RnncModel model) {
    embeddings = weights(model, "embedding", "embeddings");
    kernel = weights(model, "lstm", "kernel");
    recurrent = weights(model, "lstm", "recurrent_kernel");
    bias = weights(model, "lstm", "bias");
    w = weights(model, "out", "kernel");
    b = weights(model, "out", "bias");
  }

  /** 200 token ids → one probability, written to {@code out}. */
  public float[] predict(int[] ids, float[] out) {
    for (int t = 0; t < 200; t++) {
      System.arraycopy(embeddings, ids[t] * 64, x, t * 64, 64);
    }
    Arrays.fill(h, 0f);
    Arrays.fill(c, 0f);
    for (int t = 0; t < 200; t++) {
      ScalarCells.lstm(x, t * 64, 64, kernel, recurrent, bias, h, c, z, 128);
    }
    ScalarCells.dense(h, 128, w, b, y, 1);
    out[0] = ScalarCells.sigmoid(y[0]);
    return out;
  }
}
