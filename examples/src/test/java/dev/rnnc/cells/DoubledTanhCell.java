package dev.rnnc.cells;

import dev.rnnc.annotations.RnnCell;
import dev.rnnc.runtime.Initializer;
import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.TrainableCell;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.nn.ProjectionGradients;
import dev.rnnc.runtime.simd.Kernels;
import java.util.Arrays;
import java.util.List;

/**
 * A cell whose output is not its state: {@code s' = tanh(x·kernel + s·recurrent_kernel + bias)},
 * {@code output = 2·s'}. Unlike {@link MinimalRnnCell}, whose output and new state are one value, a
 * gradient reaching the new state and one reaching the output enter its backward step differently
 * (the output's twice), so a test training it tells them apart (its Keras port: {@code
 * DoubledTanhCell} in tools/goldens/keras_several_outputs_training.py).
 */
@RnnCell(stateSizes = RnnCell.UNITS, outputSize = RnnCell.UNITS)
public final class DoubledTanhCell implements TrainableCell {
  private final int inputSize;
  private final int units;
  private final int stride;
  private final float[] kernel;
  private final float[] recurrentKernel;
  private final float[] bias;
  private final List<Variable> variables;
  private final float[] dKernel;
  private final float[] dRecurrentKernel;
  private final float[] dBias;
  private final List<float[]> gradients;
  private final float[] d;

  /** Allocates the weights for inputs of {@code inputSize} features. */
  public DoubledTanhCell(int inputSize, int units) {
    this.inputSize = inputSize;
    this.units = units;
    this.stride = PackedLayout.padded(units);
    this.kernel = new float[inputSize * stride];
    this.recurrentKernel = new float[units * stride];
    this.bias = new float[stride];
    this.variables =
        List.of(
            new Variable(
                "kernel",
                PackedLayout.matrix(inputSize, units, 0),
                kernel,
                Initializer.uniform(0.05)),
            new Variable(
                "recurrent_kernel",
                PackedLayout.matrix(units, units, 0),
                recurrentKernel,
                Initializer.uniform(0.05)),
            new Variable("bias", PackedLayout.vector(units, 0), bias, Initializer.zeros()));
    this.dKernel = new float[kernel.length];
    this.dRecurrentKernel = new float[recurrentKernel.length];
    this.dBias = new float[bias.length];
    this.gradients = List.of(dKernel, dRecurrentKernel, dBias);
    this.d = new float[stride];
  }

  @Override
  public List<Variable> variables() {
    return variables;
  }

  @Override
  public void step(float[] input, int inputOffset, float[][] states, float[] output) {
    float[] s = states[0];
    Arrays.fill(output, 0, units, 0f);
    Kernels.mulAdd(input, inputOffset, inputSize, kernel, 0, stride, units, output, 0);
    Kernels.mulAdd(s, 0, units, recurrentKernel, 0, stride, units, output, 0);
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
      float[] input,
      int inputOffset,
      float[][] states,
      float[] dOutput,
      float[][] dStates,
      float[] dInput,
      int dInputOffset) {
    float[] ds = dStates[0];
    // the new state again (the step's tanh), then d = dL/d(x·K + s·U + b)
    Arrays.fill(d, 0, units, 0f);
    Kernels.mulAdd(input, inputOffset, inputSize, kernel, 0, stride, units, d, 0);
    Kernels.mulAdd(states[0], 0, units, recurrentKernel, 0, stride, units, d, 0);
    for (int j = 0; j < units; j++) {
      float s = (float) Math.tanh(d[j] + bias[j]);
      d[j] = (2 * dOutput[j] + ds[j]) * (1 - s * s); // output = 2·s': its gradient counts twice
    }
    ProjectionGradients.kernel(1, input, inputOffset, 0, inputSize, d, 0, 0, stride, dKernel);
    ProjectionGradients.kernel(1, states[0], 0, 0, units, d, 0, 0, stride, dRecurrentKernel);
    ProjectionGradients.bias(1, d, 0, 0, stride, dBias, 0);
    ProjectionGradients.addInput(1, d, 0, 0, stride, kernel, inputSize, dInput, dInputOffset, 0);
    ProjectionGradients.input(1, d, 0, 0, stride, recurrentKernel, units, ds, 0, 0);
  }
}
