package dev.rnnc.training;

import dev.rnnc.annotations.Add;
import dev.rnnc.annotations.Average;
import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Concatenate;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.Shared;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import dev.rnnc.runtime.train.Logs;

/** The graphs with shared layers of tools/goldens/keras_shared_training_parity.py. */
final class SharedTrainingModels {
  private SharedTrainingModels() {}

  /**
   * One LSTM encoding two inputs of different lengths, the second masked: masked on one
   * application, unmasked on the other.
   */
  @RnnModel(
      input = {
        @Input(name = "left", timesteps = 6, features = 3),
        @Input(name = "right", timesteps = 4, features = 3)
      })
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mse", metrics = "mae")
  interface SharedLstmMaskedAdamMse {
    @Masking(maskValue = 0.0)
    Layer maskedRight(Layer right);

    @LSTM(units = 5)
    Layer encoder(Layer left);

    @Shared("encoder")
    Layer encodedRight(Layer maskedRight);

    @Concatenate
    Layer both(Layer encoder, Layer encodedRight);

    @Dense(units = 2)
    Layer head();

    History fit(float[][][] left, float[][][] right, float[][] y, FitOptions options);

    Logs evaluate(float[][][] left, float[][][] right, float[][] y);
  }

  /** Two token inputs through one Embedding, one GRU and one Dense, added. */
  @RnnModel(
      input = {
        @Input(name = "first", timesteps = 5, dtype = Input.Dtype.INT32),
        @Input(name = "second", timesteps = 4, dtype = Input.Dtype.INT32)
      })
  @Compile(
      optimizer = "rmsprop",
      learningRate = 0.01,
      loss = "binary_crossentropy",
      metrics = "accuracy")
  interface SharedEmbeddingGruDenseRmspropBce {
    @Embedding(inputDim = 80, outputDim = 4)
    Layer embed(Layer first);

    @GRU(units = 6)
    Layer encoder();

    @Dense(units = 3, activation = "tanh")
    Layer project();

    @Shared("embed")
    Layer embedSecond(Layer second);

    @Shared("encoder")
    Layer encodeSecond(Layer embedSecond);

    @Shared("project")
    Layer projectSecond(Layer encodeSecond);

    @Add
    Layer total(Layer project, Layer projectSecond);

    @Dense(units = 1, activation = "sigmoid")
    Layer head();

    History fit(int[][] first, int[][] second, float[][] y, FitOptions options);

    Logs evaluate(int[][] first, int[][] second, float[][] y);
  }

  /**
   * A shared LSTM wider than one panel over a shared SimpleRNN's sequences, averaged into a Dense
   * per timestep.
   */
  @RnnModel(
      input = {
        @Input(name = "left", timesteps = 5, features = 3),
        @Input(name = "right", timesteps = 5, features = 3)
      })
  @Compile(optimizer = "sgd", learningRate = 0.05, momentum = 0.9, loss = "mse", metrics = "mae")
  interface SharedWideSgdMomentumMse {
    @SimpleRNN(units = 4, returnSequences = true)
    Layer lower(Layer left);

    @LSTM(units = 72, returnSequences = true)
    Layer wide();

    @Shared("lower")
    Layer lowerRight(Layer right);

    @Shared("wide")
    Layer wideRight(Layer lowerRight);

    @Average
    Layer mean(Layer wide, Layer wideRight);

    @Dense(units = 2)
    Layer head();

    History fit(float[][][] left, float[][][] right, float[][][] y, FitOptions options);
  }

  /**
   * For the finite-difference check: a masked and an unmasked application of an LSTM wider than a
   * panel, and of a Dense, under plain SGD (one step moves each weight by -0.1 times its gradient).
   */
  @RnnModel(
      input = {
        @Input(name = "left", timesteps = 5, features = 3),
        @Input(name = "right", timesteps = 5, features = 3)
      })
  @Compile(optimizer = "sgd", learningRate = 0.1, loss = "mse")
  interface SharedGradientsSgd {
    @Masking(maskValue = 0.0)
    Layer maskedRight(Layer right);

    @LSTM(units = 66)
    Layer wide(Layer left);

    @Shared("wide")
    Layer wideRight(Layer maskedRight);

    @Dense(units = 3, activation = "tanh")
    Layer project(Layer wide);

    @Shared("project")
    Layer projectRight(Layer wideRight);

    @Concatenate
    Layer both(Layer project, Layer projectRight);

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] left, float[][][] right, float[][] y, FitOptions options);

    Logs evaluate(float[][][] left, float[][][] right, float[][] y);
  }
}
