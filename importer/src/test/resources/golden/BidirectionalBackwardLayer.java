package com.acme;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * The Keras Sequential model {@code bidirectional_backward_layer}, imported from
 * {@code bidirectional_backward_layer.keras} (saved by Keras 3.15.1): input {@code (5, 2)}, output
 * {@code (2,)}.
 *
 * <p>Each layer method carries its Keras layer's name, which is how
 * {@code RnncBidirectionalBackwardLayer.load(Path.of("bidirectional_backward_layer.keras"))} finds
 * the layer's weights.
 *
 * <p>Written by rnnc-importer from the model's {@code config.json}.
 */
@RnnModel(input = @Input(timesteps = 5, features = 2), name = "bidirectional_backward_layer")
public interface BidirectionalBackwardLayer {
  /** Keras layer {@code bi} (Bidirectional(LSTM)): (5, 2) -> (6,). */
  @Bidirectional(backwardLayer = "backward")
  @LSTM(units = 3)
  Layer bi();

  /**
   * The backward direction of {@code bi()}: its Keras backward_layer {@code backward}, whose
   * weights load with that layer's.
   */
  @GRU(units = 3, activation = "relu", goBackwards = true)
  Layer backward();

  /** Keras layer {@code head} (Dense): (6,) -> (2,). */
  @Dense(units = 2)
  Layer head(Layer bi);

  /** One sample: (5, 2) -> (2,). */
  float[] predict(float[][] input);

  /** A batch: (B, 5, 2) -> (B, 2). */
  float[][] predict(float[][][] batch);

  /** One sample into {@code out}, allocating nothing: (5, 2) -> (2,). */
  void predictInto(float[][] input, float[] out);
}
