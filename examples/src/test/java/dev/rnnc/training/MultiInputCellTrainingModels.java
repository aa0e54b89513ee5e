package dev.rnnc.training;

import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Concatenate;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.InitialState;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RNN;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.cells.NestedCell;
import dev.rnnc.cells.TwoInputMinimalCell;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import dev.rnnc.runtime.train.Logs;

/**
 * The models with a two-input custom cell ({@link NestedCell}: units 4, a second input of 2·2
 * floats; {@link TwoInputMinimalCell}) of tools/goldens/keras_multi_input_cell_training.py.
 */
final class MultiInputCellTrainingModels {
  private MultiInputCellTrainingModels() {}

  /**
   * An LSTM's sequence and a Dense projection of a second input into the cell returning sequences,
   * then a GRU and a Dense head: both input gradients reach layers that learn.
   */
  @RnnModel(
      input = {
        @Input(name = "first", timesteps = 5, features = 3),
        @Input(name = "second", timesteps = 5, features = 2)
      })
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mse", metrics = "mae")
  interface MultiInputCellAdamMse {
    @LSTM(units = 3, returnSequences = true)
    Layer features(Layer first);

    @Dense(units = 4, activation = "tanh")
    Layer project(Layer second);

    @RNN(cell = NestedCell.class, units = 4, returnSequences = true)
    Layer nested(Layer features, Layer project);

    @GRU(units = 3)
    Layer summary();

    @Dense(units = 2)
    Layer head();

    History fit(float[][][] first, float[][][] second, float[][] y, FitOptions options);

    Logs evaluate(float[][][] first, float[][][] second, float[][] y);

    float[][] predict(float[][][] first, float[][][] second);
  }

  /**
   * The cell going backwards over a model input (whose gradient goes nowhere) and a Dense
   * projection of a second input, its last output into a Dense head.
   */
  @RnnModel(
      input = {
        @Input(name = "first", timesteps = 5, features = 3),
        @Input(name = "second", timesteps = 5, features = 2)
      })
  @Compile(optimizer = "sgd", learningRate = 0.1, loss = "mse", metrics = "mae")
  interface MultiInputCellBackwardsSgdMse {
    @Dense(units = 4, activation = "tanh")
    Layer project(Layer second);

