package dev.rnnc.training;

import dev.rnnc.annotations.Cell;
import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Concatenate;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.GRUCell;
import dev.rnnc.annotations.InitialState;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RNN;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.cells.MinimalRnnCell;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import dev.rnnc.runtime.train.Logs;

/** The graphs with custom cells of tools/goldens/keras_custom_cell_graph_training.py. */
final class CustomCellGraphTrainingModels {
  private CustomCellGraphTrainingModels() {}

  /**
   * A sequence read by a custom cell and by a GRU (its gradient the sum of both), and a stack of a
   * custom and a GRU cell going backwards over a second, shorter input.
   */
  @RnnModel(
      input = {
        @Input(name = "left", timesteps = 6, features = 3),
        @Input(name = "right", timesteps = 4, features = 2)
      })
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mse", metrics = "mae")
  interface CustomCellGraphAdamMse {
    @LSTM(units = 4, returnSequences = true)
    Layer features(Layer left);

    @RNN(cell = MinimalRnnCell.class, units = 5)
    Layer custom(Layer features);

    @GRU(units = 3)
    Layer summary(Layer features);

    @RNN(
        cells = {
          @Cell(type = MinimalRnnCell.class, units = 4),
          @Cell(type = GRUCell.class, units = 3)
        },
        goBackwards = true)
    Layer stack(Layer right);

    @Concatenate
    Layer joined(Layer custom, Layer summary, Layer stack);

    @Dense(units = 2)
    Layer head();

    History fit(float[][][] left, float[][][] right, float[][] y, FitOptions options);
  }

  /**
   * Padded tokens through a masking Embedding into a custom cell returning sequences and a GRU,
   * beside an LSTM over a float input.
   */
  @RnnModel(
      input = {
        @Input(name = "tokens", timesteps = 6, dtype = Input.Dtype.INT32),
        @Input(name = "series", timesteps = 5, features = 2)
      })
  @Compile(
      optimizer = "sgd",
      learningRate = 0.5,
      loss = "binary_crossentropy",
      metrics = "accuracy")
  interface CustomCellMaskedTokensSgdBce {
    @Embedding(inputDim = 30, outputDim = 4, maskZero = true)
    Layer embed(Layer tokens);

    @RNN(cell = MinimalRnnCell.class, units = 5, returnSequences = true)
    Layer custom();

    @GRU(units = 3)
    Layer words();

    @LSTM(units = 3)
    Layer encoded(Layer series);

    @Concatenate
    Layer joined(Layer words, Layer encoded);

    @Dense(units = 1, activation = "sigmoid")
    Layer head();

    History fit(int[][] tokens, float[][][] series, float[][] y, FitOptions options);

    Logs evaluate(int[][] tokens, float[][][] series, float[][] y);
  }

  /** For the finite-difference check: {@link CustomCellGraphAdamMse}'s wiring under plain SGD. */
  @RnnModel(
      input = {
        @Input(name = "left", timesteps = 4, features = 3),
        @Input(name = "right", timesteps = 3, features = 2)
      })
  @Compile(optimizer = "sgd", learningRate = 0.1, loss = "mse")
  interface CustomCellGraphSgd {
    @LSTM(units = 3, returnSequences = true)
    Layer features(Layer left);

    @RNN(cell = MinimalRnnCell.class, units = 4)
    Layer custom(Layer features);

    @GRU(units = 3)
    Layer summary(Layer features);

    @RNN(
        cells = {
          @Cell(type = MinimalRnnCell.class, units = 3),
          @Cell(type = GRUCell.class, units = 3)
        },
        goBackwards = true)
    Layer stack(Layer right);

    @Concatenate
    Layer joined(Layer custom, Layer summary, Layer stack);

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] left, float[][][] right, float[][] y, FitOptions options);

    Logs evaluate(float[][][] left, float[][][] right, float[][] y);

    float[][] predict(float[][][] left, float[][][] right);
  }

  /**
   * An encoder-decoder with a custom decoder cell: the GRU's final state starts the custom cell
   * ({@code @InitialState}) over a second input.
   */
  @RnnModel(
      input = {
        @Input(name = "source", timesteps = 6, features = 3),
        @Input(name = "target", timesteps = 4, features = 2)
      })
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mse", metrics = "mae")
  interface CustomCellDecoderAdamMse {
    @GRU(units = 5, returnState = true)
    Layer encoder(Layer source);

    @RNN(cell = MinimalRnnCell.class, units = 5)
    Layer decoder(Layer target, @InitialState("encoder") Layer encoderStates);

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] source, float[][][] target, float[][] y, FitOptions options);

    Logs evaluate(float[][][] source, float[][][] target, float[][] y);
  }

  /** {@link CustomCellDecoderAdamMse} with plain SGD, for the check against central differences. */
  @RnnModel(
      input = {
        @Input(name = "source", timesteps = 6, features = 3),
        @Input(name = "target", timesteps = 4, features = 2)
      })
  @Compile(optimizer = "sgd", learningRate = 0.1, loss = "mse")
  interface CustomCellDecoderSgd {
    @GRU(units = 5, returnState = true)
    Layer encoder(Layer source);

    @RNN(cell = MinimalRnnCell.class, units = 5)
    Layer decoder(Layer target, @InitialState("encoder") Layer encoderStates);

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] source, float[][][] target, float[][] y, FitOptions options);

    Logs evaluate(float[][][] source, float[][][] target, float[][] y);
  }
}
