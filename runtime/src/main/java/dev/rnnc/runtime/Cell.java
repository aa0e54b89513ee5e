package dev.rnnc.runtime;

import java.util.List;

/**
 * A custom recurrent cell: one timestep of computation, which a generated {@code @RNN} layer runs
 * for every timestep (Keras' custom cell: {@code call(inputs, states) -> (output, new_states)}).
 *
 * <p>Implementations are annotated {@code @RnnCell} with their sizes and have a public constructor
 * {@code (int inputSize, int units)} that allocates their weights.
 */
public interface Cell {

  /**
   * The cell's weights in Keras' creation order (what {@code build} adds), for loading and saving.
   */
  List<Variable> variables();

  /**
   * One timestep: reads {@code input[inputOffset .. inputOffset + inputSize)} and the current
   * {@code states}, writes the output to {@code output} and the new states into {@code states} (in
   * place). Must not allocate if the model is to stay allocation-free, and must not write the
   * cell's own fields: one cell object serves every call of a model at once, from any number of
   * threads (all that a step writes is in its arguments).
   */
  void step(float[] input, int inputOffset, float[][] states, float[] output);
}
