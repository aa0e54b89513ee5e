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
 * {@link DoubledTanhCell} reading two inputs per timestep: {@code s' = tanh(x1·kernel_1 +
 * x2·kernel_2 + s·recurrent_kernel + bias)}, {@code output = 2·s'}. Its output is not its state, so
 * a gradient reaching the new state and one reaching the output enter its backward step differently
 * (the output's twice), which {@link TwoInputMinimalCell} cannot show (its Keras port: {@code
 * TwoInputDoubledTanhCell} in tools/goldens/keras_several_outputs_training.py).
 */
@RnnCell(
    inputSizes = {0, 0},
    stateSizes = RnnCell.UNITS,
    outputSize = RnnCell.UNITS)
public final class TwoInputDoubledTanhCell implements TrainableMultiInputCell {
  private final int size1;
  private final int size2;
  private final int units;
  private final int stride;
  private final float[] kernel1;
  private final float[] kernel2;
  private final float[] recurrentKernel;
  private final float[] bias;
  private final List<Variable> variables;
  private final float[] dKernel1;
  private final float[] dKernel2;
  private final float[] dRecurrentKernel;
  private final float[] dBias;
  private final List<float[]> gradients;
  private final float[] d;

  /** Allocates the weights for inputs of {@code inputSizes[0]} and {@code inputSizes[1]}. */
  public TwoInputDoubledTanhCell(int[] inputSizes, int units) {
    if (inputSizes.length != 2) {
      throw new IllegalArgumentException(
          "TwoInputDoubledTanhCell takes 2 inputs, was " + Arrays.toString(inputSizes));
    }
    this.size1 = inputSizes[0];
    this.size2 = inputSizes[1];
    this.units = units;
    this.stride = PackedLayout.padded(units);
    this.kernel1 = new float[size1 * stride];
    this.kernel2 = new float[size2 * stride];
    this.recurrentKernel = new float[units * stride];
    this.bias = new float[stride];
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
                Initializer.uniform(0.05)),
            new Variable("bias", PackedLayout.vector(units, 0), bias, Initializer.zeros()));
    this.dKernel1 = new float[kernel1.length];
    this.dKernel2 = new float[kernel2.length];
    this.dRecurrentKernel = new float[recurrentKernel.length];
    this.dBias = new float[bias.length];
    this.gradients = List.of(dKernel1, dKernel2, dRecurrentKernel, dBias);
    this.d = new float[stride];
  }

  @Override
  public List<Variable> variables() {
    return variables;
  }

  @Override
  public void step(float[][] inputs, int[] offsets, float[][] states, float[] output) {
    float[] s = states[0];
    preActivation(inputs, offsets, s, output);
    for (int j = 0; j < units; j++) {
      s[j] = (float) Math.tanh(output[j] + bias[j]);
      output[j] = 2 * s[j];
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
    float[] ds = dStates[0];
    // the new state again (the step's tanh), then d = dL/d(x1·K1 + x2·K2 + s·U + b)
    preActivation(inputs, offsets, states[0], d);
    for (int j = 0; j < units; j++) {
      float s = (float) Math.tanh(d[j] + bias[j]);
      d[j] = (2 * dOutput[j] + ds[j]) * (1 - s * s); // output = 2·s': its gradient counts twice
    }
    ProjectionGradients.kernel(1, inputs[0], offsets[0], 0, size1, d, 0, 0, stride, dKernel1);
    ProjectionGradients.kernel(1, inputs[1], offsets[1], 0, size2, d, 0, 0, stride, dKernel2);
    ProjectionGradients.kernel(1, states[0], 0, 0, units, d, 0, 0, stride, dRecurrentKernel);
    ProjectionGradients.bias(1, d, 0, 0, stride, dBias, 0);
    ProjectionGradients.addInput(
        1, d, 0, 0, stride, kernel1, size1, dInputs[0], dInputOffsets[0], 0);
    ProjectionGradients.addInput(
        1, d, 0, 0, stride, kernel2, size2, dInputs[1], dInputOffsets[1], 0);
    ProjectionGradients.input(1, d, 0, 0, stride, recurrentKernel, units, ds, 0, 0);
  }

  /** {@code x1·kernel_1 + x2·kernel_2 + s·recurrent_kernel} into {@code out}. */
  private void preActivation(float[][] inputs, int[] offsets, float[] s, float[] out) {
    Arrays.fill(out, 0, units, 0f);
    Kernels.mulAdd(inputs[0], offsets[0], size1, kernel1, 0, stride, units, out, 0);
    Kernels.mulAdd(inputs[1], offsets[1], size2, kernel2, 0, stride, units, out, 0);
    Kernels.mulAdd(s, 0, units, recurrentKernel, 0, stride, units, out, 0);
  }
}
