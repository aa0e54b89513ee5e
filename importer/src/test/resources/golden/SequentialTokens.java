package com.acme;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * The Keras Sequential model {@code sequential_tokens}, imported from
 * {@code sequential_tokens.keras} (saved by Keras 3.15.1): input {@code (T,) ids}, output
 * {@code (3,)}.
 *
 * <p>Each layer method carries its Keras layer's name, which is how
 * {@code RnncSequentialTokens.load(Path.of("sequential_tokens.keras"))} finds the layer's weights,
 * except {@code gru-encoder} ({@code gru_encoder()}), {@code class} ({@code class_()}): not usable
 * as Java method names, so those load by order among the layers of their kind.
 *
 * <p>Written by rnnc-importer from the model's {@code config.json}.
 */
@RnnModel(
    input = @Input(timesteps = Input.VARIABLE, dtype = Input.Dtype.INT32),
    name = "sequential_tokens")
public interface SequentialTokens {
  /** Keras layer {@code embed} (Embedding): (T,) ids -> (T, 6). */
  @Embedding(inputDim = 30, outputDim = 6)
  Layer embed();

  /**
   * Keras layer {@code gru-encoder} (GRU): (T, 6) -> (T, 7).
   *
   * <p>Renamed: the Keras name is not a usable Java method name, so its weights load by order among
   * the GRU layers.
   */
  @GRU(
      units = 7,
      activation = "swish",
      resetAfter = false,
      returnSequences = true,
      dropout = 0.1,
      recurrentDropout = 0.2)
  Layer gru_encoder();

  /**
   * Keras layer {@code class} (LSTM): (T, 7) -> (5,).
   *
   * <p>Renamed: the Keras name is not a usable Java method name, so its weights load by order among
   * the LSTM layers.
   */
  @LSTM(units = 5, recurrentActivation = "hard_sigmoid", unitForgetBias = false)
  Layer class_();

  /** Keras layer {@code head} (Dense): (5,) -> (3,). */
  @Dense(units = 3, activation = "softmax")
  Layer head();

  /** One sample: (T,) ids -> (3,). */
  float[] predict(int[] ids);

  /** A batch: (B, T) ids -> (B, 3). */
  float[][] predict(int[][] batch);

  /** One sample into {@code out}, allocating nothing: (T,) ids -> (3,). */
  void predictInto(int[] ids, float[] out);
}
