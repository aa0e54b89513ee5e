package dev.rnnc.training;

import dev.rnnc.annotations.Cell;
import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRUCell;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RNN;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.cells.MinimalRnnCell;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import dev.rnnc.runtime.train.Logs;

/**
 * Stateful layers with custom cells, of tools/goldens/keras_stateful_custom_cell_training.py, a
 * stateless twin, and one for a check against central differences.
 */
final class StatefulCustomCellTrainingModels {
  private StatefulCustomCellTrainingModels() {}

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mean_squared_error", metrics = "mae")
  interface StatefulMinimalAdamMse {
    @RNN(cell = MinimalRnnCell.class, units = 5, stateful = true)
    Layer custom();

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);

    void resetStates();
  }

  /** The same layers without state: each batch starts from zeros (the fixture must tell). */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mean_squared_error", metrics = "mae")
  interface StatelessMinimalAdamMse {
    @RNN(cell = MinimalRnnCell.class, units = 5)
    Layer custom();

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "sgd", learningRate = 0.05, loss = "mean_squared_error", metrics = "mae")
  interface StatefulStackedMinimalSgdMse {
    @RNN(
        cells = {
          @Cell(type = GRUCell.class, units = 4),
          @Cell(type = MinimalRnnCell.class, units = 3)
        },
        stateful = true,
        returnSequences = true)
    Layer stack();

    @RNN(cell = MinimalRnnCell.class, units = 4, stateful = true)
    Layer upper();

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  /** For the gradient check: the custom cell stacked after a GRU cell, stateful, plain SGD. */
  @RnnModel(input = @Input(timesteps = 4, features = 2))
  @Compile(optimizer = "sgd", learningRate = 0.1, loss = "mean_squared_error")
  interface StatefulMinimalSgd {
    @RNN(
        cells = {
          @Cell(type = GRUCell.class, units = 3),
          @Cell(type = MinimalRnnCell.class, units = 3)
        },
        stateful = true)
    Layer stack();

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);

    Logs evaluate(float[][][] x, float[][] y);

    void resetStates();
  }
}
