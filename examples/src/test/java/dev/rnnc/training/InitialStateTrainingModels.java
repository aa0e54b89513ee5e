package dev.rnnc.training;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Cell;
import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.GRUCell;
import dev.rnnc.annotations.InitialState;
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

/**
 * The {@code @InitialState} graphs of tools/goldens/keras_initial_states_training.py: states into
 * and out of {@code @RNN} stacks of built-in cells (also Bidirectional ones), and between
 * Bidirectional layers with backward layers of another kind.
 */
final class InitialStateTrainingModels {
  private InitialStateTrainingModels() {}

  /** An LSTM's (h, c) start two GRU cells, by position; only the LSTM's states are read. */
  @RnnModel(input = @Input(name = "x", timesteps = 6, features = 3))
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mse", metrics = "mae")
  interface LstmIntoGruStackAdamMse {
    @LSTM(units = 4, returnState = true)
    Layer encoder(Layer x);

    @RNN(
        cells = {@Cell(type = GRUCell.class, units = 4), @Cell(type = GRUCell.class, units = 4)},
        returnSequences = true)
    Layer decoder(Layer x, @InitialState Layer encoder);

    @Dense(units = 2)
    Layer head();

    History fit(float[][][] x, float[][][] y, FitOptions options);
  }

  /**
   * A masked stack of LSTM cells whose h0, c0, h1, c1 start another, going backwards over the
   * unmasked input (Keras 3.15 passes no mask to a layer called with initial states).
   */
  @RnnModel(input = @Input(name = "x", timesteps = 5, features = 3))
  @Compile(optimizer = "sgd", learningRate = 0.1, loss = "mse", metrics = "mae")
  interface StackIntoStackMaskedSgdMse {
    @Masking(maskValue = 0.0)
    Layer padding(Layer x);

    @RNN(
        cells = {@Cell(type = LSTMCell.class, units = 4), @Cell(type = LSTMCell.class, units = 5)},
        returnState = true)
    Layer encoder(Layer padding);

    @RNN(
        cells = {@Cell(type = LSTMCell.class, units = 4), @Cell(type = LSTMCell.class, units = 5)},
        goBackwards = true)
    Layer decoder(Layer x, @InitialState Layer encoder);

    @Dense(units = 2)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);

    Logs evaluate(float[][][] x, float[][] y);
  }

  /**
   * Bidirectional GRU with a backward SimpleRNN returning its states, which start a Bidirectional
   * SimpleRNN with a backward GRU.
   */
  @RnnModel(input = @Input(name = "x", timesteps = 6, features = 3))
  @Compile(optimizer = "rmsprop", learningRate = 0.01, loss = "mse", metrics = "mae")
  interface BidirectionalBackwardLayersStatesRmspropMse {
    @Bidirectional(backwardLayer = "encoderReverse")
    @GRU(units = 4, returnSequences = true, returnState = true)
    Layer encoder(Layer x);

    @SimpleRNN(units = 4, returnSequences = true, returnState = true, goBackwards = true)
    Layer encoderReverse();

    @Bidirectional(backwardLayer = "decoderReverse")
    @SimpleRNN(units = 4)
    Layer decoder(Layer encoder, @InitialState("encoder") Layer encoderStates);

    @GRU(units = 4, goBackwards = true)
    Layer decoderReverse();

    @Dense(units = 1)
    Layer head(Layer decoder);

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  /**
   * A Bidirectional GRU's (forward h, backward h) start two GRU cells, whose (h0, h1) start a
   * Bidirectional GRU.
   */
  @RnnModel(input = @Input(name = "x", timesteps = 6, features = 3))
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mse", metrics = "mae")
  interface BidirectionalAndStackStatesAdamMse {
    @Bidirectional
    @GRU(units = 4, returnState = true)
    Layer encoder(Layer x);

    @RNN(
        cells = {@Cell(type = GRUCell.class, units = 4), @Cell(type = GRUCell.class, units = 4)},
        returnSequences = true,
        returnState = true)
    Layer middle(Layer x, @InitialState Layer encoder);

    @Bidirectional
    @GRU(units = 4)
    Layer decoder(Layer middle, @InitialState("middle") Layer middleStates);

    @Dense(units = 2)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  /**
   * A Bidirectional stack of an LSTM and a GRU cell returns its sequence and states (forward h0,
   * c0, h1, backward h0, c0, h1), which start another such stack over that sequence.
   */
  @RnnModel(input = @Input(name = "x", timesteps = 5, features = 3))
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mse", metrics = "mae")
  interface BidirectionalStacksStatesAdamMse {
    @Bidirectional
    @RNN(
        cells = {@Cell(type = LSTMCell.class, units = 3), @Cell(type = GRUCell.class, units = 4)},
        returnSequences = true,
        returnState = true)
    Layer encoder(Layer x);

    @Bidirectional(mergeMode = "sum")
    @RNN(
        cells = {@Cell(type = LSTMCell.class, units = 3), @Cell(type = GRUCell.class, units = 4)},
        returnSequences = true)
    Layer decoder(Layer encoder, @InitialState("encoder") Layer encoderStates);

    @Dense(units = 2)
    Layer head();

    History fit(float[][][] x, float[][][] y, FitOptions options);
  }

  /**
   * For the finite-difference check, every gradient through initial states: a masked Bidirectional
   * LSTM with a backward layer starts a stack of two LSTM cells (forward h, c into the first cell,
   * backward h, c into the second), whose states start a Bidirectional LSTM; plain SGD.
   */
  @RnnModel(input = @Input(name = "x", timesteps = 3, features = 3))
  @Compile(optimizer = "sgd", learningRate = 0.1, loss = "mse")
  interface InitialStateGradientsSgd {
    @Masking(maskValue = 0.0)
    Layer padding(Layer x);

    @Bidirectional(backwardLayer = "encoderReverse")
    @LSTM(units = 3, returnState = true)
    Layer encoder(Layer padding);

    @LSTM(units = 3, returnState = true, goBackwards = true)
    Layer encoderReverse();

    @RNN(
        cells = {@Cell(type = LSTMCell.class, units = 3), @Cell(type = LSTMCell.class, units = 3)},
        returnSequences = true,
        returnState = true)
    Layer middle(Layer x, @InitialState("encoder") Layer encoderStates);

    @Bidirectional
    @LSTM(units = 3)
    Layer decoder(Layer middle, @InitialState("middle") Layer middleStates);

    @Dense(units = 1)
    Layer head(Layer decoder);

    History fit(float[][][] x, float[][] y, FitOptions options);

    Logs evaluate(float[][][] x, float[][] y);

    float[][] predict(float[][][] x);
  }
}
