package com.acme;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * The Keras Functional model {@code keras_zip}, imported from {@code keras_zip.keras} (saved by
 * Keras 3.15.1): input {@code (6, 3)}, output {@code (2,)}.
 *
 * <p>Each layer method carries its Keras layer's name, which is how
 * {@code RnncKerasZip.load(Path.of("keras_zip.keras"))} finds the layer's weights.
 *
 * <p>Written by rnnc-importer from the model's {@code config.json}.
 */
@RnnModel(input = @Input(timesteps = 6, features = 3), name = "keras_zip")
public interface KerasZip {
  /** Keras layer {@code encoder} (GRU): (6, 3) -> (6, 13). */
  @GRU(units = 13, returnSequences = true)
  Layer encoder();

  /** Keras layer {@code summary} (GRU): (6, 13) -> (5,). */
  @GRU(units = 5)
  Layer summary();

  /** Keras layer {@code head} (Dense): (5,) -> (2,). */
  @Dense(units = 2, activation = "tanh")
  Layer head();

  /** One sample: (6, 3) -> (2,). */
  float[] predict(float[][] input);

  /** A batch: (B, 6, 3) -> (B, 2). */
  float[][] predict(float[][][] batch);

  /** One sample into {@code out}, allocating nothing: (6, 3) -> (2,). */
  void predictInto(float[][] input, float[] out);
}
