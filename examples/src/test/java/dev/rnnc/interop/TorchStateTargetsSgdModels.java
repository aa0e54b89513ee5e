package dev.rnnc.interop;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.OutputLoss;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;

/**
 * The modules of tools/goldens/torch_state_targets_sgd_step.py: a {@code numLayers} layer whose
 * PyTorch {@code h_n} (and {@code c_n}) are training targets beside a head, trained by one SGD step
 * of learning rate 1 (so that each weight moves by minus its gradient). The losses' weights are the
 * generator's.
 */
final class TorchStateTargetsSgdModels {
  private TorchStateTargetsSgdModels() {}

  /** nn.LSTM(3, 4, num_layers=2): its last timestep -> nn.Linear(4, 2), h_n and c_n. */
  @RnnModel(input = @Input(timesteps = 5, features = 3))
  @Compile(
      optimizer = "sgd",
      learningRate = 1.0,
      loss = "mean_squared_error",
      losses = {@OutputLoss(output = "encoderCN", value = "mse", weight = 0.5)})
  interface Lstm {
    @LSTM(units = 4, numLayers = 2, returnState = true)
    Layer encoder();

    @Dense(units = 2)
    Layer head();

    /** The head's targets, then h_n and c_n per sample: (batch, 2, 4). */
    record Targets(float[][] head, float[][][] encoderHN, float[][][] encoderCN) {}

    History fit(float[][][] x, Targets y, FitOptions options);
  }

  /** nn.LSTM(3, 5, num_layers=2, proj_size=3): its last timestep -> nn.Linear(3, 2), h_n, c_n. */
  @RnnModel(input = @Input(timesteps = 5, features = 3))
  @Compile(
      optimizer = "sgd",
      learningRate = 1.0,
      loss = "mean_squared_error",
      losses = {@OutputLoss(output = "encoderHN", value = "mse", weight = 0.5)})
  interface LstmProj {
    @LSTM(units = 5, projSize = 3, numLayers = 2, returnState = true)
    Layer encoder();

    @Dense(units = 2)
    Layer head();

    /** The head's targets, then h_n (batch, 2, 3) and c_n (batch, 2, 5). */
    record Targets(float[][] head, float[][][] encoderHN, float[][][] encoderCN) {}

    History fit(float[][][] x, Targets y, FitOptions options);
  }

  /**
   * nn.GRU(3, 4, num_layers=2, bidirectional=True) (Keras' resetAfter): its last output (both
   * directions' final h) -> nn.Linear(8, 2), and h_n.
   */
  @RnnModel(input = @Input(timesteps = 5, features = 3))
  @Compile(
      optimizer = "sgd",
      learningRate = 1.0,
      loss = "mean_squared_error",
      losses = {@OutputLoss(output = "encoderHN", value = "mse", weight = 2.0)})
  interface BiGru {
    @Bidirectional
    @GRU(units = 4, numLayers = 2, returnState = true)
    Layer encoder();

    @Dense(units = 2)
    Layer head();

    /** The head's targets, then h_n per sample: (batch, 4, 4), layer 0, layer 0 reverse, ... */
    record Targets(float[][] head, float[][][] encoderHN) {}

    History fit(float[][][] x, Targets y, FitOptions options);
  }

  /**
   * nn.LSTM(3, 5, num_layers=2, proj_size=3, bidirectional=True): every timestep -> nn.Linear(6,
   * 2), h_n and c_n.
   */
  @RnnModel(input = @Input(timesteps = 5, features = 3))
  @Compile(
      optimizer = "sgd",
      learningRate = 1.0,
      loss = "mean_squared_error",
      losses = {@OutputLoss(output = "encoderCN", value = "mse", weight = 0.25)})
  interface BiLstmProj {
    @Bidirectional
    @LSTM(units = 5, projSize = 3, numLayers = 2, returnSequences = true, returnState = true)
    Layer encoder();

    @Dense(units = 2)
    Layer head();

    /** The head's rows per timestep, then h_n (batch, 4, 3) and c_n (batch, 4, 5). */
    record Targets(float[][][] head, float[][][] encoderHN, float[][][] encoderCN) {}

    History fit(float[][][] x, Targets y, FitOptions options);
  }

  /**
   * nn.LSTM(3, 4, num_layers=2, bidirectional=True): its last output (both directions' final h) ->
   * nn.Linear(8, 2), and one direction's state of the top layer each: h_n[-2] (the forward h) and
   * c_n[-1] (the backward c).
   */
  @RnnModel(input = @Input(timesteps = 5, features = 3))
  @Compile(
      optimizer = "sgd",
      learningRate = 1.0,
      loss = "mean_squared_error",
      losses = {@OutputLoss(output = "encoderBackwardC", value = "mse", weight = 0.5)})
  interface BiLstmDirections {
    @Bidirectional
    @LSTM(units = 4, numLayers = 2, returnState = true)
    Layer encoder();

    @Dense(units = 2)
    Layer head();

    /** The head's targets, then the top layer's forward h and backward c: (batch, 4) each. */
    record Targets(float[][] head, float[][] encoderForwardH, float[][] encoderBackwardC) {}

    History fit(float[][][] x, Targets y, FitOptions options);
  }
}
