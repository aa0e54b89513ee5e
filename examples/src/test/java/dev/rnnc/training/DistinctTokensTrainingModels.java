package dev.rnnc.training;

import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Dropout;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;

/**
 * Models of {@link DistinctTokensTrainingTest}, in pairs: an Embedding read by a recurrent layer
 * alone, which projects each distinct token of a batch once ({@code DistinctTokens}), and the same
 * model with a Dropout of rate 0 between them, the identity, whose reader is no recurrent layer, so
 * the layer projects every position as before. One pair per cell kind.
 */
final class DistinctTokensTrainingModels {
  private DistinctTokensTrainingModels() {}

  /** SimpleRNN. */
  @RnnModel(input = @Input(timesteps = 7, dtype = Input.Dtype.INT32))
  @Compile(optimizer = "sgd", learningRate = 0.3, loss = "binary_crossentropy")
  interface SimpleRnnTokens {
    @Embedding(inputDim = 9, outputDim = 4)
    Layer embed();

    @SimpleRNN(units = 5)
    Layer rnn();

    @Dense(units = 1, activation = "sigmoid")
    Layer head();

    History fit(int[][] x, float[][] y, FitOptions options);
  }

  /** {@link SimpleRnnTokens} projecting every position. */
  @RnnModel(input = @Input(timesteps = 7, dtype = Input.Dtype.INT32))
  @Compile(optimizer = "sgd", learningRate = 0.3, loss = "binary_crossentropy")
  interface SimpleRnnPositions {
    @Embedding(inputDim = 9, outputDim = 4)
    Layer embed();

    @Dropout(rate = 0)
    Layer pass();

    @SimpleRNN(units = 5)
    Layer rnn();

    @Dense(units = 1, activation = "sigmoid")
    Layer head();

    History fit(int[][] x, float[][] y, FitOptions options);
  }

  /** GRU with the reset gate before the product (Keras' {@code reset_after=False}). */
  @RnnModel(input = @Input(timesteps = 7, dtype = Input.Dtype.INT32))
  @Compile(optimizer = "sgd", learningRate = 0.3, loss = "binary_crossentropy")
  interface GruResetBeforeTokens {
    @Embedding(inputDim = 9, outputDim = 4)
    Layer embed();

    @GRU(units = 5, resetAfter = false)
    Layer rnn();

    @Dense(units = 1, activation = "sigmoid")
    Layer head();

    History fit(int[][] x, float[][] y, FitOptions options);
  }

  /** {@link GruResetBeforeTokens} projecting every position. */
  @RnnModel(input = @Input(timesteps = 7, dtype = Input.Dtype.INT32))
  @Compile(optimizer = "sgd", learningRate = 0.3, loss = "binary_crossentropy")
  interface GruResetBeforePositions {
    @Embedding(inputDim = 9, outputDim = 4)
    Layer embed();

    @Dropout(rate = 0)
    Layer pass();

    @GRU(units = 5, resetAfter = false)
    Layer rnn();

    @Dense(units = 1, activation = "sigmoid")
    Layer head();

    History fit(int[][] x, float[][] y, FitOptions options);
  }

  /** GRU over padded tokens ({@code maskZero}), run backwards. */
  @RnnModel(input = @Input(timesteps = 7, dtype = Input.Dtype.INT32))
  @Compile(optimizer = "sgd", learningRate = 0.3, loss = "binary_crossentropy")
  interface MaskedBackwardsGruTokens {
    @Embedding(inputDim = 9, outputDim = 4, maskZero = true)
    Layer embed();

    @GRU(units = 5, goBackwards = true)
    Layer rnn();

    @Dense(units = 1, activation = "sigmoid")
    Layer head();

    History fit(int[][] x, float[][] y, FitOptions options);
  }

  /** {@link MaskedBackwardsGruTokens} projecting every position. */
  @RnnModel(input = @Input(timesteps = 7, dtype = Input.Dtype.INT32))
  @Compile(optimizer = "sgd", learningRate = 0.3, loss = "binary_crossentropy")
  interface MaskedBackwardsGruPositions {
    @Embedding(inputDim = 9, outputDim = 4, maskZero = true)
    Layer embed();

    @Dropout(rate = 0)
    Layer pass();

    @GRU(units = 5, goBackwards = true)
    Layer rnn();

    @Dense(units = 1, activation = "sigmoid")
    Layer head();

    History fit(int[][] x, float[][] y, FitOptions options);
  }

  /** LSTM with PyTorch's {@code proj_size}, every timestep's output read. */
  @RnnModel(input = @Input(timesteps = 7, dtype = Input.Dtype.INT32))
  @Compile(optimizer = "sgd", learningRate = 0.3, loss = "mean_squared_error")
  interface ProjectedLstmTokens {
    @Embedding(inputDim = 9, outputDim = 4)
    Layer embed();

    @LSTM(units = 6, projSize = 3, returnSequences = true)
    Layer rnn();

    @Dense(units = 1)
    Layer head();

    History fit(int[][] x, float[][][] y, FitOptions options);
  }

  /** {@link ProjectedLstmTokens} projecting every position. */
  @RnnModel(input = @Input(timesteps = 7, dtype = Input.Dtype.INT32))
  @Compile(optimizer = "sgd", learningRate = 0.3, loss = "mean_squared_error")
  interface ProjectedLstmPositions {
    @Embedding(inputDim = 9, outputDim = 4)
    Layer embed();

    @Dropout(rate = 0)
    Layer pass();

    @LSTM(units = 6, projSize = 3, returnSequences = true)
    Layer rnn();

    @Dense(units = 1)
    Layer head();

    History fit(int[][] x, float[][][] y, FitOptions options);
  }
}
