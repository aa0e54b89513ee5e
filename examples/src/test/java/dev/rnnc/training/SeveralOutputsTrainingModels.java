package dev.rnnc.training;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.Forward;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.OutputLoss;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import dev.rnnc.runtime.train.Logs;

/**
 * The models with several outputs of tools/goldens/keras_several_outputs_training.py, and one for a
 * check against central differences: {@code y} a record of one target batch per output.
 */
final class SeveralOutputsTrainingModels {
  private SeveralOutputsTrainingModels() {}

  /** One LSTM read by two Dense heads, each an output with its own loss, weight and metrics. */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(
      optimizer = "adam",
      learningRate = 0.01,
      losses = {
        @OutputLoss(output = "tags", value = "categorical_crossentropy", metrics = "accuracy"),
        @OutputLoss(output = "score", value = "mse", weight = 0.5, metrics = "mae")
      })
  interface TwoHeadsAdam {
    @LSTM(units = 5)
    Layer encoder();

    @Dense(units = 3, activation = "softmax")
    Layer tags(Layer encoder);

    @Dense(units = 1)
    Layer score(Layer encoder);

    /** One target batch per output. */
    record Targets(float[][] tags, float[][] score) {}

    History fit(float[][][] x, Targets y, FitOptions options);

    Logs evaluate(float[][][] x, Targets y);
  }

  /** Both directions of a {@code mergeMode = "none"} layer as the outputs, one loss for all. */
  @RnnModel(input = @Input(timesteps = 5, features = 2))
  @Compile(
      optimizer = "rmsprop",
      learningRate = 0.01,
      loss = "mse",
      losses = {
        @OutputLoss(output = "encoderForward", metrics = "mae"),
        @OutputLoss(output = "encoderBackward", metrics = "mae")
      })
  interface DirectionsRmsprop {
    @Bidirectional(mergeMode = "none")
    @GRU(units = 3, returnSequences = true)
    Layer encoder();

    /** Each direction's targets. */
    record Targets(float[][][] encoderForward, float[][][] encoderBackward) {}

    History fit(float[][][] x, Targets y, FitOptions options);

    Logs evaluate(float[][][] x, Targets y);
  }

  /**
   * A masked Embedding into a {@code mergeMode = "none"} LSTM: a per-timestep softmax head on the
   * forward direction under sparse labels, the backward direction an output of its own.
   */
  @RnnModel(input = @Input(timesteps = 6, dtype = Input.Dtype.INT32))
  @Compile(
      optimizer = "sgd",
      learningRate = 0.1,
      momentum = 0.9,
      losses = {
        @OutputLoss(
            output = "head",
            value = "sparse_categorical_crossentropy",
            metrics = "accuracy"),
        @OutputLoss(output = "encoderBackward", value = "mse", weight = 0.5)
      })
  interface MaskedHeadAndDirectionSgd {
    @Embedding(inputDim = 30, outputDim = 4, maskZero = true)
    Layer embed();

    @Bidirectional(mergeMode = "none")
    @LSTM(units = 2, returnSequences = true)
    Layer encoder();

    @Dense(units = 4, activation = "softmax")
    Layer head(@Forward Layer encoder);

    /** Labels per timestep for the head, rows per timestep for the backward direction. */
    record Targets(int[][] head, float[][][] encoderBackward) {}

    History fit(int[][] x, Targets y, FitOptions options);

    Logs evaluate(int[][] x, Targets y);
  }

  /**
   * For central differences: two heads on a GRU (a sigmoid head under binary cross-entropy, a
   * sequence head on a second branch under MSE weighted 2.5) and the backward direction of a {@code
   * mergeMode = "none"} layer weighted 0.25, plain SGD.
   */
  @RnnModel(input = @Input(timesteps = 4, features = 2))
  @Compile(
      optimizer = "sgd",
      learningRate = 0.1,
      losses = {
        @OutputLoss(output = "flag", value = "binary_crossentropy"),
        @OutputLoss(output = "steps", value = "mse", weight = 2.5),
        @OutputLoss(output = "pairBackward", value = "mae", weight = 0.25)
      })
  interface GradientsSgd {
    @GRU(units = 3, returnSequences = true)
    Layer encoder();

    @Bidirectional(mergeMode = "none")
    @LSTM(units = 2)
    Layer pair(Layer encoder);

    @Dense(units = 1, activation = "sigmoid")
    Layer flag(@Forward Layer pair);

    @Dense(units = 2, activation = "tanh")
    Layer steps(Layer encoder);

    /** One target batch per output. */
    record Targets(float[][] flag, float[][][] steps, float[][] pairBackward) {}

    History fit(float[][][] x, Targets y, FitOptions options);

    Logs evaluate(float[][][] x, Targets y);
  }
}
