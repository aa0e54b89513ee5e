package dev.rnnc.training;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Cell;
import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.GRUCell;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.LSTMCell;
import dev.rnnc.annotations.RNN;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import dev.rnnc.runtime.train.Logs;

/**
 * The stateful models of tools/goldens/keras_training_parity.py (Keras' {@code batch_shape=(8, 6,
 * 3)}), and a twin of the first without {@code stateful}, which must not reproduce Keras.
 */
final class StatefulTrainingModels {
  private StatefulTrainingModels() {}

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mean_squared_error", metrics = "mae")
  interface StatefulLstmGruAdamMse {
    @LSTM(units = 5, stateful = true, returnSequences = true)
    Layer lower();

    @GRU(units = 4, stateful = true)
    Layer upper();

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);

    Logs evaluate(float[][][] x, float[][] y);

    void resetStates();
  }

  /** {@link StatefulLstmGruAdamMse} without carried states: every batch starts from zeros. */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mean_squared_error", metrics = "mae")
  interface StatelessLstmGruAdamMse {
    @LSTM(units = 5, returnSequences = true)
    Layer lower();

    @GRU(units = 4)
    Layer upper();

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "sgd", learningRate = 0.1, loss = "mean_squared_error", metrics = "mae")
  interface StatefulBidirectionalCellsSgdMse {
    @Bidirectional
    @SimpleRNN(units = 3, stateful = true, returnSequences = true)
    Layer lower();

    @RNN(
        cells = {@Cell(type = LSTMCell.class, units = 4), @Cell(type = GRUCell.class, units = 3)},
        stateful = true)
    Layer stack();

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  /** For the gradient check: one stateful LSTM, SGD so that a step's change is its gradient. */
  @RnnModel(input = @Input(timesteps = 4, features = 2))
  @Compile(optimizer = "sgd", learningRate = 0.1, loss = "mean_squared_error")
  interface StatefulLstmSgd {
    @LSTM(units = 3, stateful = true)
    Layer lstm();

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);

    Logs evaluate(float[][][] x, float[][] y);

    void resetStates();
  }

  /**
   * {@link StatefulLstmSgd} with a step call beside {@code fit}: the step streams keep their own
   * states, and {@code fit} carries its own (one per batch position).
   */
  @RnnModel(input = @Input(timesteps = 4, features = 2))
  @Compile(optimizer = "sgd", learningRate = 0.1, loss = "mean_squared_error")
  interface StatefulLstmSgdWithStep {
    @LSTM(units = 3, stateful = true)
    Layer lstm();

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);

    float[] step(float[] x);

    void resetStates();
  }
}
