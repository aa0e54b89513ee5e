package com.acme;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Dropout;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * The Keras Functional model {@code go_backwards_masked}, imported from
 * {@code go_backwards_masked.keras} (saved by Keras 3.15.1): input {@code (8, 3)}, output
 * {@code (2,)}.
 *
 * <p>Each layer method carries its Keras layer's name, which is how
 * {@code RnncGoBackwardsMasked.load(Path.of("go_backwards_masked.keras"))} finds the layer's
 * weights, except {@code Head} ({@code Head_2()}): renamed (each layer method says why), so those
 * load by order among the layers of their kind.
 *
 * <p>Written by rnnc-importer from the model's {@code config.json}.
 */
@RnnModel(input = @Input(timesteps = 8, features = 3), name = "go_backwards_masked")
public interface GoBackwardsMasked {
  /** Keras layer {@code pad} (Masking): (8, 3) -> (8, 3). */
  @Masking(maskValue = -1.0)
  Layer pad();

  /** Keras layer {@code reverse} (LSTM): (8, 3) -> (8, 6). */
  @LSTM(units = 6, returnSequences = true, goBackwards = true, unroll = true)
  Layer reverse();

  /** Keras layer {@code drop} (Dropout): (8, 6) -> (8, 6). */
  @Dropout(rate = 0.2)
  Layer drop();

  /** Keras layer {@code summary} (GRU): (8, 6) -> (5,). */
  @GRU(units = 5, zeroOutputForMask = true)
  Layer summary();

  /** Keras layer {@code head} (Dense): (5,) -> (4,). */
  @Dense(units = 4, activation = "relu")
  Layer head();

  /**
   * Keras layer {@code Head} (Dense): (4,) -> (2,).
   *
   * <p>Renamed: the Keras name and that of {@code head()} give the same names in the code rnnc
   * generates (they differ only in case, or in camelCase vs snake_case), so its weights load by
   * order among the Dense layers.
   */
  @Dense(units = 2)
  Layer Head_2();

  /** One sample: (8, 3) -> (2,). */
  float[] predict(float[][] input);

  /** A batch: (B, 8, 3) -> (B, 2). */
  float[][] predict(float[][][] batch);

  /** One sample into {@code out}, allocating nothing: (8, 3) -> (2,). */
  void predictInto(float[][] input, float[] out);
}
