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
import dev.rnnc.annotations.LSTMCell;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.RNN;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import dev.rnnc.runtime.train.Logs;

/** The models of tools/goldens/keras_training_parity.py, declared as users declare them. */
final class TrainingModels {
  private TrainingModels() {}

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mean_squared_error", metrics = "mae")
  interface LstmAdamMse {
    @LSTM(units = 8)
    Layer encoder();

    @Dense(units = 1)
    Layer head();

    float[] predict(float[][] x);

    History fit(float[][][] x, float[][] y, FitOptions options);

    Logs evaluate(float[][][] x, float[][] y);
  }

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(
      optimizer = "sgd",
      learningRate = 0.1,
      loss = "categorical_crossentropy",
      metrics = "accuracy")
  interface GruStackSgdCce {
    @GRU(units = 6, returnSequences = true)
    Layer lower();

    @GRU(units = 5)
    Layer upper();

    @Dense(units = 3, activation = "softmax")
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "rmsprop", loss = "binary_crossentropy", metrics = "accuracy")
  interface SimpleRnnRmspropBce {
    @SimpleRNN(units = 7)
    Layer rnn();

    @Dense(units = 4, activation = "relu")
    Layer hidden();

    @Dense(units = 1, activation = "sigmoid")
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(
      optimizer = "adagrad",
      learningRate = 0.05,
      loss = "sparse_categorical_crossentropy",
      metrics = "accuracy")
  interface GruResetBeforeAdagradSparse {
    @GRU(units = 6, resetAfter = false)
    Layer gru();

    @Dense(units = 3, activation = "softmax")
    Layer head();

    History fit(float[][][] x, int[] y, FitOptions options);
  }

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "adamw", learningRate = 0.01, loss = "mean_absolute_error", metrics = "mse")
  interface LstmSeqAdamwMae {
    @LSTM(units = 5, returnSequences = true)
    Layer encoder();

    @Dense(units = 2, activation = "tanh")
    Layer head();

    History fit(float[][][] x, float[][][] y, FitOptions options);
  }

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "huber", metrics = "mae")
  interface BackwardsAdamHuber {
    @GRU(units = 6, goBackwards = true, returnSequences = true)
    Layer lower();

    @SimpleRNN(units = 4, goBackwards = true)
    Layer upper();

    @Dense(units = 1)
    Layer head();

    float[] predict(float[][] x);

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  @RnnModel(input = @Input(timesteps = 6, dtype = Input.Dtype.INT32))
  @Compile(
      optimizer = "sgd",
      learningRate = 0.5,
      loss = "binary_crossentropy",
      metrics = "accuracy")
  interface EmbeddingLstmSgdBce {
    @Embedding(inputDim = 12, outputDim = 4)
    Layer embed();

    @LSTM(units = 5)
    Layer encoder();

    @Dense(units = 1, activation = "sigmoid")
    Layer head();

    History fit(int[][] x, float[][] y, FitOptions options);
  }

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "adam", learningRate = 0.005, loss = "mean_squared_error", metrics = "mae")
  interface WideLstmGruAdamMse {
    @LSTM(units = 72, returnSequences = true)
    Layer lower();

    @GRU(units = 70)
    Layer upper();

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  /**
   * Every layer kind and activation whose training forward once took the Vector API's {@code exp}
   * or {@code tanh} (GRU {@code resetAfter = false}, a projected LSTM, a sigmoid SimpleRNN, an LSTM
   * with swish, Dense tanh, GELU, ELU and SELU), each wider than one vector.
   */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "adam", learningRate = 0.005, loss = "mean_squared_error")
  interface OtherActivationsAdamMse {
    @GRU(units = 40, resetAfter = false, returnSequences = true)
    Layer resetBefore();

    @LSTM(units = 36, projSize = 20, returnSequences = true)
    Layer projected();

    @SimpleRNN(units = 33, activation = "sigmoid", returnSequences = true)
    Layer sigmoidRnn();

    @LSTM(units = 34, activation = "swish")
    Layer swishLstm();

    @Dense(units = 17, activation = "tanh")
    Layer tanhDense();

    @Dense(units = 18, activation = "gelu")
    Layer geluDense();

    @Dense(units = 19, activation = "elu")
    Layer eluDense();

    @Dense(units = 20, activation = "selu")
    Layer seluDense();

    @Dense(units = 1, activation = "sigmoid")
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  @RnnModel(input = @Input(timesteps = 6, dtype = Input.Dtype.INT32))
  @Compile(
      optimizer = "sgd",
      learningRate = 0.5,
      loss = "binary_crossentropy",
      metrics = "accuracy")
  interface MaskedEmbeddingSgdBce {
    @Embedding(inputDim = 12, outputDim = 4, maskZero = true)
    Layer embed();

    @LSTM(units = 5, returnSequences = true)
    Layer lower();

    @GRU(units = 4)
    Layer upper();

    @Dense(units = 1, activation = "sigmoid")
    Layer head();

    History fit(int[][] x, float[][] y, FitOptions options);
  }

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mean_squared_error", metrics = "mae")
  interface MaskingSequenceAdamMse {
    @Masking(maskValue = 0.0)
    Layer padding();

    @SimpleRNN(units = 4, returnSequences = true)
    Layer lower();

    @LSTM(units = 3, returnSequences = true, zeroOutputForMask = true)
    Layer upper();

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
  interface BidirectionalMaskedSgdBce {
    @Embedding(inputDim = 12, outputDim = 4, maskZero = true)
    Layer embed();

    @Bidirectional
    @LSTM(units = 4, returnSequences = true)
    Layer lower();

    @Bidirectional(mergeMode = "sum")
    @GRU(units = 3)
    Layer upper();

    @Dense(units = 1, activation = "sigmoid")
    Layer head();

    History fit(int[][] x, float[][] y, FitOptions options);
  }

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mean_squared_error", metrics = "mae")
  interface BidirectionalAveMulAdamMse {
    @Bidirectional(mergeMode = "ave")
    @SimpleRNN(units = 3, returnSequences = true)
    Layer lower();

    @Bidirectional(mergeMode = "mul")
    @LSTM(units = 2)
    Layer upper();

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mean_squared_error", metrics = "mae")
  interface StackedCellsAdamMse {
    @RNN(cells = {@Cell(type = LSTMCell.class, units = 5), @Cell(type = GRUCell.class, units = 4)})
    Layer stack();

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  @RnnModel(input = @Input(timesteps = 6, dtype = Input.Dtype.INT32))
  @Compile(
      optimizer = "sgd",
      learningRate = 0.5,
      loss = "binary_crossentropy",
      metrics = "accuracy")
  interface NumLayersMaskedBackwardsSgdBce {
    @Embedding(inputDim = 12, outputDim = 4, maskZero = true)
    Layer embed();

    @LSTM(
        units = 4,
        numLayers = 2,
        goBackwards = true,
        returnSequences = true,
        zeroOutputForMask = true)
    Layer stack();

    @GRU(units = 3)
    Layer upper();

    @Dense(units = 1, activation = "sigmoid")
    Layer head();

    History fit(int[][] x, float[][] y, FitOptions options);
  }
}
