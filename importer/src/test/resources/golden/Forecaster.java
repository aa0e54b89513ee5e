package com.acme;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Dropout;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * The Keras Functional model {@code forecaster}, imported from {@code forecaster.keras} (saved by
 * Keras 3.15.1): input {@code (30, 1)}, output {@code (1,)}.
 *
 * <p>Each layer method carries its Keras layer's name, which is how
 * {@code RnncForecaster.load(Path.of("forecaster.keras"))} finds the layer's weights.
 *
 * <p>Written by rnnc-importer from the model's {@code config.json}.
 */
@RnnModel(input = @Input(timesteps = 30, features = 1), name = "forecaster")
public interface Forecaster {
  /** Keras layer {@code encoder} (LSTM): (30, 1) -> (30, 64). */
  @LSTM(units = 64, returnSequences = true)
  Layer encoder();

  /** Keras layer {@code drop} (Dropout): (30, 64) -> (30, 64). */
  @Dropout(rate = 0.2)
  Layer drop();

  /** Keras layer {@code summary} (LSTM): (30, 64) -> (32,). */
  @LSTM(units = 32)
  Layer summary();

  /** Keras layer {@code hidden} (Dense): (32,) -> (16,). */
  @Dense(units = 16, activation = "relu")
  Layer hidden();

  /** Keras layer {@code head} (Dense): (16,) -> (1,). */
  @Dense(units = 1)
  Layer head();

  /** One sample: (30, 1) -> (1,). */
  float[] predict(float[][] input);

  /** A batch: (B, 30, 1) -> (B, 1). */
  float[][] predict(float[][][] batch);

  /** One sample into {@code out}, allocating nothing: (30, 1) -> (1,). */
  void predictInto(float[][] input, float[] out);
}
