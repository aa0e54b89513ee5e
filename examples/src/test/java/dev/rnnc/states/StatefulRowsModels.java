package dev.rnnc.states;

import dev.rnnc.annotations.Cell;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.GRUCell;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RNN;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.cells.MinimalRnnCell;
import dev.rnnc.runtime.Layer;

/**
 * Stateful models with a declared batch size, one row of states per batch row (fixtures:
 * tools/goldens/keras_stateful_rows.py).
 */
final class StatefulRowsModels {
  private StatefulRowsModels() {}

  @RnnModel(input = @Input(timesteps = 5, features = 2, batchSize = 3))
  interface StatefulRowsStack {
    @LSTM(units = 4, stateful = true, returnSequences = true)
    Layer encoder();

    @GRU(units = 3, stateful = true)
    Layer summary();

    @Dense(units = 2)
    Layer head();

    float[][] predict(float[][][] batch);

    void predictInto(float[][][] batch, float[][] out);

    void resetStates();

    void resetStates(int row);
  }

  @RnnModel(input = @Input(timesteps = 4, features = 3, batchSize = 3))
  interface StatefulRowsCells {
    @RNN(
        cells = {
          @Cell(type = GRUCell.class, units = 3),
          @Cell(type = MinimalRnnCell.class, units = 2)
        },
        stateful = true,
        returnSequences = true)
    Layer stack();

    @SimpleRNN(units = 2, stateful = true)
    Layer last();

    float[][] predict(float[][][] batch);

    void resetStates();

    void resetStates(int row);
  }

  /** StatefulRowsStack with a batch size of 1: one-sample calls continue the one row. */
  @RnnModel(input = @Input(timesteps = 5, features = 2, batchSize = 1))
  interface StatefulOneRow {
    @LSTM(units = 4, stateful = true, returnSequences = true)
    Layer encoder();

    @GRU(units = 3, stateful = true)
    Layer summary();

    @Dense(units = 2)
    Layer head();

    float[] predict(float[][] sample);

    float[][] predict(float[][][] batch);

    void resetStates();
  }
}
