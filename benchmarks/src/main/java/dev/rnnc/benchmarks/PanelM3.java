package dev.rnnc.benchmarks;

import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.simd.Activation;
import dev.rnnc.runtime.simd.Kernels;
import dev.rnnc.runtime.simd.RecurrentPanels;
import java.util.Arrays;

/**
 * M3 written by hand from the runtime's kernels, with the generated code's flow (one input
 * projection, then a fused step per timestep), in either layout of the GRU's recurrent kernel: row
 * major, stepped by {@link Kernels#gruStep}, as generated code had it before layers this wide got
 * the panel layout (the "before" row of the report); or {@link RecurrentPanels}, stepped by {@link
 * Kernels#gruStepPanels}, as generated code has it now. Not thread-safe; allocates nothing per
 * call.
 */
public final class PanelM3 {
  private static final int T = 100;
  private static final int F = 32;
  private static final int UNITS = 256;
  private static final int GATES = 3 * UNITS;
  private static final int OUT = PackedLayout.padded(10);

  private final float[] kernel = new float[F * GATES], bias = new float[2 * GATES];
  private final boolean panels;
  private final float[] recurrentKernel = new float[UNITS * GATES];
  private final float[] outKernel = new float[UNITS * OUT], outBias = new float[OUT];
  private final float[] x = new float[T * F], projection = new float[T * GATES];
  private final float[] gates = new float[GATES], h = new float[UNITS], y = new float[OUT];

  /** Packs a generated M3's weights (read in Keras layout), U in panels or row-major. */
  public PanelM3(RnncModel model, boolean panels) {
    this.panels = panels;
    PackedLayout.matrix(F, UNITS, 0, 1, 2)
        .pack(ScalarCells.weights(model, "gru", "kernel"), kernel);
    PackedLayout.matrix(2, UNITS, 0, 1, 2).pack(ScalarCells.weights(model, "gru", "bias"), bias);
    float[] recurrent = new float[UNITS * GATES];
    PackedLayout.matrix(UNITS, UNITS, 0, 1, 2)
        .pack(ScalarCells.weights(model, "gru", "recurrent_kernel"), recurrent);
    if (panels) {
      RecurrentPanels.pack(recurrent, UNITS, 3, UNITS, recurrentKernel);
    } else {
      System.arraycopy(recurrent, 0, recurrentKernel, 0, recurrent.length);
    }
    PackedLayout.matrix(UNITS, 10, 0).pack(ScalarCells.weights(model, "out", "kernel"), outKernel);
    PackedLayout.vector(10, 0).pack(ScalarCells.weights(model, "out", "bias"), outBias);
  }

  /** A (100, 32) sequence (already checked) → 10 outputs, written to {@code out}. */
  public float[] predict(float[][] sequence, float[] out) {
    for (int t = 0; t < T; t++) {
      System.arraycopy(sequence[t], 0, x, t * F, F);
    }
    Kernels.matmul(x, 0, F, T, F, kernel, 0, GATES, GATES, bias, 0, projection, 0, GATES);
    Arrays.fill(h, 0f);
    for (int t = 0; t < T; t++) {
      if (panels) {
        Kernels.gruStepPanels(
            projection,
            t * GATES,
            recurrentKernel,
            bias,
            GATES,
            UNITS,
            UNITS,
            h,
            gates,
            Activation.TANH,
            Activation.SIGMOID);
      } else {
        Kernels.gruStep(
            projection,
            t * GATES,
            recurrentKernel,
            bias,
            GATES,
            UNITS,
            UNITS,
            h,
            gates,
            Activation.TANH,
            Activation.SIGMOID);
      }
    }
    Kernels.matmul(h, 0, UNITS, 1, UNITS, outKernel, 0, OUT, OUT, outBias, 0, y, 0, OUT);
    System.arraycopy(y, 0, out, 0, 10);
    return out;
  }
}
