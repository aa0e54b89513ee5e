package com.acme;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.InitialState;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * The Keras Functional model {@code encoder_decoder}, imported from {@code encoder_decoder.keras}
 * (saved by Keras 3.15.1): inputs {@code (T,) ids}, {@code (T,) ids}, output {@code (T, 4)}.
 *
 * <p>Each layer method carries its Keras layer's name, which is how
 * {@code RnncEncoderDecoder.load(Path.of("encoder_decoder.keras"))} finds the layer's weights.
 *
 * <p>Written by rnnc-importer from the model's {@code config.json}.
 */
@RnnModel(
    input = {
      @Input(name = "encoder_tokens", timesteps = Input.VARIABLE, dtype = Input.Dtype.INT32),
      @Input(name = "decoder_tokens", timesteps = Input.VARIABLE, dtype = Input.Dtype.INT32)
    },
    name = "encoder_decoder")
public interface EncoderDecoder {
  /** Keras layer {@code encoder_embed} (Embedding): (T,) ids -> (T, 5). */
  @Embedding(inputDim = 20, outputDim = 5)
  Layer encoder_embed(Layer encoder_tokens);

  /** Keras layer {@code decoder_embed} (Embedding): (T,) ids -> (T, 5). */
  @Embedding(inputDim = 25, outputDim = 5)
  Layer decoder_embed(Layer decoder_tokens);

  /** Keras layer {@code encoder} (LSTM): (T, 5) -> (8,). */
  @LSTM(units = 8, returnState = true)
  Layer encoder(Layer encoder_embed);

  /** Keras layer {@code decoder} (LSTM): (T, 5) -> (T, 8). */
  @LSTM(units = 8, returnSequences = true)
  Layer decoder(Layer decoder_embed, @InitialState Layer encoder);

  /** Keras layer {@code head} (Dense): (T, 8) -> (T, 4). */
  @Dense(units = 4, activation = "softmax")
  Layer head();

  /** One sample: (T,) ids, (T,) ids -> (T, 4). */
  float[][] predict(int[] encoder_tokens, int[] decoder_tokens);

  /** A batch: (B, T) ids, (B, T) ids -> (B, T, 4). */
  float[][][] predict(int[][] encoder_tokens, int[][] decoder_tokens);

  /** One sample into {@code out}, allocating nothing: (T,) ids, (T,) ids -> (T, 4). */
  void predictInto(int[] encoder_tokens, int[] decoder_tokens, float[][] out);
}
