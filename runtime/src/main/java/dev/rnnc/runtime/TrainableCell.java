package dev.rnnc.runtime;

import java.util.List;

/**
 * A custom cell that trains: beside its forward {@link #step} it writes its backward step, which a
 * generated {@code fit} calls once per timestep, last timestep first (backpropagation through
 * time). A model declaring {@code @Compile} accepts only trainable custom cells ({@code
 * RnncCellNotTrainable} otherwise).
 *
 * <p><b>What the runtime does around it.</b> In a training forward pass the generated model copies
 * each sample's states before every {@code step}; going backwards it hands {@link #backward} the
 * same input row, a copy of those states, and the loss's gradients with respect to what the step
 * produced. The cell adds its weight gradients into {@link #gradients()} (which the model zeroes
 * before each batch and hands, with the variables' {@link Variable#storage() storage}, to the
 * optimizer), adds the input's gradient into {@code dInput}, and turns {@code dStates} from the
 * gradient with respect to the new states into the gradient with respect to the states before the
 * step. A masked timestep calls nothing: its states carry over, as Keras computes.
 *
 * <p><b>A worked example</b>: the Keras guide's {@code MinimalRNNCell}, {@code output = h' = x·K +
 * h·U} with packed {@code K (inputSize × stride)} and {@code U (units × stride)}, {@code stride =
 * PackedLayout.padded(units)}. The output and the new state are the same value, so their gradients
 * add up; the rest are the products' gradients ({@link dev.rnnc.runtime.nn.ProjectionGradients}
 * does them for one row or many):
 *
 * <pre>{@code
 * private final float[] dKernel = new float[kernel.length];          // same packed layout as kernel
 * private final float[] dRecurrentKernel = new float[recurrentKernel.length];
 * private final float[] d = new float[stride];                       // scratch, padding stays 0
 *
 * public List<float[]> gradients() { return List.of(dKernel, dRecurrentKernel); } // as variables()
 *
 * public void backward(float[] input, int inputOffset, float[][] states, float[] dOutput,
 *     float[][] dStates, float[] dInput, int dInputOffset) {
 *   float[] dh = dStates[0];
 *   for (int j = 0; j < units; j++) d[j] = dOutput[j] + dh[j];           // dL/d(x·K + h·U)
 *   ProjectionGradients.kernel(1, input, inputOffset, 0, inputSize, d, 0, 0, stride, dKernel);
 *   ProjectionGradients.kernel(1, states[0], 0, 0, units, d, 0, 0, stride, dRecurrentKernel);
 *   ProjectionGradients.addInput(1, d, 0, 0, stride, kernel, inputSize, dInput, dInputOffset, 0);
 *   ProjectionGradients.input(1, d, 0, 0, stride, recurrentKernel, units, dh, 0, 0); // dh = d·Uᵀ
 * }
 * }</pre>
 *
 * <p>A cell whose backward needs values of the forward step (an activation's output, a gate)
 * recomputes them from {@code input} and {@code states} into scratch arrays it owns. Check a
 * backward step with {@link dev.rnnc.runtime.train.GradientCheck} before training with it.
 */
public interface TrainableCell extends Cell {

  /**
   * The gradient arrays the backward step adds into, one per {@link #variables()} entry and in the
   * same order, each as long as that variable's {@link Variable#storage() storage} and in the same
   * packed layout (padding entries stay 0). The same arrays on every call.
   */
  List<float[]> gradients();

  /**
   * One timestep backwards, the inverse of {@link #step}: adds this step's weight gradients into
   * {@link #gradients()}, the input's gradient into {@code dInput}, and replaces {@code dStates}
   * (in place) by the gradient with respect to the states before the step. Must not allocate if
   * training is to stay allocation-free.
   *
   * @param input the step's input, {@code input[inputOffset .. inputOffset + inputSize)} (read
   *     only)
   * @param inputOffset where the step's input starts
   * @param states the states before the step, as {@code step} received them (read only; a copy)
   * @param dOutput the loss's gradient with respect to the step's output, {@code outputSize} floats
   *     (read only)
   * @param dStates on entry the gradient with respect to the new states the step wrote; on return
   *     the gradient with respect to {@code states}
   * @param dInput where the input's gradient is added, {@code dInput[dInputOffset .. dInputOffset +
   *     inputSize)}
   * @param dInputOffset where the input's gradient starts
   */
  void backward(
      float[] input,
      int inputOffset,
      float[][] states,
      float[] dOutput,
      float[][] dStates,
      float[] dInput,
      int dInputOffset);
}
