package dev.rnnc.graphs;

import dev.rnnc.annotations.Add;
import dev.rnnc.annotations.Concatenate;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.InitialState;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/** Models with several inputs (fixtures: tools/goldens/keras_graphs.py, stage B). */
final class MultiInputModels {
  private MultiInputModels() {}

  /** The Keras RNN guide's encoder-decoder: two variable-length token inputs. */
  @RnnModel(
      input = {
        @Input(name = "encoderTokens", dtype = Input.Dtype.INT32),
        @Input(name = "decoderTokens", dtype = Input.Dtype.INT32)
      })
  interface Seq2Seq {
    @Embedding(inputDim = 50, outputDim = 8)
    Layer encoderEmbedding(Layer encoderTokens);

    @LSTM(units = 16, returnState = true)
    Layer encoder();

    @Embedding(inputDim = 60, outputDim = 8)
    Layer decoderEmbedding(Layer decoderTokens);

    @LSTM(units = 16)
    Layer decoder(Layer decoderEmbedding, @InitialState Layer encoder);

    @Dense(units = 10)
    Layer head();

    float[] predict(int[] encoderTokens, int[] decoderTokens);

    float[][] predict(int[][] encoderTokens, int[][] decoderTokens);

    void predictInto(int[] encoderTokens, int[] decoderTokens, float[] out);

    void predictInto(int[][] encoderTokens, int[][] decoderTokens, float[][] out);
  }

  /** Padded token batches with mask_zero on both sides; the decoder returns its sequence. */
  @RnnModel(
      input = {
        @Input(name = "encoderTokens", timesteps = 7, dtype = Input.Dtype.INT32),
        @Input(name = "decoderTokens", timesteps = 6, dtype = Input.Dtype.INT32)
      })
  interface MaskedSeq2Seq {
    @Embedding(inputDim = 20, outputDim = 6, maskZero = true)
    Layer encoderEmbedding(Layer encoderTokens);

    @LSTM(units = 5, returnState = true)
    Layer encoder();

    @Embedding(inputDim = 25, outputDim = 6, maskZero = true)
    Layer decoderEmbedding(Layer decoderTokens);

    @LSTM(units = 5, returnSequences = true)
    Layer decoder(Layer decoderEmbedding, @InitialState Layer encoder);

    @Dense(units = 4, activation = "softmax")
    Layer head();

    float[][] predict(int[] encoderTokens, int[] decoderTokens);

    float[][][] predict(int[][] encoderTokens, int[][] decoderTokens);
  }

  /** A sequence branch joined with a vector input. */
  @RnnModel(
      input = {
        @Input(name = "series", timesteps = 6, features = 3),
        @Input(name = "meta", timesteps = Input.VECTOR, features = 4)
      })
  interface SequenceAndVector {
    @LSTM(units = 8)
    Layer encoder(Layer series);

    @Concatenate
    Layer joined(Layer encoder, Layer meta);

    @Dense(units = 3)
    Layer head();

    float[] predict(float[][] series, float[] meta);

    float[][] predict(float[][][] series, float[][] meta);
  }

  /** Two masked branches added: the mask after the Add is the or of both. */
  @RnnModel(
      input = {
        @Input(name = "left", timesteps = 6, features = 2),
        @Input(name = "right", timesteps = 6, features = 2)
      })
  interface TwoMaskedAdd {
    @Masking
    Layer leftPadding(Layer left);

    @LSTM(units = 3, returnSequences = true)
    Layer leftEncoder();

    @Masking
    Layer rightPadding(Layer right);

    @GRU(units = 3, returnSequences = true)
    Layer rightEncoder();

    @Add
    Layer total(Layer leftEncoder, Layer rightEncoder);

    @SimpleRNN(units = 2)
    Layer summary();

    float[] predict(float[][] left, float[][] right);
  }
}
