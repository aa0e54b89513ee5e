package dev.rnnc.runtime;

import java.util.List;

/**
 * A {@link MultiInputCell} that trains: {@link TrainableCell}'s backward step for a cell reading
 * several inputs per timestep (the Keras guide's {@code NestedCell}). Each input's gradient is
 * added into its own array, at its own offset.
 *
 * <p>Generated {@code fit} trains such a cell as a {@link TrainableCell}, {@code stateful} or
 * started by another layer's final states ({@code @InitialState}) too; {@link
 * dev.rnnc.runtime.train.GradientCheck#ofMultiInput} checks its backward step alone.
 */
public interface TrainableMultiInputCell extends MultiInputCell {

  /**
   * The gradient arrays the backward step adds into, one per {@link #variables()} entry and in the
   * same order, each as long as that variable's {@link Variable#storage() storage} and in the same
   * packed layout. The same arrays on every call.
   */
  List<float[]> gradients();

  /**
   * One timestep backwards (see {@link TrainableCell#backward}): adds the weight gradients into
   * {@link #gradients()}, input {@code k}'s gradient into {@code dInputs[k][dInputOffsets[k] ..
   * dInputOffsets[k] + inputSizes[k])}, and replaces {@code dStates} by the gradient with respect
   * to {@code states}, the states before the step.
   */
  void backward(
      float[][] inputs,
      int[] offsets,
      float[][] states,
      float[] dOutput,
      float[][] dStates,
      float[][] dInputs,
      int[] dInputOffsets);
}
