package dev.rnnc.runtime;

import java.util.List;

/**
 * A custom recurrent cell that reads several inputs per timestep — the Keras RNN guide's {@code
 * NestedCell}, whose {@code call((input_1, input_2), states)} takes a vector and a matrix — run by
 * a generated {@code @RNN} layer whose method names one input per entry of
 * {@code @RnnCell(inputSizes = ...)}. Every input shares the layer's timesteps.
 *
 * <p>Nested shapes are flattened row-major: an input {@code (i2, i3)} per timestep arrives as
 * {@code i2·i3} floats, a state {@code (unit_2, unit_3)} is one array of {@code unit_2·unit_3}, and
 * a cell with several outputs writes them into its one output, concatenated in order.
 * Implementations are annotated {@code @RnnCell(inputSizes = ...)} and have a public constructor
 * {@code (int[] inputSizes, int units)} that allocates their weights.
 */
public interface MultiInputCell {

  /**
   * The cell's weights in Keras' creation order (what {@code build} adds), for loading and saving.
   */
  List<Variable> variables();

  /**
   * One timestep: input {@code k} is {@code inputs[k][offsets[k] .. offsets[k] + inputSizes[k])};
   * reads the current {@code states}, writes the output to {@code output} and the new states into
   * {@code states} (in place). Must not allocate if the model is to stay allocation-free, and must
   * not write the cell's own fields: one cell object serves every call of a model at once, from any
   * number of threads (all that a step writes is in its arguments).
   */
  void step(float[][] inputs, int[] offsets, float[][] states, float[] output);
}
