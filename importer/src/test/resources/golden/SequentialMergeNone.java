package com.acme;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * The Keras Sequential model {@code sequential_merge_none}, imported from
 * {@code sequential_merge_none.keras} (saved by Keras 3.15.1): input {@code (5, 2)}, outputs
 * {@code (5, 3)}, {@code (5, 3)}.
 *
 * <p>Each layer method carries its Keras layer's name, which is how
 * {@code RnncSequentialMergeNone.load(Path.of("sequential_merge_none.keras"))} finds the layer's
 * weights.
 *
 * <p>Written by rnnc-importer from the model's {@code config.json}.
 */
@RnnModel(input = @Input(timesteps = 5, features = 2), name = "sequential_merge_none")
public interface SequentialMergeNone {
  /** Keras layer {@code bi} (Bidirectional(GRU)): (5, 2) -> (5, 3) per direction. */
  @Bidirectional(mergeMode = "none")
  @GRU(units = 3, returnSequences = true)
  Layer bi();

  /**
   * The model's outputs in Keras' order: {@code forward} (5, 3), {@code backward} (5, 3) (the two
   * directions of {@code bi()}, merge_mode = None).
   */
  record Outputs(float[][] forward, float[][] backward) {}

  /** One sample: (5, 2) -> Outputs. */
  Outputs predict(float[][] input);

  /** A batch: (B, 5, 2) -> one Outputs per sample. */
  Outputs[] predict(float[][][] input);
}
