package dev.rnnc.interop;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Concatenate;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.Packed;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import dev.rnnc.runtime.train.Logs;

/**
 * The modules of tools/goldens/torch_packed_sgd_step.py, trained on a packed variable-length batch
 * ({@code @Packed int[] lengths}) by one SGD step of learning rate 1.
 */
final class TorchPackedSgdModels {
  private TorchPackedSgdModels() {}

  /** nn.GRU(3, 4) on the packed batch, h_n -> nn.Linear(4, 2). */
  @RnnModel(input = @Input(timesteps = 5, features = 3))
  @Compile(optimizer = "sgd", learningRate = 1.0, loss = "mean_squared_error")
  interface GruLast {
    @GRU(units = 4)
    Layer gru();

    @Dense(units = 2)
    Layer head();

    History fit(float[][][] x, @Packed int[] lengths, float[][] y, FitOptions options);
  }

  /**
   * nn.LSTM(3, 4, bidirectional=True) on the packed batch, every padded timestep -> nn.Linear(8,
   * 2), the loss over the real timesteps.
   */
  @RnnModel(input = @Input(timesteps = 5, features = 3))
  @Compile(optimizer = "sgd", learningRate = 1.0, loss = "mean_squared_error")
  interface BiLstmEvery {
    @Bidirectional
    @LSTM(units = 4, returnSequences = true)
    Layer lstm();

    @Dense(units = 2)
    Layer head();

    History fit(float[][][] x, @Packed int[] lengths, float[][][] y, FitOptions options);

    Logs evaluate(float[][][] x, @Packed int[] lengths, float[][][] y);
  }

  /**
   * nn.GRU(3, 4, num_layers=2, bidirectional=True) on the packed batch, h_n's last layer (forward,
   * backward) -> nn.Linear(8, 2).
   */
  @RnnModel(input = @Input(timesteps = 5, features = 3))
  @Compile(optimizer = "sgd", learningRate = 1.0, loss = "mean_squared_error")
  interface BiGruNumLayersLast {
    @Bidirectional
    @GRU(units = 4, numLayers = 2)
    Layer gru();

    @Dense(units = 2)
    Layer head();

    History fit(float[][][] x, @Packed int[] lengths, float[][] y, FitOptions options);
  }

  /**
   * nn.LSTM(3, 4, num_layers=2) on the packed batch, every padded timestep -> nn.Linear(4, 2), the
   * loss over the real timesteps.
   */
  @RnnModel(input = @Input(timesteps = 5, features = 3))
  @Compile(optimizer = "sgd", learningRate = 1.0, loss = "mean_squared_error")
  interface LstmNumLayersEvery {
    @LSTM(units = 4, numLayers = 2, returnSequences = true)
    Layer encoder();

    @Dense(units = 2)
    Layer head();

    History fit(float[][][] x, @Packed int[] lengths, float[][][] y, FitOptions options);
  }

  /**
   * Two inputs, each packed by its own lengths: nn.GRU(3, 4) on a, nn.LSTM(2, 3,
   * bidirectional=True) on b, both h_n concatenated -> nn.Linear(10, 2)
   * (tools/goldens/torch_packed_sgd_step_several_inputs.py).
   */
  @RnnModel(
      input = {
        @Input(name = "a", timesteps = 5, features = 3),
        @Input(name = "b", timesteps = 4, features = 2)
      })
  @Compile(optimizer = "sgd", learningRate = 1.0, loss = "mean_squared_error")
  interface TwoEncoders {
    @GRU(units = 4)
    Layer left(Layer a);

    @Bidirectional
    @LSTM(units = 3)
    Layer right(Layer b);

    @Concatenate
    Layer both(Layer left, Layer right);

    @Dense(units = 2)
    Layer head();

    History fit(
        float[][][] a,
        @Packed int[] aLengths,
        float[][][] b,
        @Packed int[] bLengths,
        float[][] y,
        FitOptions options);

    Logs evaluate(
        float[][][] a, @Packed int[] aLengths, float[][][] b, @Packed int[] bLengths, float[][] y);

    /** Trains on b read whole: every timestep of it real. */
    History fit(
        float[][][] a, @Packed int[] aLengths, float[][][] b, float[][] y, FitOptions options);

    float[][] predict(float[][][] a, @Packed int[] aLengths, float[][][] b, @Packed int[] bLengths);
  }

  /** nn.Embedding(9, 3), then nn.GRU(3, 4) on the packed embedded ids, h_n -> nn.Linear(4, 2). */
  @RnnModel(input = @Input(timesteps = 5, dtype = Input.Dtype.INT32))
  @Compile(optimizer = "sgd", learningRate = 1.0, loss = "mean_squared_error")
  interface TokensGruLast {
    @Embedding(inputDim = 9, outputDim = 3)
    Layer embed();

    @GRU(units = 4)
    Layer gru();

    @Dense(units = 2)
    Layer head();

    History fit(int[][] ids, @Packed int[] lengths, float[][] y, FitOptions options);
  }

  /**
   * nn.Embedding(9, 3), then nn.LSTM(3, 4) on the packed embedded ids, every padded timestep ->
   * nn.Linear(4, 2), the loss over the real timesteps.
   */
  @RnnModel(input = @Input(timesteps = 5, dtype = Input.Dtype.INT32))
  @Compile(optimizer = "sgd", learningRate = 1.0, loss = "mean_squared_error")
  interface TokensLstmEvery {
    @Embedding(inputDim = 9, outputDim = 3)
    Layer embed();

    @LSTM(units = 4, returnSequences = true)
    Layer lstm();

    @Dense(units = 2)
    Layer head();

    History fit(int[][] ids, @Packed int[] lengths, float[][][] y, FitOptions options);

    Logs evaluate(int[][] ids, @Packed int[] lengths, float[][][] y);

    float[][][] predict(int[][] ids, @Packed int[] lengths);
  }

  /**
   * Token ids and a float sequence, each packed by its own lengths: nn.Embedding(9, 3) -> nn.GRU(3,
   * 4) on the packed embedded ids, nn.LSTM(2, 3) on the packed series, both h_n -> nn.Linear(7, 2)
   * (tools/goldens/torch_packed_sgd_step_several_inputs.py).
   */
  @RnnModel(
      input = {
        @Input(name = "ids", timesteps = 5, dtype = Input.Dtype.INT32),
        @Input(name = "series", timesteps = 4, features = 2)
      })
  @Compile(optimizer = "sgd", learningRate = 1.0, loss = "mean_squared_error")
  interface IdsAndSeries {
    @Embedding(inputDim = 9, outputDim = 3)
    Layer embed(Layer ids);

    @GRU(units = 4)
    Layer words();

    @LSTM(units = 3)
    Layer values(Layer series);

    @Concatenate
    Layer both(Layer words, Layer values);

    @Dense(units = 2)
    Layer head();

    History fit(
        int[][] ids,
        @Packed int[] idsLengths,
        float[][][] series,
        @Packed int[] seriesLengths,
        float[][] y,
        FitOptions options);

    Logs evaluate(
        int[][] ids,
        @Packed int[] idsLengths,
        float[][][] series,
        @Packed int[] seriesLengths,
        float[][] y);
  }
}
