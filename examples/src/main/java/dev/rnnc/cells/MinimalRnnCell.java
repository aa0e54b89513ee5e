package dev.rnnc.cells;

import dev.rnnc.annotations.RnnCell;
import dev.rnnc.runtime.Initializer;
import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.TrainableCell;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.nn.ProjectionGradients;
import dev.rnnc.runtime.simd.Kernels;
import java.util.List;

/**
 * The Keras RNN guide's {@code MinimalRNNCell} in Java: {@code output = x·kernel +
 * h·recurrent_kernel}, one state of {@code units}. Weights are packed with rows padded to the
 * vector width, as the runtime's kernels like them. It trains: {@link #backward} is the step's
 * gradient (checked by {@code GradientCheck} in {@code CustomCellTrainingTest}).
 */
@RnnCell(stateSizes = RnnCell.UNITS, outputSize = RnnCell.UNITS)
public final class MinimalRnnCell implements TrainableCell {
  private final int inputSize;
  private final int units;
  private final int stride;
  private final float[] kernel;
  private final float[] recurrentKernel;
  private final List<Variable> variables;
  private final float[] dKernel;
  private final float[] dRecurrentKernel;
  private final List<float[]> gradients;
  private final float[] d;

  /** Allocates the weights for inputs of {@code inputSize} features. */
  public MinimalRnnCell(int inputSize, int units) {
    this.inputSize = inputSize;
    this.units = units;
    this.stride = PackedLayout.padded(units);
    this.kernel = new float[inputSize * stride];
    this.recurrentKernel = new float[units * stride];
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
                Initializer.uniform(0.05)));
    this.dKernel = new float[kernel.length];
    this.dRecurrentKernel = new float[recurrentKernel.length];
    this.gradients = List.of(dKernel, dRecurrentKernel);
    this.d = new float[stride];
  }

  @Override
  public List<Variable> variables() {
    return variables;
  }

  @Override
  public void step(float[] input, int inputOffset, float[][] states, float[] output) {
    float[] h = states[0];
    java.util.Arrays.fill(output, 0, units, 0f);
    Kernels.mulAdd(input, inputOffset, inputSize, kernel, 0, stride, units, output, 0);
    Kernels.mulAdd(h, 0, units, recurrentKernel, 0, stride, units, output, 0);
    System.arraycopy(output, 0, h, 0, units);
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
    float[] dh = dStates[0];
    for (int j = 0; j < units; j++) {
      d[j] = dOutput[j] + dh[j]; // the output and the new state are one value
    }
    ProjectionGradients.kernel(1, input, inputOffset, 0, inputSize, d, 0, 0, stride, dKernel);
    ProjectionGradients.kernel(1, states[0], 0, 0, units, d, 0, 0, stride, dRecurrentKernel);
    ProjectionGradients.addInput(1, d, 0, 0, stride, kernel, inputSize, dInput, dInputOffset, 0);
    ProjectionGradients.input(1, d, 0, 0, stride, recurrentKernel, units, dh, 0, 0);
  }
}
