package com.acme;

import dev.rnnc.annotations.Concatenate;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * The Keras Functional model {@code masked_concat}, imported from {@code masked_concat.keras}
 * (saved by Keras 3.15.1): input {@code (8, 2)}, output {@code (2,)}.
 *
 * <p>Each layer method carries its Keras layer's name, which is how
 * {@code RnncMaskedConcat.load(Path.of("masked_concat.keras"))} finds the layer's weights.
 *
 * <p>Written by rnnc-importer from the model's {@code config.json}.
 */
@RnnModel(input = @Input(name = "window", timesteps = 8, features = 2), name = "masked_concat")
public interface MaskedConcat {
  /** Keras layer {@code pad} (Masking): (8, 2) -> (8, 2). */
  @Masking
  Layer pad();

  /** Keras layer {@code features} (LSTM): (8, 2) -> (8, 3). */
  @LSTM(units = 3, returnSequences = true)
  Layer features();

  /** Keras layer {@code joined} (Concatenate): (8, 2) -> (8, 5). */
  @Concatenate
  Layer joined(Layer pad, Layer features);

  /** Keras layer {@code summary} (LSTM): (8, 5) -> (4,). */
  @LSTM(units = 4)
  Layer summary();

  /** Keras layer {@code head} (Dense): (4,) -> (2,). */
  @Dense(units = 2)
  Layer head();

  /** One sample: (8, 2) -> (2,). */
  float[] predict(float[][] window);

  /** A batch: (B, 8, 2) -> (B, 2). */
  float[][] predict(float[][][] window);

  /** One sample into {@code out}, allocating nothing: (8, 2) -> (2,). */
  void predictInto(float[][] window, float[] out);
}
