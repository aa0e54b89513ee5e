package dev.rnnc.processor.spec;

import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * One cell of an {@code @RNN} layer, sizes resolved: a built-in Keras cell (LSTMCell, GRUCell,
 * SimpleRNNCell) or a custom cell class.
 *
 * @param kind which cell
 * @param custom the custom cell class; null for built-in cells
 * @param units the cell's units
 * @param inputWidth the width of what the cell reads per timestep (the previous cell's output)
 * @param stateSizes the cell's state sizes in Keras' order (LSTM h, c)
 * @param outputSize the width of the cell's output per timestep
 * @param activation candidate / output activation (built-in cells)
 * @param recurrentActivation gate activation (LSTM, GRU)
 * @param useBias whether a built-in cell has a bias
 * @param unitForgetBias LSTM forget-gate bias initialisation
 * @param resetAfter GRU {@code reset_after}
 * @param kerasKey the cell's group in Keras' weight files: {@code lstm_cell}, {@code gru_cell_1}, ...
 */
public record StackCell(
    Kind kind, TypeElement custom, int units, int inputWidth, List<Integer> stateSizes, int outputSize,
    ActivationName activation, ActivationName recurrentActivation, boolean useBias, boolean unitForgetBias,
    boolean resetAfter, String kerasKey) {

  /** The cell kinds; built-in ones carry their Keras class name. */
  public enum Kind {
    LSTM("LSTMCell", 4),
    GRU("GRUCell", 3),
    SIMPLE_RNN("SimpleRNNCell", 1),
    CUSTOM(null, 0);

    private final String kerasClass;
    private final int gateBlocks;

    Kind(String kerasClass, int gateBlocks) {
      this.kerasClass = kerasClass;
      this.gateBlocks = gateBlocks;
    }

    /** The Keras class name of a built-in cell; null for custom cells. */
    public String kerasClass() {
      return kerasClass;
    }

    /** Gate blocks of a built-in cell's kernel (4 LSTM, 3 GRU, 1 SimpleRNN). */
    public int gateBlocks() {
      return gateBlocks;
    }

    /** The kind a built-in marker class ({@code dev.rnnc.annotations.LSTMCell}) stands for, or CUSTOM. */
    public static Kind ofClass(String qualifiedName) {
      for (Kind kind : values()) {
        if (kind.kerasClass != null && qualifiedName.equals("dev.rnnc.annotations." + kind.kerasClass)) {
          return kind;
        }
      }
      return CUSTOM;
    }
  }

  public StackCell {
    stateSizes = List.copyOf(stateSizes);
  }

  /** Whether this is a built-in Keras cell. */
  public boolean builtIn() {
    return kind != Kind.CUSTOM;
  }

  /** The Keras class name: {@code LSTMCell}, ..., or the custom class's simple name. */
  public String kerasClass() {
    return builtIn() ? kind.kerasClass() : custom.getSimpleName().toString();
  }

  /** Whether this GRU cell keeps two bias rows (input and recurrent), as {@code reset_after} does. */
  public boolean twoBiasRows() {
    return kind == Kind.GRU && resetAfter && useBias;
  }
}
