package dev.rnnc.processor.spec;

import java.util.List;

/**
 * One cell of an {@code @RNN} layer or of a {@code numLayers} stack, where it sits.
 *
 * @param cell what the cell computes
 * @param inputWidth the width of what the cell reads per timestep (the previous cell's output)
 * @param kerasKey the cell's group in Keras' weight files: {@code lstm_cell}, {@code gru_cell_1},
 *     ...
 */
public record StackCell(Cell cell, int inputWidth, String kerasKey) {

  /** Whether this is a built-in Keras cell. */
  public boolean builtIn() {
    return cell instanceof Cell.BuiltIn;
  }

  /** The Keras class name: {@code LSTMCell}, ..., or the custom class's simple name. */
  public String kerasClass() {
    return cell.kerasClass();
  }

  /** The cell's units. */
  public int units() {
    return cell.units();
  }

  /** The width of the cell's output per timestep. */
  public int outputSize() {
    return cell.outputSize();
  }

  /** The cell's state sizes in Keras' order. */
  public List<Integer> stateSizes() {
    return cell.stateSizes();
  }
}
