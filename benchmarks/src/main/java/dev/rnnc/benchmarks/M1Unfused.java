package dev.rnnc.benchmarks;

import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.simd.Activation;
import dev.rnnc.runtime.simd.Kernels;
import java.util.Arrays;

/**
 * M1 as generated code ran before the fused recurrent steps: the same packed layout and input
 * projections, but each timestep as separate kernels (copy the projection, {@code h·U} by {@link
 * Kernels#mulAdd}, an SVML activation pass per activation, {@link Kernels#lstmCell}). Kept to
 * measure the fused steps against in the same run.
 */
public final class M1Unfused {
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
  private final float[] w3 = new float[U2 * D3],
      b3 = new float[D3],
      w4 = new float[D3 * D4],
      b4 = new float[D4];
  private final float[] input = new float[T], p1 = new float[T * G1], g1 = new float[G1];
  private final float[] h1 = new float[U1], c1 = new float[U1], seq1 = new float[T * U1];
  private final float[] p2 = new float[T * G2],
      g2 = new float[G2],
      h2 = new float[U2],
      c2 = new float[U2];
  private final float[] y3 = new float[D3], y4 = new float[D4];

  /** Packs the weights of a generated M1 (read in Keras layout) as generated code does. */
  public M1Unfused(RnncModel model) {
    PackedLayout.matrix(1, U1, GATE_ORDER)
        .pack(ScalarCells.weights(model, "encoder", "kernel"), k1);
    PackedLayout.matrix(U1, U1, GATE_ORDER)
        .pack(ScalarCells.weights(model, "encoder", "recurrent_kernel"), r1);
    PackedLayout.vector(U1, GATE_ORDER).pack(ScalarCells.weights(model, "encoder", "bias"), b1);
    PackedLayout.matrix(U1, U2, GATE_ORDER)
        .pack(ScalarCells.weights(model, "summary", "kernel"), k2);
    PackedLayout.matrix(U2, U2, GATE_ORDER)
        .pack(ScalarCells.weights(model, "summary", "recurrent_kernel"), r2);
    PackedLayout.vector(U2, GATE_ORDER).pack(ScalarCells.weights(model, "summary", "bias"), b2);
    PackedLayout.matrix(U2, D3, 0).pack(ScalarCells.weights(model, "hidden", "kernel"), w3);
    PackedLayout.vector(D3, 0).pack(ScalarCells.weights(model, "hidden", "bias"), b3);
    PackedLayout.matrix(D3, 1, 0).pack(ScalarCells.weights(model, "head", "kernel"), w4);
    PackedLayout.vector(1, 0).pack(ScalarCells.weights(model, "head", "bias"), b4);
  }

  /** One window → one forecast, written to {@code out}. */
  public float[] predict(float[][] window, float[] out) {
    for (int t = 0; t < T; t++) {
      input[t] = window[t][0];
    }
    Kernels.matmul(input, 0, 1, T, 1, k1, 0, G1, G1, b1, 0, p1, 0, G1);
    Arrays.fill(h1, 0f);
    Arrays.fill(c1, 0f);
    for (int t = 0; t < T; t++) {
      step(p1, t * G1, r1, U1, g1, c1, h1);
      System.arraycopy(h1, 0, seq1, t * U1, U1);
    }
    Kernels.matmul(seq1, 0, U1, T, U1, k2, 0, G2, G2, b2, 0, p2, 0, G2);
    Arrays.fill(h2, 0f);
    Arrays.fill(c2, 0f);
    for (int t = 0; t < T; t++) {
      step(p2, t * G2, r2, U2, g2, c2, h2);
    }
    Kernels.matmul(h2, 0, U2, 1, U2, w3, 0, D3, D3, b3, 0, y3, 0, D3);
    Kernels.activate(Activation.RELU, y3, 0, D3);
    Kernels.matmul(y3, 0, D3, 1, D3, w4, 0, D4, D4, b4, 0, y4, 0, D4);
    out[0] = y4[0];
    return out;
  }

  private static void step(
      float[] projection,
      int offset,
      float[] recurrent,
      int units,
      float[] gates,
      float[] c,
      float[] h) {
    int width = 4 * units;
    System.arraycopy(projection, offset, gates, 0, width);
    Kernels.mulAdd(h, 0, units, recurrent, 0, width, width, gates, 0);
    Kernels.activate(Activation.SIGMOID, gates, 0, 3 * units);
    Kernels.activate(Activation.TANH, gates, 3 * units, units);
    Kernels.lstmCell(gates, 0, units, c, h, units, Activation.TANH);
  }
}
