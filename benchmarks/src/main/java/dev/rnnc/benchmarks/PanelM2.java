package dev.rnnc.benchmarks;

import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.simd.Activation;
import dev.rnnc.runtime.simd.Kernels;
import dev.rnnc.runtime.simd.RecurrentPanels;
import java.util.Arrays;

/**
 * M2 written by hand from the runtime's kernels, in the variants the report compares with the
 * generated code:
 *
 * <ul>
 *   <li>the recurrent kernel row-major ({@link Kernels#lstmStep}), as generated code had it before
 *       layers this wide got the panel layout, or in {@link RecurrentPanels} layout ({@link
 *       Kernels#lstmStepPanels}), as generated code has it now: its 256 KB stream from L2 as one
 *       sequence per panel;
 *   <li>with {@code foldEmbedding}, the Embedding folded into the LSTM's input projection: since
 *       {@code E[id]·W + b} depends on the token alone, it is computed once per vocabulary entry at
 *       load ({@code inputDim × 4·units} floats: 20 MB here, against the embedding's 2.5 MB) and a
 *       call looks rows up instead of running the 13 MFLOP product. Exact: each row is the product
 *       the call would compute. Not generated (it would need a processor option bounding the
 *       table's size, and a rebuild whenever the embedding, kernel or bias change).
 * </ul>
 *
 * Same packed gate order as generated code; not thread-safe; allocates nothing per call.
 */
public final class PanelM2 {
  private static final int T = 200;
  private static final int VOCAB = 10000;
  private static final int DIM = 64;
  private static final int UNITS = 128;
  private static final int GATES = 4 * UNITS;
  private static final int OUT = PackedLayout.padded(1);
  private static final int[] GATE_ORDER = {0, 1, 3, 2};

  private final boolean folded;
  private final float[] embeddings = new float[VOCAB * DIM];
  private final float[] kernel = new float[DIM * GATES], bias = new float[GATES];
  private final float[] table;
  private final boolean panels;
  private final float[] recurrentKernel = new float[UNITS * GATES];
  private final float[] outKernel = new float[UNITS * OUT], outBias = new float[OUT];
  private final float[] x = new float[T * DIM], projection = new float[T * GATES];
  private final float[] gates = new float[GATES],
      c = new float[UNITS],
      h = new float[UNITS],
      y = new float[OUT];

  /**
   * Packs a generated M2's weights (read in Keras layout); {@code foldEmbedding} builds the token
   * table.
   */
  public PanelM2(RnncModel model, boolean panels, boolean foldEmbedding) {
    this.panels = panels;
    folded = foldEmbedding;
    PackedLayout.matrix(VOCAB, DIM, 0)
        .pack(ScalarCells.weights(model, "embedding", "embeddings"), embeddings);
    PackedLayout.matrix(DIM, UNITS, GATE_ORDER)
        .pack(ScalarCells.weights(model, "lstm", "kernel"), kernel);
    PackedLayout.vector(UNITS, GATE_ORDER).pack(ScalarCells.weights(model, "lstm", "bias"), bias);
    float[] recurrent = new float[UNITS * GATES];
    PackedLayout.matrix(UNITS, UNITS, GATE_ORDER)
        .pack(ScalarCells.weights(model, "lstm", "recurrent_kernel"), recurrent);
    if (panels) {
      RecurrentPanels.pack(recurrent, UNITS, 4, UNITS, recurrentKernel);
    } else {
      System.arraycopy(recurrent, 0, recurrentKernel, 0, recurrent.length);
    }
    PackedLayout.matrix(UNITS, 1, 0).pack(ScalarCells.weights(model, "out", "kernel"), outKernel);
    PackedLayout.vector(1, 0).pack(ScalarCells.weights(model, "out", "bias"), outBias);
    table = foldEmbedding ? new float[VOCAB * GATES] : null;
    if (foldEmbedding) {
      Kernels.matmul(
          embeddings, 0, DIM, VOCAB, DIM, kernel, 0, GATES, GATES, bias, 0, table, 0, GATES);
    }
  }

  /** 200 token ids (already range-checked) → one probability, written to {@code out}. */
  public float[] predict(int[] ids, float[] out) {
    Arrays.fill(h, 0f);
    Arrays.fill(c, 0f);
    if (folded) {
      for (int t = 0; t < T; t++) {
        step(table, ids[t] * GATES);
      }
    } else {
      for (int t = 0; t < T; t++) {
        System.arraycopy(embeddings, ids[t] * DIM, x, t * DIM, DIM);
      }
      Kernels.matmul(x, 0, DIM, T, DIM, kernel, 0, GATES, GATES, bias, 0, projection, 0, GATES);
      for (int t = 0; t < T; t++) {
        step(projection, t * GATES);
      }
    }
    Kernels.matmul(h, 0, UNITS, 1, UNITS, outKernel, 0, OUT, OUT, outBias, 0, y, 0, OUT);
    Kernels.activate(Activation.SIGMOID, y, 0, OUT);
    out[0] = y[0];
    return out;
  }

  private void step(float[] projection, int offset) {
    if (panels) {
      Kernels.lstmStepPanels(
          projection,
          offset,
          recurrentKernel,
          UNITS,
          UNITS,
          c,
          h,
          gates,
          Activation.TANH,
          Activation.SIGMOID);
    } else {
      Kernels.lstmStep(
          projection,
          offset,
          recurrentKernel,
          UNITS,
          UNITS,
          c,
          h,
          gates,
          Activation.TANH,
          Activation.SIGMOID);
    }
  }
}
