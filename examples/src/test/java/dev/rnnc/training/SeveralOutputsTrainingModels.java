package dev.rnnc.training;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Cell;
import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.Forward;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.GRUCell;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.LSTMCell;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.OutputLoss;
import dev.rnnc.annotations.RNN;
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

  /**
   * Outputs that other layers read too: the LSTM's sequence (read by the GRU) and the softmax head
   * (its loss from its logits; read by the linear score head), beside the score head.
   */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(
      optimizer = "adam",
      learningRate = 0.01,
      losses = {
        @OutputLoss(output = "encoder", value = "mse", weight = 0.5, metrics = "mae"),
        @OutputLoss(output = "tags", value = "categorical_crossentropy", metrics = "accuracy"),
        @OutputLoss(output = "score", value = "mse")
      })
  interface ReadOutputsAdam {
    @LSTM(units = 5, returnSequences = true)
    Layer encoder();

    @GRU(units = 4)
    Layer summary(Layer encoder);

    @Dense(units = 3, activation = "softmax")
    Layer tags(Layer summary);

    @Dense(units = 1)
    Layer score(Layer tags);

    /** One target batch per output, the read ones too. */
    record Targets(float[][][] encoder, float[][] tags, float[][] score) {}

    History fit(float[][][] x, Targets y, FitOptions options);

    Logs evaluate(float[][][] x, Targets y);
  }

  /**
   * An LSTM's final states as outputs (Keras' {@code seq, h, c = LSTM(return_state=True)(x)} with
   * {@code Model(x, [head, h, c])}) on a masked input, beside a per-timestep head.
   */
  @RnnModel(input = @Input(timesteps = 5, features = 2))
  @Compile(
      optimizer = "sgd",
      learningRate = 0.1,
      momentum = 0.9,
      losses = {
        @OutputLoss(output = "head", value = "mse"),
        @OutputLoss(output = "encoderH", value = "mse"),
        @OutputLoss(output = "encoderC", value = "mae", weight = 0.5)
      })
  interface StateTargetsSgd {
    @Masking(maskValue = 0.0)
    Layer masking();

    @LSTM(units = 4, returnSequences = true, returnState = true)
    Layer encoder();

    @Dense(units = 2, activation = "tanh")
    Layer head();

    /** The head's rows per timestep, then each final state's row. */
    record Targets(float[][][] head, float[][] encoderH, float[][] encoderC) {}

    History fit(float[][][] x, Targets y, FitOptions options);

    Logs evaluate(float[][][] x, Targets y);
  }

  /**
   * An {@code @RNN} stack's final states (h0, c0 of its LSTM cell, h1 of its GRU cell) as outputs
   * beside its last output's head.
   */
  @RnnModel(input = @Input(timesteps = 5, features = 2))
  @Compile(
      optimizer = "adam",
      learningRate = 0.01,
      losses = {
        @OutputLoss(output = "out", value = "mse"),
        @OutputLoss(output = "encoderH0", value = "mse"),
        @OutputLoss(output = "encoderC0", value = "mae", weight = 0.5),
        @OutputLoss(output = "encoderH1", value = "mse", weight = 0.25)
      })
  interface RnnStackStateTargetsAdam {
    @RNN(
        cells = {@Cell(type = LSTMCell.class, units = 4), @Cell(type = GRUCell.class, units = 3)},
        returnState = true)
    Layer encoder();

    @Dense(units = 1)
    Layer out();

    /** The head's targets, then each final state's row. */
    record Targets(float[][] out, float[][] encoderH0, float[][] encoderC0, float[][] encoderH1) {}

    History fit(float[][][] x, Targets y, FitOptions options);

    Logs evaluate(float[][][] x, Targets y);
  }

  /**
   * PyTorch's h_n and c_n of an {@code @RNN} whose cells differ in width (LSTM cells of 4 and 3
   * units) as outputs beside its last output's head: per sample a row per cell, each its cell's
   * width; each row's loss gradient enters its own cell's last step.
   */
  @RnnModel(input = @Input(timesteps = 5, features = 2))
  @Compile(
      optimizer = "adam",
      learningRate = 0.01,
      losses = {
        @OutputLoss(output = "out", value = "mse"),
        @OutputLoss(output = "encoderHN", value = "mse"),
        @OutputLoss(output = "encoderCN", value = "mae", weight = 0.5)
      })
  interface RnnStackRaggedStateTargetsAdam {
    @RNN(
        cells = {@Cell(type = LSTMCell.class, units = 4), @Cell(type = LSTMCell.class, units = 3)},
        returnState = true)
    Layer encoder();

    @Dense(units = 1)
    Layer out();

    /** The head's targets, then h_n and c_n: per sample a row of 4 values, then one of 3. */
    record Targets(float[][] out, float[][][] encoderHN, float[][][] encoderCN) {}

    History fit(float[][][] x, Targets y, FitOptions options);

    Logs evaluate(float[][][] x, Targets y);
  }

  /**
   * {@link RnnStackRaggedStateTargetsAdam} under plain SGD, for the check against central
   * differences: the same outputs, with MSE and MAE over rows of 4 and 3 values.
   */
  @RnnModel(input = @Input(timesteps = 5, features = 2))
  @Compile(
      optimizer = "sgd",
      learningRate = 0.1,
      losses = {
        @OutputLoss(output = "out", value = "mse"),
        @OutputLoss(output = "encoderHN", value = "mse", weight = 2.0),
        @OutputLoss(output = "encoderCN", value = "mae", weight = 0.5)
      })
  interface RnnStackRaggedStateTargetsSgd {
    @RNN(
        cells = {@Cell(type = LSTMCell.class, units = 4), @Cell(type = LSTMCell.class, units = 3)},
        returnState = true)
    Layer encoder();

    @Dense(units = 1)
    Layer out();

    /** The head's targets, then h_n and c_n: per sample a row of 4 values, then one of 3. */
    record Targets(float[][] out, float[][][] encoderHN, float[][][] encoderCN) {}

    History fit(float[][][] x, Targets y, FitOptions options);

    Logs evaluate(float[][][] x, Targets y);
  }

  /**
   * A Bidirectional {@code @RNN} stack's final states (the forward GRU cell's h0, the backward LSTM
   * cell's c1) as outputs beside its merged output's head.
   */
  @RnnModel(input = @Input(timesteps = 5, features = 2))
  @Compile(
      optimizer = "rmsprop",
      learningRate = 0.01,
      losses = {
        @OutputLoss(output = "out", value = "mse"),
        @OutputLoss(output = "pairForwardH0", value = "mse"),
        @OutputLoss(output = "pairBackwardC1", value = "mae", weight = 0.5)
      })
  interface BidirectionalStackStateTargetsRmsprop {
    @Bidirectional
    @RNN(
        cells = {@Cell(type = GRUCell.class, units = 3), @Cell(type = LSTMCell.class, units = 2)},
        returnState = true)
    Layer pair();

    @Dense(units = 1)
    Layer out();

    /** The head's targets, then the two final states' rows. */
    record Targets(float[][] out, float[][] pairForwardH0, float[][] pairBackwardC1) {}

    History fit(float[][][] x, Targets y, FitOptions options);

    Logs evaluate(float[][][] x, Targets y);
  }

  /** A Bidirectional GRU's final states as outputs beside its merged output's head. */
  @RnnModel(input = @Input(timesteps = 5, features = 2))
  @Compile(
      optimizer = "rmsprop",
      learningRate = 0.01,
      losses = {
        @OutputLoss(output = "out", value = "mse"),
        @OutputLoss(output = "pairForwardH", value = "mse"),
        @OutputLoss(output = "pairBackwardH", value = "mae", weight = 0.25)
      })
  interface BidirectionalStateTargetsRmsprop {
    @Bidirectional
    @GRU(units = 3, returnState = true)
    Layer pair();

    @Dense(units = 1)
    Layer out();

    /** The head's targets, then each direction's final h. */
    record Targets(float[][] out, float[][] pairForwardH, float[][] pairBackwardH) {}

    History fit(float[][][] x, Targets y, FitOptions options);

    Logs evaluate(float[][][] x, Targets y);
  }

  /**
   * For central differences: an LSTM's sequence and final c as outputs while a Bidirectional GRU
   * reads the sequence, that layer's backward h as an output, and a sigmoid head under binary
   * cross-entropy (from its logits) read by a tanh head; plain SGD.
   */
  @RnnModel(input = @Input(timesteps = 4, features = 2))
  @Compile(
      optimizer = "sgd",
      learningRate = 0.1,
      losses = {
        @OutputLoss(output = "encoder", value = "mse", weight = 0.5),
        @OutputLoss(output = "encoderC", value = "mse", weight = 2),
        @OutputLoss(output = "pairBackwardH", value = "mae", weight = 0.25),
        @OutputLoss(output = "flag", value = "binary_crossentropy"),
        @OutputLoss(output = "steps", value = "mse")
      })
  interface ReadAndStateGradientsSgd {
    @LSTM(units = 3, returnSequences = true, returnState = true)
    Layer encoder();

    @Bidirectional
    @GRU(units = 2, returnState = true)
    Layer pair(Layer encoder);

    @Dense(units = 1, activation = "sigmoid")
    Layer flag(Layer pair);

    @Dense(units = 2, activation = "tanh")
    Layer steps(Layer flag);

    /** One target batch per output. */
    record Targets(
        float[][][] encoder,
        float[][] encoderC,
        float[][] pairBackwardH,
        float[][] flag,
        float[][] steps) {}

    History fit(float[][][] x, Targets y, FitOptions options);

    Logs evaluate(float[][][] x, Targets y);
  }
}
