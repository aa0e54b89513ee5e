package com.acme;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * The Keras Functional model {@code two_outputs}, imported from {@code two_outputs.keras} (saved by
 * Keras 3.15.1): input {@code (5, 2)}, outputs {@code (1,)}, {@code (2,)}.
 *
 * <p>Each layer method carries its Keras layer's name, which is how
 * {@code RnncTwoOutputs.load(Path.of("two_outputs.keras"))} finds the layer's weights.
 *
 * <p>Written by rnnc-importer from the model's {@code config.json}.
 */
@RnnModel(input = @Input(name = "window", timesteps = 5, features = 2), name = "two_outputs")
public interface TwoOutputs {
  /** Keras layer {@code encoder} (LSTM): (5, 2) -> (4,). */
  @LSTM(units = 4)
  Layer encoder();

  /** Keras layer {@code mean} (Dense): (4,) -> (1,). */
  @Dense(units = 1)
  Layer mean();

  /** Keras layer {@code spread} (Dense): (4,) -> (2,). */
  @Dense(units = 2)
  Layer spread(Layer encoder);

  /** The model's outputs, each named after its layer: {@code mean} (1,), {@code spread} (2,). */
  record Outputs(float[] mean, float[] spread) {}

  /** One sample: (5, 2) -> Outputs. */
  Outputs predict(float[][] window);

  /** A batch: (B, 5, 2) -> one Outputs per sample. */
  Outputs[] predict(float[][][] window);
}
