package dev.rnnc.examples;

import dev.rnnc.annotations.Cell;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRUCell;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTMCell;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.RNN;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.cells.MinimalRnnCell;
import dev.rnnc.runtime.Layer;

/**
 * A masked stack of built-in and custom cells, for the allocation check of the {@code @RNN} path.
 */
@RnnModel(input = @Input(timesteps = 12, features = 3))
public interface MaskedStackedCells {
  @Masking
  Layer padding();

  @RNN(
      cells = {
        @Cell(type = LSTMCell.class, units = 10),
        @Cell(type = MinimalRnnCell.class, units = 6),
        @Cell(type = GRUCell.class, units = 5, resetAfter = false)
      },
      returnSequences = true)
  Layer stack();

  @Dense(units = 4, activation = "softmax")
  Layer tags();

  void tagInto(float[][] sequence, float[][] out);
}
