package dev.rnnc.processor.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * An {@code @RNN} layer: one custom cell ({@code cell = X.class}), or a stack of cells ({@code
 * cells = {...}}, Keras' {@code StackedRNNCells}), sizes resolved.
 *
 * @param cells the cells, first to last; one for the single-cell form
 * @param stacked whether declared with {@code cells} (weights then live under {@code
 *     cell/cells/<key>})
 * @param returnSequences whether every timestep's output is emitted
 * @param returnState whether the final states are returned too
 * @param goBackwards whether the sequence is processed last timestep first
 * @param stateful whether the states carry over to the next call
 * @param unroll whether the timestep loop is written out
 * @param zeroOutputForMask whether masked timesteps output zeros instead of the previous output
 * @param masked whether a mask reaches the layer (inferred)
 * @param inputs every input's shape, in parameter order ({@code input} first): two or more for a
 *     {@code MultiInputCell}, which reads one row of each per timestep
 */
public record CellSpec(
    String name,
    List<StackCell> cells,
    boolean stacked,
    boolean returnSequences,
    boolean returnState,
    boolean goBackwards,
    boolean stateful,
    boolean unroll,
    boolean zeroOutputForMask,
    boolean masked,
    Shape input,
    Shape output,
    List<Shape> inputs)
    implements LayerSpec {

  public CellSpec {
    cells = List.copyOf(cells);
    inputs = List.copyOf(inputs);
  }

  /** Whether the layer's one cell reads several inputs per timestep ({@code MultiInputCell}). */
  public boolean multiInput() {
    return inputs.size() > 1;
  }

  /** The width of the layer's output: the last cell's output size. */
  public int outputSize() {
    return cells.getLast().outputSize();
  }

  /**
   * Every cell's states in Keras' flattened order: per cell, LSTM {@code h}, {@code c}; GRU and
   * SimpleRNN {@code h}; a custom cell its {@code stateSizes}. Named {@code h0, c0, h1, ...} in a
   * stack ({@code state0_1} for a custom cell's second state), {@code state}/{@code state0, ...}
   * for a single custom cell.
   */
  public List<ModelSpec.StateSpec> states() {
    List<ModelSpec.StateSpec> states = new ArrayList<>();
    for (int k = 0; k < cells.size(); k++) {
      StackCell cell = cells.get(k);
      String index = stacked ? Integer.toString(k) : "";
      switch (cell.cell()) {
        case Cell.Lstm lstm -> {
          states.add(new ModelSpec.StateSpec("", "h" + index, lstm.outputSize())); // projSize
          states.add(new ModelSpec.StateSpec("", "c" + index, cell.units()));
        }
        case Cell.BuiltIn builtIn ->
            states.add(new ModelSpec.StateSpec("", "h" + index, cell.units()));
        case Cell.Custom custom -> {
          List<Integer> sizes = custom.stateSizes();
          for (int j = 0; j < sizes.size(); j++) {
            String suffix = sizes.size() == 1 ? "" : (stacked ? "_" : "") + j;
            states.add(new ModelSpec.StateSpec("", "state" + index + suffix, sizes.get(j)));
          }
        }
      }
    }
    return List.copyOf(states);
  }
}
