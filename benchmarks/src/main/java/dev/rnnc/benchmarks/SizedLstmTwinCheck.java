package dev.rnnc.benchmarks;

import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.simd.Activation;
import dev.rnnc.runtime.simd.Kernels;
import dev.rnnc.runtime.simd.LstmStep;

/**
 * Prints the state of the sized LSTM(32) step after 30 steps from {@code
 * benchmarks/twins/lstm_step_twin.c}'s inputs, as that program's {@code check} prints it (each h as
 * hex bits), so that {@code benchmarks/step-twin.sh} times the C twin only when it computes the
 * same bits as the step generated models run (the one {@link #alignedStep} makes: sized, reading an
 * aligned copy of U).
 */
public final class SizedLstmTwinCheck {
  static final int UNITS = 32;
  static final int ROW = 4 * UNITS;
  static final int STEPS = 30;

  private SizedLstmTwinCheck() {}

  /**
   * The step generated models make for an LSTM layer of these units (row-major U, gate blocks
   * padded to {@code stride}): sized, U read from an aligned copy of {@code u}.
   */
  static LstmStep alignedStep(int units, int stride, float[] u) {
    Variable kernel =
        new Variable("recurrent_kernel", PackedLayout.matrix(units, units, 0, 1, 2, 3), u, null);
    return Kernels.lstmStep(kernel, units, stride, Activation.TANH, Activation.SIGMOID);
  }

  /** The twin's weights: the same floats in any language. */
  static float weight(int i) {
    return (float) ((i * 37) % 101 - 50) / 500f;
  }

  /** The twin's projection rows. */
  static float input(int i) {
    return (float) ((i * 53) % 97 - 48) / 50f;
  }

  public static void main(String[] args) {
    float[] u = new float[UNITS * ROW];
    for (int i = 0; i < u.length; i++) {
      u[i] = weight(i);
    }
    float[] rows = new float[STEPS * ROW];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = input(i);
    }
    float[] c = new float[UNITS], h = new float[UNITS], scratch = new float[ROW];
    LstmStep step = alignedStep(UNITS, UNITS, u);
    for (int t = 0; t < STEPS; t++) {
      step.step(rows, t * ROW, u, scratch, c, h);
    }
    StringBuilder out = new StringBuilder();
    for (int j = 0; j < UNITS; j++) {
      out.append("%08x".formatted(Float.floatToRawIntBits(h[j]))).append(j % 8 == 7 ? '\n' : ' ');
    }
    System.out.print(out);
  }
}
