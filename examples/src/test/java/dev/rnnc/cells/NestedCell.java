package dev.rnnc.cells;

import dev.rnnc.annotations.RnnCell;
import dev.rnnc.runtime.Initializer;
import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.TrainableMultiInputCell;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.nn.ProjectionGradients;
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
 *
 * <p>Its backward step: the outputs are products of the inputs alone, and each state adds its
 * output, so {@code dOutput_k + dState_k} is each product's gradient, and the states before the
 * step take the new states' gradients unchanged.
 */
@RnnCell(
    inputSizes = {0, NestedCell.I2 * NestedCell.I3},
    stateSizes = {NestedCell.UNIT_1, NestedCell.UNIT_2 * NestedCell.UNIT_3},
    outputSize = NestedCell.UNIT_1 + NestedCell.UNIT_2 * NestedCell.UNIT_3)
public final class NestedCell implements TrainableMultiInputCell {
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
  private final float[] dKernel1;
  private final float[] dKernel23;
  private final List<float[]> gradients;
  private final float[] d1 = new float[stride1];
  private final float[] d23 = new float[stride23];

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
    this.dKernel1 = new float[kernel1.length];
    this.dKernel23 = new float[kernel23.length];
    this.gradients = List.of(dKernel1, dKernel23);
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

  @Override
  public List<float[]> gradients() {
    return gradients;
  }

  @Override
  public void backward(
      float[][] inputs,
      int[] offsets,
      float[][] states,
      float[] dOutput,
      float[][] dStates,
      float[][] dInputs,
      int[] dInputOffsets) {
    for (int k = 0; k < UNIT_1; k++) {
      d1[k] = dOutput[k] + dStates[0][k];
    }
    for (int k = 0; k < UNITS_2_3; k++) {
      d23[k] = dOutput[UNIT_1 + k] + dStates[1][k];
    }
    ProjectionGradients.kernel(1, inputs[0], offsets[0], 0, i1, d1, 0, 0, stride1, dKernel1);
    ProjectionGradients.kernel(
        1, inputs[1], offsets[1], 0, I2 * I3, d23, 0, 0, stride23, dKernel23);
    ProjectionGradients.addInput(
        1, d1, 0, 0, stride1, kernel1, i1, dInputs[0], dInputOffsets[0], 0);
    ProjectionGradients.addInput(
        1, d23, 0, 0, stride23, kernel23, I2 * I3, dInputs[1], dInputOffsets[1], 0);
    // state_k' = state_k + output_k: dStates stay as they are
  }
}
