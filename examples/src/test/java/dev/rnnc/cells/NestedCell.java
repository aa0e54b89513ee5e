package dev.rnnc.cells;

import dev.rnnc.annotations.RnnCell;
import dev.rnnc.runtime.Initializer;
import dev.rnnc.runtime.MultiInputCell;
import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.simd.Kernels;
import java.util.Arrays;
import java.util.List;

/**
 * The Keras RNN guide's {@code NestedCell} in Java: two inputs per timestep, {@code input_1 (i1)}
 * and {@code input_2 (i2, i3)}, states {@code [(unit_1,), (unit_2, unit_3)]}:
 *
 * <pre>
 * output_1   = input_1 · kernel_1                             kernel_1   (i1, unit_1)
 * output_2_3 = einsum("ij,ijkl->kl", input_2, kernel_2_3)     kernel_2_3 (i2, i3, unit_2, unit_3)
 * state_1 += output_1;  state_2_3 += output_2_3
 * </pre>
 *
 * Flattened row-major, as rnnc passes nested shapes: {@code input_2} is a row of {@code i2·i3}, the
 * einsum is {@code input_2 · kernel_2_3} with the kernel seen as {@code (i2·i3, unit_2·unit_3)},
 * the second state has {@code unit_2·unit_3} floats, and the output is {@code [output_1 |
 * output_2_3]}. {@code unit_1} is the layer's {@code units}; the other sizes are this class's
 * constants.
 */
@RnnCell(
    inputSizes = {0, NestedCell.I2 * NestedCell.I3},
    stateSizes = {NestedCell.UNIT_1, NestedCell.UNIT_2 * NestedCell.UNIT_3},
    outputSize = NestedCell.UNIT_1 + NestedCell.UNIT_2 * NestedCell.UNIT_3)
public final class NestedCell implements MultiInputCell {
  static final int I2 = 2;
  static final int I3 = 2;
  static final int UNIT_1 = 4;
  static final int UNIT_2 = 2;
  static final int UNIT_3 = 3;
  private static final int UNITS_2_3 = UNIT_2 * UNIT_3;

  private final int i1;
  private final float[] kernel1;
  private final float[] kernel23;
  private final int stride1 = PackedLayout.padded(UNIT_1);
  private final int stride23 = PackedLayout.padded(UNITS_2_3);
  private final List<Variable> variables;

  /** Allocates the weights for {@code input_1} of {@code inputSizes[0]} features. */
  public NestedCell(int[] inputSizes, int units) {
    if (inputSizes.length != 2 || inputSizes[1] != I2 * I3 || units != UNIT_1) {
      throw new IllegalArgumentException(
          "NestedCell takes inputs (i1, "
              + I2 * I3
              + ") and units "
              + UNIT_1
              + ", was "
              + Arrays.toString(inputSizes)
              + " and "
              + units);
    }
    this.i1 = inputSizes[0];
    this.kernel1 = new float[i1 * stride1];
    this.kernel23 = new float[I2 * I3 * stride23];
    this.variables =
        List.of(
            new Variable(
                "kernel_1", PackedLayout.matrix(i1, UNIT_1, 0), kernel1, Initializer.uniform(0.05)),
            new Variable(
                    "kernel_2_3",
                    PackedLayout.matrix(I2 * I3, UNITS_2_3, 0),
                    kernel23,
                    Initializer.uniform(0.05))
                .withShape(I2, I3, UNIT_2, UNIT_3));
  }

  @Override
  public List<Variable> variables() {
    return variables;
  }

  @Override
  public void step(float[][] inputs, int[] offsets, float[][] states, float[] output) {
    Arrays.fill(output, 0, UNIT_1 + UNITS_2_3, 0f);
    Kernels.mulAdd(inputs[0], offsets[0], i1, kernel1, 0, stride1, UNIT_1, output, 0);
    Kernels.mulAdd(
        inputs[1], offsets[1], I2 * I3, kernel23, 0, stride23, UNITS_2_3, output, UNIT_1);
    float[] state1 = states[0];
    float[] state23 = states[1];
    for (int k = 0; k < UNIT_1; k++) {
      state1[k] += output[k];
    }
    for (int k = 0; k < UNITS_2_3; k++) {
      state23[k] += output[UNIT_1 + k];
    }
  }
}
