package dev.rnnc.runtime.train;

import dev.rnnc.runtime.Initializer;
import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.TrainableCell;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.nn.ProjectionGradients;
import dev.rnnc.runtime.simd.Kernels;
import java.util.Arrays;
import java.util.List;

/**
 * A test cell with a nonlinearity, a bias and two states: {@code h' = tanh(x·W + h·U + b)}, {@code
 * s' = s + h'}, output {@code h' · 2}. {@link Bug} plants one mistake in its backward step.
 */
final class TanhCell implements TrainableCell {
  /** A deliberate mistake in the backward step, or none. */
  enum Bug {
    NONE,
    /** the recurrent kernel's gradient taken from the input instead of the state */
    RECURRENT_KERNEL_FROM_INPUT,
    /** the tanh derivative forgotten */
    NO_TANH_DERIVATIVE,
    /** the gradient to the states before the step not passed on */
    STATES_NOT_PROPAGATED,
    /** the bias' gradient doubled */
    BIAS_TWICE
  }

  private final int inputSize;
  private final int units;
  private final int stride;
  private final float[] kernel;
  private final float[] recurrentKernel;
  private final float[] bias;
  private final float[] dKernel;
  private final float[] dRecurrentKernel;
  private final float[] dBias;
  private final float[] pre;
  private final float[] d;
  private final List<Variable> variables;
  private final Bug bug;

  TanhCell(int inputSize, int units, Bug bug) {
    this.inputSize = inputSize;
    this.units = units;
    this.bug = bug;
    stride = PackedLayout.padded(units);
    kernel = new float[inputSize * stride];
    recurrentKernel = new float[units * stride];
    bias = new float[stride];
    dKernel = new float[kernel.length];
    dRecurrentKernel = new float[recurrentKernel.length];
    dBias = new float[bias.length];
    pre = new float[stride];
    d = new float[stride];
    variables =
        List.of(
            new Variable(
                "kernel",
                PackedLayout.matrix(inputSize, units, 0),
                kernel,
                Initializer.uniform(0.5)),
            new Variable(
                "recurrent_kernel",
                PackedLayout.matrix(units, units, 0),
                recurrentKernel,
                Initializer.uniform(0.5)),
            new Variable("bias", PackedLayout.vector(units, 0), bias, Initializer.uniform(0.5)));
  }

  @Override
  public List<Variable> variables() {
    return variables;
  }

  @Override
  public List<float[]> gradients() {
    return List.of(dKernel, dRecurrentKernel, dBias);
  }

  private void preActivation(float[] input, int offset, float[] h) {
    System.arraycopy(bias, 0, pre, 0, units);
    Kernels.mulAdd(input, offset, inputSize, kernel, 0, stride, units, pre, 0);
    Kernels.mulAdd(h, 0, units, recurrentKernel, 0, stride, units, pre, 0);
  }

  @Override
  public void step(float[] input, int inputOffset, float[][] states, float[] output) {
    preActivation(input, inputOffset, states[0]);
    for (int j = 0; j < units; j++) {
      float h = (float) Math.tanh(pre[j]);
      states[0][j] = h;
      states[1][j] += h;
      output[j] = 2 * h;
    }
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
    preActivation(input, inputOffset, states[0]);
    for (int j = 0; j < units; j++) {
      float h = (float) Math.tanh(pre[j]);
      float dh = 2 * dOutput[j] + dStates[0][j] + dStates[1][j]; // s' = s + h' reads h' too
      d[j] = bug == Bug.NO_TANH_DERIVATIVE ? dh : dh * (1 - h * h);
    }
    ProjectionGradients.kernel(1, input, inputOffset, 0, inputSize, d, 0, 0, stride, dKernel);
    if (bug == Bug.RECURRENT_KERNEL_FROM_INPUT) {
      ProjectionGradients.kernel(
          1, input, inputOffset, 0, Math.min(inputSize, units), d, 0, 0, stride, dRecurrentKernel);
    } else {
      ProjectionGradients.kernel(1, states[0], 0, 0, units, d, 0, 0, stride, dRecurrentKernel);
    }
    ProjectionGradients.bias(1, d, 0, 0, stride, dBias, 0);
    if (bug == Bug.BIAS_TWICE) {
      ProjectionGradients.bias(1, d, 0, 0, stride, dBias, 0);
    }
    ProjectionGradients.addInput(1, d, 0, 0, stride, kernel, inputSize, dInput, dInputOffset, 0);
    if (bug != Bug.STATES_NOT_PROPAGATED) {
      ProjectionGradients.input(1, d, 0, 0, stride, recurrentKernel, units, dStates[0], 0, 0);
      // dStates[1]: s' = s + h', so dL/ds = dL/ds' (unchanged)
    }
    Arrays.fill(d, 0f);
  }
}
