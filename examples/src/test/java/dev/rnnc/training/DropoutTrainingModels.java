package dev.rnnc.training;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Cell;
import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.GRUCell;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RNN;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.annotations.SimpleRNNCell;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import dev.rnnc.runtime.train.Logs;

/**
 * The models of tools/goldens/keras_recurrent_dropout_parity.py: recurrent layers and cells with
 * Keras' {@code dropout} and {@code recurrent_dropout}, declared as users declare them.
 */
final class DropoutTrainingModels {
  private DropoutTrainingModels() {}

  /** LSTM with both dropouts: Keras' implementation 1, four masks of each kind per sample. */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mean_squared_error", metrics = "mae")
  interface LstmBothAdamMse {
    @LSTM(units = 8, dropout = 0.25, recurrentDropout = 0.3)
    Layer encoder();

    @Dense(units = 1)
    Layer head();

    float[] predict(float[][] x);

    History fit(float[][][] x, float[][] y, FitOptions options);

    Logs evaluate(float[][][] x, float[][] y);
  }

  /**
   * GRU with input dropout alone (one mask for all gates), then a reset-before GRU with both (three
   * masks of each kind).
   */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(
      optimizer = "sgd",
      learningRate = 0.1,
      loss = "categorical_crossentropy",
      metrics = "accuracy")
  interface GruStackSgdCce {
    @GRU(units = 6, returnSequences = true, dropout = 0.2)
    Layer lower();

    @GRU(units = 5, resetAfter = false, dropout = 0.1, recurrentDropout = 0.25)
    Layer upper();

    @Dense(units = 3, activation = "softmax")
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  /** SimpleRNN with both, and a reset-after GRU with recurrent dropout alone. */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "rmsprop", loss = "binary_crossentropy", metrics = "accuracy")
  interface SimpleRnnGruRmspropBce {
    @SimpleRNN(units = 7, returnSequences = true, dropout = 0.3, recurrentDropout = 0.2)
    Layer rnn();

    @GRU(units = 4, recurrentDropout = 0.35)
    Layer gru();

    @Dense(units = 1, activation = "sigmoid")
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  /**
   * A masked Embedding into a Bidirectional LSTM with both dropouts (each direction its own masks),
   * then an {@code @RNN} of a GRU cell with input dropout and a SimpleRNN cell with recurrent
   * dropout.
   */
  @RnnModel(input = @Input(timesteps = 6, dtype = Input.Dtype.INT32))
  @Compile(optimizer = "sgd", learningRate = 0.5, loss = "binary_crossentropy")
  interface MaskedBidirectionalCellsSgdBce {
    @Embedding(inputDim = 12, outputDim = 4, maskZero = true)
    Layer embed();

    @Bidirectional
    @LSTM(units = 4, returnSequences = true, dropout = 0.2, recurrentDropout = 0.2)
    Layer bi();

    @RNN(
        cells = {
          @Cell(type = GRUCell.class, units = 5, dropout = 0.15),
          @Cell(type = SimpleRNNCell.class, units = 3, recurrentDropout = 0.25)
        })
    Layer stack();

    @Dense(units = 1, activation = "sigmoid")
    Layer head();

    History fit(int[][] x, float[][] y, FitOptions options);
  }
}
