package dev.rnnc.threads;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.InitialState;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/** The model shapes that {@link SharedInstanceTest} calls from many threads at once. */
final class SharedModels {
  private SharedModels() {}

  /** A chain with single, {@code into} and lockstep batch calls. */
  @RnnModel(input = @Input(timesteps = 20, features = 3))
  interface Chain {
    @LSTM(units = 24, returnSequences = true)
    Layer encoder();

    @GRU(units = 12)
    Layer summary();

    @Dense(units = 4, activation = "softmax")
    Layer head();

    float[] predict(float[][] window);

    float[][] predict(float[][][] windows);

    void predictInto(float[][] window, float[] out);
  }

  /** Any number of timesteps (arrays grow per workspace), masked, one output row per timestep. */
  @RnnModel(input = @Input(features = 3))
  interface Tagger {
    @Masking
    Layer padding();

    @GRU(units = 10, returnSequences = true)
    Layer encoder();

    @Dense(units = 2)
    Layer tags();

    float[][] tag(float[][] sequence);

    float[][][] tag(float[][][] sequences);
  }

  /**
   * A graph of two variable-length token inputs, the decoder starting from the encoder's states.
   */
  @RnnModel(
      input = {
        @Input(name = "encoderTokens", dtype = Input.Dtype.INT32),
        @Input(name = "decoderTokens", dtype = Input.Dtype.INT32)
      })
  interface Translator {
    @Embedding(inputDim = 30, outputDim = 8)
    Layer encoderEmbedding(Layer encoderTokens);

    @LSTM(units = 16, returnState = true)
    Layer encoder();

    @Embedding(inputDim = 40, outputDim = 8)
    Layer decoderEmbedding(Layer decoderTokens);

    @LSTM(units = 16)
    Layer decoder(Layer decoderEmbedding, @InitialState Layer encoder);

    @Dense(units = 5)
    Layer head();

    float[] predict(int[] encoderTokens, int[] decoderTokens);

    float[][] predict(int[][] encoderTokens, int[][] decoderTokens);
  }

  /**
   * An embedding folded into the LSTM's input projection (the examples compile with {@code
   * -Arnnc.foldEmbeddingMaxBytes=8192}: 20 × 64 floats fit): a table built on the first call, which
   * all calls share.
   */
  @RnnModel(input = @Input(timesteps = 12, dtype = Input.Dtype.INT32))
  interface Folded {
    @Embedding(inputDim = 20, outputDim = 6)
    Layer embedding();

    @LSTM(units = 16)
    Layer lstm();

    @Dense(units = 1, activation = "sigmoid")
    Layer positive();

    float[] predict(int[] ids);
  }

  /** A stateful stream: one reading per call, states carried over. */
  @RnnModel(input = @Input(timesteps = 1, features = 2))
  interface Stream {
    @LSTM(units = 16, stateful = true)
    Layer lstm();

    @Dense(units = 1)
    Layer head();

    float[] step(float[] reading);

    void resetStates();
  }
}
