package dev.rnnc.training;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Cell;
import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.GRUCell;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTMCell;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.RNN;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.cells.MinimalRnnCell;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import dev.rnnc.runtime.train.Logs;

/** The models of tools/goldens/keras_custom_cell_training.py, declared as users declare them. */
final class CustomCellTrainingModels {
  private CustomCellTrainingModels() {}

  /** The Keras guide's model: RNN(MinimalRNNCell) + Dense. */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mean_squared_error", metrics = "mae")
  interface MinimalAdamMse {
    @RNN(cell = MinimalRnnCell.class, units = 8)
    Layer custom();

    @Dense(units = 1)
    Layer head();

    float[] predict(float[][] x);

    History fit(float[][][] x, float[][] y, FitOptions options);

    Logs evaluate(float[][][] x, float[][] y);
  }

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "sgd", learningRate = 0.05, loss = "mean_squared_error", metrics = "mae")
  interface MinimalBackwardsSeqSgdMse {
    @RNN(cell = MinimalRnnCell.class, units = 6, goBackwards = true, returnSequences = true)
    Layer custom();

    @Dense(units = 2)
    Layer head();

    History fit(float[][][] x, float[][][] y, FitOptions options);
  }

  @RnnModel(input = @Input(timesteps = 6, dtype = Input.Dtype.INT32))
  @Compile(
      optimizer = "sgd",
      learningRate = 0.5,
      loss = "binary_crossentropy",
      metrics = "accuracy")
  interface StackedGruMinimalMaskedSgdBce {
    @Embedding(inputDim = 12, outputDim = 4, maskZero = true)
    Layer embed();

    @RNN(
        cells = {
          @Cell(type = GRUCell.class, units = 6),
          @Cell(type = MinimalRnnCell.class, units = 5)
        },
        goBackwards = true)
    Layer stack();

    @Dense(units = 1, activation = "sigmoid")
    Layer head();

    History fit(int[][] x, float[][] y, FitOptions options);
  }

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(
      optimizer = "adam",
      learningRate = 0.01,
      loss = "categorical_crossentropy",
      metrics = "accuracy")
  interface StackedMinimalLstmAdamCce {
    @RNN(
        cells = {
          @Cell(type = MinimalRnnCell.class, units = 5),
          @Cell(type = LSTMCell.class, units = 4)
        })
    Layer stack();

    @Dense(units = 3, activation = "softmax")
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "rmsprop", learningRate = 0.01, loss = "mean_squared_error", metrics = "mae")
  interface MaskingMinimalZeroOutputRmspropMse {
    @Masking(maskValue = 0.0)
    Layer padding();

    @RNN(cell = MinimalRnnCell.class, units = 5, returnSequences = true, zeroOutputForMask = true)
    Layer lower();

    @RNN(cell = MinimalRnnCell.class, units = 4, goBackwards = true, zeroOutputForMask = true)
    Layer upper();

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  /** Bidirectional(RNN(MinimalRNNCell)) + Dense: each direction its own cell. */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mean_squared_error", metrics = "mae")
  interface BidirectionalMinimalAdamMse {
    @Bidirectional
    @RNN(cell = MinimalRnnCell.class, units = 5)
    Layer bi();

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);

    Logs evaluate(float[][][] x, float[][] y);
  }

  /**
   * Masked tokens into a Bidirectional stack of a GRU cell and the custom cell (sequences, merged
   * by sum), then a Bidirectional custom layer (concat) and a sigmoid head.
   */
  @RnnModel(input = @Input(timesteps = 6, dtype = Input.Dtype.INT32))
  @Compile(
      optimizer = "sgd",
      learningRate = 0.5,
      loss = "binary_crossentropy",
      metrics = "accuracy")
  interface BidirectionalStackedMaskedSgdBce {
    @Embedding(inputDim = 12, outputDim = 4, maskZero = true)
    Layer embed();

    @Bidirectional(mergeMode = "sum")
    @RNN(
        cells = {
          @Cell(type = GRUCell.class, units = 4),
          @Cell(type = MinimalRnnCell.class, units = 3)
        },
        returnSequences = true)
    Layer lower();

    @Bidirectional
    @RNN(cell = MinimalRnnCell.class, units = 3)
    Layer upper();

    @Dense(units = 1, activation = "sigmoid")
    Layer head();

    History fit(int[][] x, float[][] y, FitOptions options);

    Logs evaluate(int[][] x, float[][] y);
  }
}
