package com.acme;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * The Keras Functional model {@code bidirectional_states_output}, imported from
 * {@code bidirectional_states_output.keras} (saved by Keras 3.15.1): input {@code (5, 2)}, output
 * {@code (6,)}.
 *
 * <p>Each layer method carries its Keras layer's name, which is how
 * {@code RnncBidirectionalStatesOutput.load(Path.of("bidirectional_states_output.keras"))} finds
 * the layer's weights.
 *
 * <p>Written by rnnc-importer from the model's {@code config.json}.
 */
@RnnModel(
    input = @Input(name = "window", timesteps = 5, features = 2),
    name = "bidirectional_states_output")
public interface BidirectionalStatesOutput {
  /** Keras layer {@code encoder} (Bidirectional(GRU)): (5, 2) -> (6,). */
  @Bidirectional
  @GRU(units = 3, returnState = true)
  Layer encoder();

  /**
   * The output of {@code encoder()} (6,), then its final states (forwardH, backwardH), as Keras'
   * return_state.
   */
  record Outputs(float[] output, float[] forwardH, float[] backwardH) {}

  /** One sample: (5, 2) -> Outputs. */
  Outputs predict(float[][] window);

  /** A batch: (B, 5, 2) -> one Outputs per sample. */
  Outputs[] predict(float[][][] window);
}
