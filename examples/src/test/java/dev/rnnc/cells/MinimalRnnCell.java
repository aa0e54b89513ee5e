package dev.rnnc.cells;

import dev.rnnc.annotations.RnnCell;
import dev.rnnc.runtime.Cell;
import dev.rnnc.runtime.Initializer;
import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.simd.Kernels;
import java.util.List;

/**
 * The Keras RNN guide's {@code MinimalRNNCell} in Java: {@code output = x·kernel +
 * h·recurrent_kernel}, one state of {@code units}. Weights are packed with rows padded to the
 * vector width, as the runtime's kernels like them.
 */
@RnnCell(stateSizes = RnnCell.UNITS, outputSize = RnnCell.UNITS)
public final class MinimalRnnCell implements Cell {
  private final int inputSize;
  private final int units;
  private final int stride;
  private final float[] kernel;
  private final float[] recurrentKernel;
  private final List<Variable> variables;

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
}
