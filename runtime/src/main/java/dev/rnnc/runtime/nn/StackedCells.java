package dev.rnnc.runtime.nn;

import dev.rnnc.runtime.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * The variables of a stacked {@code @RNN(cells = ...)} layer, for generated code: every cell's
 * variables in stack order, each named {@code <cell key>/<variable>} ({@code lstm_cell/kernel},
 * {@code gru_cell_1/bias}, {@code minimal_rnn_cell/recurrent_kernel}) after the group Keras' weight
 * files keep it in ({@code layers/rnn/cell/cells/<cell key>/vars}).
 */
public final class StackedCells {
  /** Separates a stacked cell's key from its variable's name. */
  public static final char SEPARATOR = '/';

  private StackedCells() {}

  /** A custom cell's own variables, renamed {@code key/name} (sharing their values). */
  public static List<Variable> prefixed(String key, List<Variable> variables) {
    return variables.stream().map(v -> v.renamed(key + SEPARATOR + v.name())).toList();
  }

  /** The cells' variable lists joined in stack order. */
  @SafeVarargs
  public static List<Variable> concat(List<Variable>... cells) {
    List<Variable> all = new ArrayList<>();
    for (List<Variable> cell : cells) {
      all.addAll(cell);
    }
    return List.copyOf(all);
  }
}
