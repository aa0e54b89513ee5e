package dev.rnnc.training;

import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Concatenate;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import dev.rnnc.runtime.train.Logs;

/**
 * Masks that arise inside a model, of tools/goldens/keras_graph_training_parity.py: a Masking layer
 * after a learned layer, and a merge of differently masked inputs; and one for a check against
 * central differences.
 */
final class MaskFlowTrainingModels {
  private MaskFlowTrainingModels() {}

  /** Masking after a tanh Dense without bias, whose rows stay zero at padded timesteps. */
  @RnnModel(input = @Input(name = "x", timesteps = 6, features = 3))
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mse", metrics = "mae")
  interface MaskingAfterLayerAdamMse {
    @Dense(units = 4, activation = "tanh", useBias = false)
    Layer project(Layer x);

    @Masking(maskValue = 0.0)
    Layer masking();

    @LSTM(units = 5)
    Layer encoder();

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);

    Logs evaluate(float[][][] x, float[][] y);
  }

  /** {@link MaskingAfterLayerAdamMse} as a chain (one unnamed input). */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mse", metrics = "mae")
  interface MaskingAfterLayerChain {
    @Dense(units = 4, activation = "tanh", useBias = false)
    Layer project();

    @Masking(maskValue = 0.0)
    Layer masking();

    @LSTM(units = 5)
    Layer encoder();

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  /**
   * Two inputs masked differently (padding last on one, first on the other), each through a Dense
   * that passes its mask on, concatenated: the merged mask is their or.
   */
  @RnnModel(
      input = {
        @Input(name = "left", timesteps = 5, features = 2),
        @Input(name = "right", timesteps = 5, features = 3)
      })
  @Compile(optimizer = "sgd", learningRate = 0.1, loss = "mse", metrics = "mae")
  interface MergedMasksSgdMse {
    @Masking(maskValue = 0.0)
    Layer maskLeft(Layer left);

    @Masking(maskValue = 0.0)
    Layer maskRight(Layer right);

    @Dense(units = 3, activation = "tanh")
    Layer a(Layer maskLeft);

    @Dense(units = 3, activation = "tanh")
    Layer b(Layer maskRight);

    @Concatenate
    Layer joined(Layer a, Layer b);

    @LSTM(units = 4, returnSequences = true)
    Layer encoder();

    @Dense(units = 2)
    Layer head();

    History fit(float[][][] left, float[][][] right, float[][][] y, FitOptions options);

    Logs evaluate(float[][][] left, float[][][] right, float[][][] y);
  }

  /**
   * For central differences: a Masking after a learned layer on one input, a masked learned layer
   * on the other, concatenated (their masks' or), an LSTM and a per-timestep head; plain SGD.
   */
  @RnnModel(
      input = {
        @Input(name = "left", timesteps = 5, features = 2),
        @Input(name = "right", timesteps = 5, features = 3)
      })
  @Compile(optimizer = "sgd", learningRate = 0.1, loss = "mse")
  interface MaskFlowGradientsSgd {
    @Dense(units = 3, activation = "tanh", useBias = false)
    Layer project(Layer left);

    @Masking(maskValue = 0.0)
    Layer maskProjected(Layer project);

    @Masking(maskValue = 0.0)
    Layer maskRight(Layer right);

    @Dense(units = 2, activation = "tanh")
    Layer b(Layer maskRight);

    @Concatenate
    Layer joined(Layer maskProjected, Layer b);

    @LSTM(units = 3, returnSequences = true)
    Layer encoder();

    @Dense(units = 2)
    Layer head();

    History fit(float[][][] left, float[][][] right, float[][][] y, FitOptions options);

    Logs evaluate(float[][][] left, float[][][] right, float[][][] y);
  }
}
