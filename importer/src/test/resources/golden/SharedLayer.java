package com.acme;

import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.Shared;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/**
 * The Keras Functional model {@code shared_layer}, imported from {@code shared_layer.keras} (saved
 * by Keras 3.15.1): input {@code (5, 3)}, output {@code (2,)}.
 *
 * <p>Each layer method carries its Keras layer's name, which is how
 * {@code RnncSharedLayer.load(Path.of("shared_layer.keras"))} finds the layer's weights.
 *
 * <p>Written by rnnc-importer from the model's {@code config.json}.
 */
@RnnModel(input = @Input(timesteps = 5, features = 3), name = "shared_layer")
public interface SharedLayer {
  /** Keras layer {@code shared} (SimpleRNN): (5, 3) -> (5, 3). */
  @SimpleRNN(units = 3, returnSequences = true)
  Layer shared();

  /**
   * A later call of Keras layer {@code shared} (SimpleRNN, shared): (5, 3) -> (5, 3).
   *
   * <p>The same weights as {@code shared()}, as Keras calls one layer twice.
   */
  @Shared("shared")
  Layer shared_call2();

  /** Keras layer {@code summary} (GRU): (5, 3) -> (2,). */
  @GRU(units = 2)
  Layer summary();

  /** One sample: (5, 3) -> (2,). */
  float[] predict(float[][] input);

  /** A batch: (B, 5, 3) -> (B, 2). */
  float[][] predict(float[][][] batch);

  /** One sample into {@code out}, allocating nothing: (5, 3) -> (2,). */
  void predictInto(float[][] input, float[] out);
}
