package dev.rnnc.benchmarks;

import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.nn.Cells;
import dev.rnnc.runtime.simd.Activation;
import dev.rnnc.runtime.simd.Kernels;
import java.util.Arrays;

/**
 * M5 streamed one timestep per call with carried state, written by hand from the runtime's pieces
 * the way the generator writes a layer: the packed layout of generated code, {@link Kernels#matmul}
 * for the input projection, {@link Cells#lstm} for the step, {@link Kernels#matmul} for the Dense
 * head. It is what M5's benchmark measured before the generated step call ({@link M5#step}), kept
 * as that call's reference: the generated step runs this code plus its checks and copies. Not
 * thread-safe; allocates nothing per step.
 */
public final class M5Stream {
  private static final int UNITS = 32;
  private static final int STRIDE = PackedLayout.padded(UNITS);
  private static final int GATES = 4 * STRIDE;
  private static final int OUT_STRIDE = PackedLayout.padded(1);

  private final float[] kernel = new float[GATES];
  private final float[] recurrentKernel = new float[UNITS * GATES];
  private final float[] bias = new float[GATES];
  private final float[] outKernel = new float[UNITS * OUT_STRIDE];
  private final float[] outBias = new float[OUT_STRIDE];
  private final float[] x = new float[1];
  private final float[] projection = new float[GATES];
  private final float[] gates = new float[GATES];
  private final float[] h = new float[STRIDE];
  private final float[] c = new float[STRIDE];
  private final float[] y = new float[OUT_STRIDE];

  /**
   * Packs the weights of a generated M5 (read in Keras layout), gate blocks i, f, o, c as generated
   * code does.
   */
  public M5Stream(RnncModel model) {
    int[] gateOrder = {0, 1, 3, 2};
    PackedLayout.matrix(1, UNITS, gateOrder)
        .pack(ScalarCells.weights(model, "lstm", "kernel"), kernel);
    PackedLayout.matrix(UNITS, UNITS, gateOrder)
        .pack(ScalarCells.weights(model, "lstm", "recurrent_kernel"), recurrentKernel);
    PackedLayout.vector(UNITS, gateOrder).pack(ScalarCells.weights(model, "lstm", "bias"), bias);
    PackedLayout.matrix(UNITS, 1, 0).pack(ScalarCells.weights(model, "out", "kernel"), outKernel);
    PackedLayout.vector(1, 0).pack(ScalarCells.weights(model, "out", "bias"), outBias);
  }

  /** Zeroes the state: the next step starts a new sequence. */
  public void reset() {
    Arrays.fill(h, 0f);
    Arrays.fill(c, 0f);
  }

  /** Consumes one timestep and returns the model's output after it. */
  public float step(float value) {
    x[0] = value;
    Kernels.matmul(x, 0, 1, 1, 1, kernel, 0, GATES, GATES, bias, 0, projection, 0, GATES);
    Cells.lstm(
        projection,
        0,
        recurrentKernel,
        UNITS,
        STRIDE,
        gates,
        c,
        h,
        Activation.TANH,
        Activation.SIGMOID);
    Kernels.matmul(
        h, 0, STRIDE, 1, UNITS, outKernel, 0, OUT_STRIDE, OUT_STRIDE, outBias, 0, y, 0, OUT_STRIDE);
    return y[0];
  }
}
