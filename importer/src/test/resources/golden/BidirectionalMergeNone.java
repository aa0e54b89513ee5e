package com.acme;

import dev.rnnc.annotations.Backward;
import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Concatenate;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Forward;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * The Keras Functional model {@code bidirectional_merge_none}, imported from
 * {@code bidirectional_merge_none.keras} (saved by Keras 3.15.1): input {@code (6, 3)}, output
 * {@code (6, 2)}.
 *
 * <p>Each layer method carries its Keras layer's name, which is how
 * {@code RnncBidirectionalMergeNone.load(Path.of("bidirectional_merge_none.keras"))} finds the
 * layer's weights.
 *
 * <p>Written by rnnc-importer from the model's {@code config.json}.
 */
@RnnModel(
    input = @Input(name = "window", timesteps = 6, features = 3),
    name = "bidirectional_merge_none")
public interface BidirectionalMergeNone {
  /** Keras layer {@code encoder} (Bidirectional(LSTM)): (6, 3) -> (6, 4) per direction. */
  @Bidirectional(mergeMode = "none")
  @LSTM(units = 4, returnSequences = true)
  Layer encoder();

  /** Keras layer {@code tags} (Dense): (6, 4) -> (6, 3). */
  @Dense(units = 3)
  Layer tags(@Forward Layer encoder);

  /** Keras layer {@code joined} (Concatenate): (6, 4) -> (6, 7). */
  @Concatenate
  Layer joined(@Backward Layer encoder, Layer tags);

  /** Keras layer {@code head} (Dense): (6, 7) -> (6, 2). */
  @Dense(units = 2)
  Layer head();

  /** One sample: (6, 3) -> (6, 2). */
  float[][] predict(float[][] window);

  /** A batch: (B, 6, 3) -> (B, 6, 2). */
  float[][][] predict(float[][][] window);

  /** One sample into {@code out}, allocating nothing: (6, 3) -> (6, 2). */
  void predictInto(float[][] window, float[][] out);
}
