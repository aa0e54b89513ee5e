package com.acme;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Forward;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * The Keras Functional model {@code direction_beside_head}, imported from
 * {@code direction_beside_head.keras} (saved by Keras 3.15.1): input {@code (6, 3)}, outputs
 * {@code (6, 2)}, {@code (6, 4)}.
 *
 * <p>Each layer method carries its Keras layer's name, which is how
 * {@code RnncDirectionBesideHead.load(Path.of("direction_beside_head.keras"))} finds the layer's
 * weights.
 *
 * <p>Written by rnnc-importer from the model's {@code config.json}.
 */
@RnnModel(
    input = @Input(name = "window", timesteps = 6, features = 3),
    name = "direction_beside_head")
public interface DirectionBesideHead {
  /** Keras layer {@code encoder} (Bidirectional(GRU)): (6, 3) -> (6, 4) per direction. */
  @Bidirectional(mergeMode = "none")
  @GRU(units = 4, returnSequences = true)
  Layer encoder();

  /** Keras layer {@code tags} (Dense): (6, 4) -> (6, 2). */
  @Dense(units = 2)
  Layer tags(@Forward Layer encoder);

  /**
   * The model's outputs in Keras' order: {@code tags} (6, 2), {@code encoderBackward} (6, 4) (each
   * layer's output named after the layer, a final state after its layer and the state, as Keras'
   * return_state, one direction of a merge_mode = None layer after its layer and the direction).
   */
  record Outputs(float[][] tags, float[][] encoderBackward) {}

  /** One sample: (6, 3) -> Outputs. */
  Outputs predict(float[][] window);

  /** A batch: (B, 6, 3) -> one Outputs per sample. */
  Outputs[] predict(float[][][] window);
}
