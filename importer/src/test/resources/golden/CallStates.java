package com.acme;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * The Keras Functional model {@code call_states}, imported from {@code call_states.keras} (saved by
 * Keras 3.15.1): input {@code (6, 3)}, output {@code (6, 2)}.
 *
 * <p>Each layer method carries its Keras layer's name, which is how
 * {@code RnncCallStates.load(Path.of("call_states.keras"))} finds the layer's weights.
 *
 * <p>Written by rnnc-importer from the model's {@code config.json}.
 */
@RnnModel(input = @Input(name = "window", timesteps = 6, features = 3), name = "call_states")
public interface CallStates {
  /** Keras layer {@code encoder} (LSTM): (6, 3) -> (6, 4). */
  @LSTM(units = 4, returnSequences = true)
  Layer encoder(Layer window);

  /** Keras layer {@code head} (Dense): (6, 4) -> (6, 2). */
  @Dense(units = 2)
  Layer head();

  /** One sample: (6, 3), initial states h0 (4,), c0 (4,) -> (6, 2). */
  float[][] predict(float[][] window, float[] h0, float[] c0);

  /** A batch: (B, 6, 3), initial states h0 (B, 4), c0 (B, 4) -> (B, 6, 2). */
  float[][][] predict(float[][][] window, float[][] h0, float[][] c0);

  /**
   * One sample into {@code out}, allocating nothing: (6, 3), initial states h0 (4,), c0 (4,) -> (6,
   * 2).
   */
  void predictInto(float[][] window, float[] h0, float[] c0, float[][] out);
}
