package dev.rnnc.training;

import dev.rnnc.annotations.Add;
import dev.rnnc.annotations.Average;
import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Concatenate;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Dropout;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.InitialState;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.Multiply;
import dev.rnnc.annotations.Packed;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import dev.rnnc.runtime.train.Logs;

/** The graph models of tools/goldens/keras_graph_training_parity.py, declared as users do. */
final class GraphTrainingModels {
  private GraphTrainingModels() {}

  /**
   * The Keras RNN guide's encoder-decoder: the encoder's final (h, c) start the decoder, a softmax
   * per decoder timestep, class labels per timestep.
   */
  @RnnModel(
      input = {
        @Input(name = "encoderTokens", timesteps = 5, dtype = Input.Dtype.INT32),
        @Input(name = "decoderTokens", timesteps = 4, dtype = Input.Dtype.INT32)
      })
  @Compile(
      optimizer = "adamw",
      learningRate = 0.01,
      loss = "sparse_categorical_crossentropy",
      metrics = "accuracy")
  interface Seq2SeqAdamwSparse {
    @Embedding(inputDim = 48, outputDim = 4)
    Layer encoderEmbedding(Layer encoderTokens);

    @LSTM(units = 6, returnState = true)
    Layer encoder();

    @Embedding(inputDim = 40, outputDim = 4)
    Layer decoderEmbedding(Layer decoderTokens);

    @LSTM(units = 6, returnSequences = true)
    Layer decoder(Layer decoderEmbedding, @InitialState Layer encoder);

    @Dense(units = 7, activation = "softmax")
    Layer head();

    float[][] predict(int[] encoderTokens, int[] decoderTokens);

    History fit(int[][] encoderTokens, int[][] decoderTokens, int[][] y, FitOptions options);

    Logs evaluate(int[][] encoderTokens, int[][] decoderTokens, int[][] y);
  }

  /** Float inputs of different lengths: a GRU encoder's h starts a GRU decoder. */
  @RnnModel(
      input = {
        @Input(name = "source", timesteps = 6, features = 3),
        @Input(name = "target", timesteps = 5, features = 2)
      })
  @Compile(optimizer = "sgd", learningRate = 0.05, momentum = 0.9, loss = "mse", metrics = "mae")
  interface GruSeq2SeqSgdMomentumMse {
    @GRU(units = 5, returnState = true)
    Layer encoder(Layer source);

    @GRU(units = 5, returnSequences = true)
    Layer decoder(Layer target, @InitialState Layer encoder);

    @Dense(units = 2)
    Layer head();

    History fit(float[][][] source, float[][][] target, float[][][] y, FitOptions options);

    /**
     * PyTorch's packed source: the encoder's layers then carry a mask, all true in a fit that
     * passes no lengths (which must train as Keras does).
     */
    float[][][] predict(float[][][] source, @Packed int[] sourceLengths, float[][][] target);
  }

  /**
   * A learned sequence read by two layers (one through a Dropout of rate 0, the identity), a skip
   * connection concatenating the input with it, and two recurrent branches concatenated.
   */
  @RnnModel(input = @Input(name = "x", timesteps = 6, features = 3))
  @Compile(
      optimizer = "adam",
      learningRate = 0.01,
      loss = "binary_crossentropy",
      metrics = "accuracy")
  interface ConcatBranchesAdamBce {
    @LSTM(units = 5, returnSequences = true)
    Layer features(Layer x);

    @Dropout(rate = 0)
    Layer same(Layer features);

    @Concatenate
    Layer joined(Layer x, Layer features);

    @GRU(units = 4)
    Layer left();

    @SimpleRNN(units = 4, goBackwards = true)
    Layer right(Layer same);

    @Concatenate
    Layer both(Layer left, Layer right);

    @Dense(units = 1, activation = "sigmoid")
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  /** Add, Multiply and Average of recurrent sequences from two inputs, then an LSTM. */
  @RnnModel(
      input = {
        @Input(name = "left", timesteps = 6, features = 2),
        @Input(name = "right", timesteps = 6, features = 2)
      })
  @Compile(optimizer = "rmsprop", learningRate = 0.01, loss = "mse", metrics = "mae")
  interface MergesRmspropMse {
    @GRU(units = 4, returnSequences = true)
    Layer a(Layer left);

    @LSTM(units = 4, returnSequences = true)
    Layer b(Layer right);

    @Add
    Layer total(Layer a, Layer b);

    @Multiply
    Layer product(Layer a, Layer b, Layer total);

    @Average
    Layer mean(Layer total, Layer product, Layer a);

    @LSTM(units = 3)
    Layer summary();

    @Dense(units = 2)
    Layer head();

    History fit(float[][][] left, float[][][] right, float[][] y, FitOptions options);
  }

  /** Padded token inputs, mask_zero on both sides: each timeline has its own mask. */
  @RnnModel(
      input = {
        @Input(name = "encoderTokens", timesteps = 7, dtype = Input.Dtype.INT32),
        @Input(name = "decoderTokens", timesteps = 6, dtype = Input.Dtype.INT32)
      })
  @Compile(
      optimizer = "sgd",
      learningRate = 0.5,
      loss = "sparse_categorical_crossentropy",
      metrics = "accuracy")
  interface MaskedSeq2SeqSgdSparse {
    @Embedding(inputDim = 60, outputDim = 4, maskZero = true)
    Layer encoderEmbedding(Layer encoderTokens);

    @LSTM(units = 5, returnState = true)
    Layer encoder();

    @Embedding(inputDim = 50, outputDim = 4, maskZero = true)
    Layer decoderEmbedding(Layer decoderTokens);

    @LSTM(units = 5, returnSequences = true)
    Layer decoder(Layer decoderEmbedding, @InitialState Layer encoder);

    @Dense(units = 5, activation = "softmax")
    Layer head();

    History fit(int[][] encoderTokens, int[][] decoderTokens, int[][] y, FitOptions options);

    Logs evaluate(int[][] encoderTokens, int[][] decoderTokens, int[][] y);
  }

  /** A Bidirectional GRU over a sequence input, concatenated with a float-vector input. */
  @RnnModel(
      input = {
        @Input(name = "series", timesteps = 6, features = 3),
        @Input(name = "meta", timesteps = Input.VECTOR, features = 4)
      })
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mse", metrics = "mae")
  interface SequenceAndVectorAdamMse {
    @Bidirectional
    @GRU(units = 3)
    Layer encoder(Layer series);

    @Concatenate
    Layer joined(Layer encoder, Layer meta);

    @Dense(units = 2)
    Layer head();

    History fit(float[][][] series, float[][] meta, float[][] y, FitOptions options);
  }
}
