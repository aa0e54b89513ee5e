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
 * The Keras guide's {@code MinimalRNNCell} reading two inputs per timestep: {@code output = h' =
 * x1·kernel_1 + x2·kernel_2 + h·recurrent_kernel}. Unlike {@link NestedCell}, whose outputs do not
 * read its states, its output depends on every earlier timestep, so training it goes back through
 * the states (its Keras port: tools/goldens/keras_multi_input_cell_training.py).
 */
@RnnCell(
    inputSizes = {0, 0},
    stateSizes = RnnCell.UNITS,
    outputSize = RnnCell.UNITS)
public final class TwoInputMinimalCell implements TrainableMultiInputCell {
  private final int size1;
  private final int size2;
  private final int units;
  private final int stride;
  private final float[] kernel1;
  private final float[] kernel2;
  private final float[] recurrentKernel;
  private final List<Variable> variables;
  private final float[] dKernel1;
  private final float[] dKernel2;
  private final float[] dRecurrentKernel;
  private final List<float[]> gradients;
  private final float[] d;

  /** Allocates the weights for inputs of {@code inputSizes[0]} and {@code inputSizes[1]}. */
  public TwoInputMinimalCell(int[] inputSizes, int units) {
    if (inputSizes.length != 2) {
      throw new IllegalArgumentException(
          "TwoInputMinimalCell takes 2 inputs, was " + Arrays.toString(inputSizes));
    }
    this.size1 = inputSizes[0];
    this.size2 = inputSizes[1];
    this.units = units;
    this.stride = PackedLayout.padded(units);
    this.kernel1 = new float[size1 * stride];
    this.kernel2 = new float[size2 * stride];
    this.recurrentKernel = new float[units * stride];
    this.variables =
        List.of(
            new Variable(
                "kernel_1",
                PackedLayout.matrix(size1, units, 0),
                kernel1,
                Initializer.uniform(0.05)),
            new Variable(
                "kernel_2",
                PackedLayout.matrix(size2, units, 0),
                kernel2,
                Initializer.uniform(0.05)),
            new Variable(
                "recurrent_kernel",
                PackedLayout.matrix(units, units, 0),
                recurrentKernel,
                Initializer.uniform(0.05)));
    this.dKernel1 = new float[kernel1.length];
    this.dKernel2 = new float[kernel2.length];
    this.dRecurrentKernel = new float[recurrentKernel.length];
    this.gradients = List.of(dKernel1, dKernel2, dRecurrentKernel);
    this.d = new float[stride];
  }

  @Override
  public List<Variable> variables() {
    return variables;
  }

  @Override
  public void step(float[][] inputs, int[] offsets, float[][] states, float[] output) {
    float[] h = states[0];
    Arrays.fill(output, 0, units, 0f);
    Kernels.mulAdd(inputs[0], offsets[0], size1, kernel1, 0, stride, units, output, 0);
    Kernels.mulAdd(inputs[1], offsets[1], size2, kernel2, 0, stride, units, output, 0);
    Kernels.mulAdd(h, 0, units, recurrentKernel, 0, stride, units, output, 0);
    System.arraycopy(output, 0, h, 0, units);
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
    float[] dh = dStates[0];
    for (int j = 0; j < units; j++) {
      d[j] = dOutput[j] + dh[j]; // the output and the new state are one value
    }
    ProjectionGradients.kernel(1, inputs[0], offsets[0], 0, size1, d, 0, 0, stride, dKernel1);
    ProjectionGradients.kernel(1, inputs[1], offsets[1], 0, size2, d, 0, 0, stride, dKernel2);
    ProjectionGradients.kernel(1, states[0], 0, 0, units, d, 0, 0, stride, dRecurrentKernel);
    ProjectionGradients.addInput(
        1, d, 0, 0, stride, kernel1, size1, dInputs[0], dInputOffsets[0], 0);
    ProjectionGradients.addInput(
        1, d, 0, 0, stride, kernel2, size2, dInputs[1], dInputOffsets[1], 0);
    ProjectionGradients.input(1, d, 0, 0, stride, recurrentKernel, units, dh, 0, 0);
  }
}
