package dev.rnnc.interop;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;

/**
 * The modules of tools/goldens/torch_sgd_step.py, trained by one SGD step of learning rate 1 (so
 * that each weight moves by minus its gradient).
 */
final class TorchSgdModels {
  private TorchSgdModels() {}

  /** nn.LSTM(3, 6, proj_size=4), last timestep -> nn.Linear(4, 2). */
  @RnnModel(input = @Input(timesteps = 5, features = 3))
  @Compile(optimizer = "sgd", learningRate = 1.0, loss = "mean_squared_error")
  interface LstmProj {
    @LSTM(units = 6, projSize = 4)
    Layer lstm();

    @Dense(units = 2)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  /** nn.RNN(3, 5, nonlinearity='relu'), last timestep -> nn.Linear(5, 2). */
  @RnnModel(input = @Input(timesteps = 5, features = 3))
  @Compile(optimizer = "sgd", learningRate = 1.0, loss = "mean_squared_error")
  interface RnnRelu {
    @SimpleRNN(units = 5, activation = "relu")
    Layer rnn();

    @Dense(units = 2)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  /** nn.LSTM(3, 4, num_layers=2), last timestep -> nn.Linear(4, 2). */
  @RnnModel(input = @Input(timesteps = 5, features = 3))
  @Compile(optimizer = "sgd", learningRate = 1.0, loss = "mean_squared_error")
  interface LstmNumLayers {
    @LSTM(units = 4, numLayers = 2)
    Layer encoder();

    @Dense(units = 2)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  /** nn.GRU(3, 4, num_layers=2) (Keras' resetAfter), last timestep -> nn.Linear(4, 2). */
  @RnnModel(input = @Input(timesteps = 5, features = 3))
  @Compile(optimizer = "sgd", learningRate = 1.0, loss = "mean_squared_error")
  interface GruNumLayers {
    @GRU(units = 4, numLayers = 2)
    Layer gru();

    @Dense(units = 2)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  /** nn.LSTM(3, 5, proj_size=3, bidirectional=True), every timestep -> nn.Linear(6, 2). */
  @RnnModel(input = @Input(timesteps = 5, features = 3))
  @Compile(optimizer = "sgd", learningRate = 1.0, loss = "mean_squared_error")
  interface BiLstmProj {
    @Bidirectional
    @LSTM(units = 5, projSize = 3, returnSequences = true)
    Layer lstm();

    @Dense(units = 2)
    Layer head();

    History fit(float[][][] x, float[][][] y, FitOptions options);
  }

  /** nn.LSTM(3, 5, num_layers=2, proj_size=3), last timestep -> nn.Linear(3, 2). */
  @RnnModel(input = @Input(timesteps = 5, features = 3))
  @Compile(optimizer = "sgd", learningRate = 1.0, loss = "mean_squared_error")
  interface LstmNumLayersProj {
    @LSTM(units = 5, projSize = 3, numLayers = 2)
    Layer encoder();

    @Dense(units = 2)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  /**
   * nn.LSTM(3, 5, num_layers=2, proj_size=3, bidirectional=True), every timestep -> nn.Linear(6,
   * 2).
   */
  @RnnModel(input = @Input(timesteps = 5, features = 3))
  @Compile(optimizer = "sgd", learningRate = 1.0, loss = "mean_squared_error")
  interface BiLstmNumLayersProj {
    @Bidirectional
    @LSTM(units = 5, projSize = 3, numLayers = 2, returnSequences = true)
    Layer lstm();

    @Dense(units = 2)
    Layer head();

    History fit(float[][][] x, float[][][] y, FitOptions options);
  }
}