    @RNN(cell = NestedCell.class, units = 4, goBackwards = true)
    Layer nested(Layer first, Layer project);

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] first, float[][][] second, float[][] y, FitOptions options);

    Logs evaluate(float[][][] first, float[][][] second, float[][] y);

    float[][] predict(float[][][] first, float[][][] second);
  }

  /** For the finite-difference check: {@link MultiInputCellAdamMse}'s wiring under plain SGD. */
  @RnnModel(
      input = {
        @Input(name = "first", timesteps = 4, features = 3),
        @Input(name = "second", timesteps = 4, features = 2)
      })
  @Compile(optimizer = "sgd", learningRate = 0.1, loss = "mse")
  interface MultiInputCellSgd {
    @LSTM(units = 3, returnSequences = true)
    Layer features(Layer first);

    @Dense(units = 4, activation = "tanh")
    Layer project(Layer second);

    @RNN(cell = NestedCell.class, units = 4, returnSequences = true)
    Layer nested(Layer features, Layer project);

    @GRU(units = 3)
    Layer summary();

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] first, float[][][] second, float[][] y, FitOptions options);

    Logs evaluate(float[][][] first, float[][][] second, float[][] y);

    float[][] predict(float[][][] first, float[][][] second);
  }

  /**
   * A two-input cell whose output reads its state, over an LSTM's sequence and a Dense projection
   * of a second input, its last output into a Dense head.
   */
  @RnnModel(
      input = {
        @Input(name = "first", timesteps = 5, features = 3),
        @Input(name = "second", timesteps = 5, features = 2)
      })
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mse", metrics = "mae")
  interface MultiInputMinimalAdamMse {
    @LSTM(units = 3, returnSequences = true)
    Layer features(Layer first);

    @Dense(units = 4, activation = "tanh")
    Layer project(Layer second);

    @RNN(cell = TwoInputMinimalCell.class, units = 5)
    Layer minimal(Layer features, Layer project);

    @Dense(units = 2)
    Layer head();

    History fit(float[][][] first, float[][][] second, float[][] y, FitOptions options);

    Logs evaluate(float[][][] first, float[][][] second, float[][] y);
  }

  /**
   * For the finite-difference check: {@link MultiInputMinimalAdamMse}'s wiring going backwards
   * under plain SGD, the LSTM's sequence read by a GRU too (its gradient the sum of both readers').
   */
  @RnnModel(
      input = {
        @Input(name = "first", timesteps = 4, features = 3),
        @Input(name = "second", timesteps = 4, features = 2)
      })
  @Compile(optimizer = "sgd", learningRate = 0.1, loss = "mse")
  interface MultiInputMinimalSgd {
    @LSTM(units = 3, returnSequences = true)
    Layer features(Layer first);

    @Dense(units = 4, activation = "tanh")
    Layer project(Layer second);

    @RNN(cell = TwoInputMinimalCell.class, units = 4, goBackwards = true)
    Layer minimal(Layer features, Layer project);

    @GRU(units = 2)
    Layer side(Layer features);

    @Concatenate
    Layer joined(Layer minimal, Layer side);

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] first, float[][][] second, float[][] y, FitOptions options);

    Logs evaluate(float[][][] first, float[][][] second, float[][] y);

    float[][] predict(float[][][] first, float[][][] second);
  }

  /**
   * A stateful two-input cell over a model input and a Dense projection of a second (the fixture's
   * consecutive batches of 8 streams), its last output into a Dense head.
   */
  @RnnModel(
      input = {
        @Input(name = "first", timesteps = 5, features = 3),
        @Input(name = "second", timesteps = 5, features = 2)
      })
  @Compile(optimizer = "sgd", learningRate = 0.05, loss = "mse", metrics = "mae")
  interface MultiInputMinimalStatefulSgdMse {
    @Dense(units = 4, activation = "tanh")
    Layer project(Layer second);

    @RNN(cell = TwoInputMinimalCell.class, units = 5, stateful = true)
    Layer minimal(Layer first, Layer project);

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] first, float[][][] second, float[][] y, FitOptions options);
  }

  /** {@link MultiInputMinimalStatefulSgdMse} starting every batch at zeros. */
  @RnnModel(
      input = {
        @Input(name = "first", timesteps = 5, features = 3),
        @Input(name = "second", timesteps = 5, features = 2)
      })
  @Compile(optimizer = "sgd", learningRate = 0.05, loss = "mse", metrics = "mae")
  interface MultiInputMinimalStatelessSgdMse {
    @Dense(units = 4, activation = "tanh")
    Layer project(Layer second);

    @RNN(cell = TwoInputMinimalCell.class, units = 5)
    Layer minimal(Layer first, Layer project);

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] first, float[][][] second, float[][] y, FitOptions options);
  }

  /**
   * A two-input cell started by a GRU's final state over a third input ({@code @InitialState}),
   * reading a model input and a Dense projection of a second, its last output into a Dense head.
   */
  @RnnModel(
      input = {
        @Input(name = "source", timesteps = 6, features = 3),
        @Input(name = "first", timesteps = 5, features = 3),
        @Input(name = "second", timesteps = 5, features = 2)
      })
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mse", metrics = "mae")
  interface MultiInputMinimalDecoderAdamMse {
    @GRU(units = 5, returnState = true)
    Layer encoder(Layer source);

    @Dense(units = 4, activation = "tanh")
    Layer project(Layer second);

    @RNN(cell = TwoInputMinimalCell.class, units = 5)
    Layer minimal(Layer first, Layer project, @InitialState("encoder") Layer states);

    @Dense(units = 1)
    Layer head();

    History fit(
        float[][][] source, float[][][] first, float[][][] second, float[][] y, FitOptions options);

    Logs evaluate(float[][][] source, float[][][] first, float[][][] second, float[][] y);

    float[][] predict(float[][][] source, float[][][] first, float[][][] second);
  }
}
