package dev.rnnc.benchmarks;

import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.simd.Activation;
import dev.rnnc.runtime.simd.Kernels;

/**
 * A prototype of the batch call rnnc could generate for M1, written by hand: {@value #CHUNK}
 * windows go through each layer together, so that the recurrent steps run as
 * {@link Kernels#lstmSteps} (each weight loaded from cache feeds an FMA per window, instead of
 * one) and the input projections as one matrix product over all windows' timesteps. The generated
 * batch call today runs the single-window code once per window. Same packed layout as generated
 * code; not thread-safe; allocates nothing per call.
 */
public final class BatchedM1 {
  static final int CHUNK = 8;
  private static final int T = 30;
  private static final int U1 = 64;
  private static final int G1 = 4 * U1;
  private static final int U2 = 32;
  private static final int G2 = 4 * U2;
  private static final int D3 = 16;
  private static final int D4 = PackedLayout.padded(1);
  private static final int[] GATE_ORDER = {0, 1, 3, 2};

  private final float[] k1 = new float[G1], r1 = new float[U1 * G1], b1 = new float[G1];
  private final float[] k2 = new float[U1 * G2], r2 = new float[U2 * G2], b2 = new float[G2];
  private final float[] w3 = new float[U2 * D3], b3 = new float[D3], w4 = new float[D3 * D4], b4 = new float[D4];
  private final float[] input = new float[CHUNK * T];
  private final float[] p1 = new float[CHUNK * T * G1], seq1 = new float[CHUNK * T * U1];
  private final float[] p2 = new float[CHUNK * T * G2];
  private final float[] h1 = new float[CHUNK * U1], c1 = new float[CHUNK * U1];
  private final float[] h2 = new float[CHUNK * U2], c2 = new float[CHUNK * U2];
  private final float[] gates = new float[CHUNK * G1];
  private final float[] y3 = new float[CHUNK * D3], y4 = new float[CHUNK * D4];

  /** Packs the weights of a generated M1 (read in Keras layout) as generated code does. */
  public BatchedM1(RnncModel model) {
    PackedLayout.matrix(1, U1, GATE_ORDER).pack(ScalarCells.weights(model, "encoder", "kernel"), k1);
    PackedLayout.matrix(U1, U1, GATE_ORDER).pack(ScalarCells.weights(model, "encoder", "recurrent_kernel"), r1);
    PackedLayout.vector(U1, GATE_ORDER).pack(ScalarCells.weights(model, "encoder", "bias"), b1);
    PackedLayout.matrix(U1, U2, GATE_ORDER).pack(ScalarCells.weights(model, "summary", "kernel"), k2);
    PackedLayout.matrix(U2, U2, GATE_ORDER).pack(ScalarCells.weights(model, "summary", "recurrent_kernel"), r2);
    PackedLayout.vector(U2, GATE_ORDER).pack(ScalarCells.weights(model, "summary", "bias"), b2);
    PackedLayout.matrix(U2, D3, 0).pack(ScalarCells.weights(model, "hidden", "kernel"), w3);
    PackedLayout.vector(D3, 0).pack(ScalarCells.weights(model, "hidden", "bias"), b3);
    PackedLayout.matrix(D3, 1, 0).pack(ScalarCells.weights(model, "head", "kernel"), w4);
    PackedLayout.vector(1, 0).pack(ScalarCells.weights(model, "head", "bias"), b4);
  }

  /** Windows {@code from .. to} of {@code windows} → their forecasts in {@code out}. */
  public void predict(float[][][] windows, float[][] out, int from, int to) {
    for (int start = from; start < to; start += CHUNK) {
      chunk(windows, out, start, Math.min(CHUNK, to - start));
    }
  }

  private void chunk(float[][][] windows, float[][] out, int start, int n) {
    for (int b = 0; b < n; b++) {
      float[][] window = windows[start + b];
      for (int t = 0; t < T; t++) {
        input[b * T + t] = window[t][0];
      }
    }
    // encoder: every window's x·W + b at once, then the steps in lockstep
    Kernels.matmul(input, 0, 1, n * T, 1, k1, 0, G1, G1, b1, 0, p1, 0, G1);
    java.util.Arrays.fill(h1, 0, n * U1, 0f);
    java.util.Arrays.fill(c1, 0, n * U1, 0f);
    for (int t = 0; t < T; t++) {
      Kernels.lstmSteps(n, p1, t * G1, T * G1, r1, U1, U1, c1, h1, U1, gates, Activation.TANH, Activation.SIGMOID);
      for (int b = 0; b < n; b++) {
        System.arraycopy(h1, b * U1, seq1, (b * T + t) * U1, U1);
      }
    }
    // summary
    Kernels.matmul(seq1, 0, U1, n * T, U1, k2, 0, G2, G2, b2, 0, p2, 0, G2);
    java.util.Arrays.fill(h2, 0, n * U2, 0f);
    java.util.Arrays.fill(c2, 0, n * U2, 0f);
    for (int t = 0; t < T; t++) {
      Kernels.lstmSteps(n, p2, t * G2, T * G2, r2, U2, U2, c2, h2, U2, gates, Activation.TANH, Activation.SIGMOID);
    }
    // hidden, head: one matrix product over the windows each
    Kernels.matmul(h2, 0, U2, n, U2, w3, 0, D3, D3, b3, 0, y3, 0, D3);
    Kernels.activate(Activation.RELU, y3, 0, n * D3);
    Kernels.matmul(y3, 0, D3, n, D3, w4, 0, D4, D4, b4, 0, y4, 0, D4);
    for (int b = 0; b < n; b++) {
      out[start + b][0] = y4[b * D4];
    }
  }
}
