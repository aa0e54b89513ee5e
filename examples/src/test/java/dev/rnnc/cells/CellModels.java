package dev.rnnc.cells;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RNN;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/** Models around the custom cell (fixtures: tools/goldens/keras_custom_cell.py). */
final class CellModels {
  private CellModels() {}

  @RnnModel(input = @Input(timesteps = 7, features = 3))
  interface CustomCellSeq {
    @RNN(cell = MinimalRnnCell.class, units = 8, returnSequences = true)
    Layer custom();

    @Dense(units = 3)
    Layer head();

    float[][] predict(float[][] x);
  }

  @RnnModel(input = @Input(timesteps = 5, features = 4))
  interface CustomCellBackwards {
    @RNN(cell = MinimalRnnCell.class, units = 6, goBackwards = true)
    Layer custom();

    float[] predict(float[][] x);

    void predictInto(float[][] x, float[] out);
  }
}
