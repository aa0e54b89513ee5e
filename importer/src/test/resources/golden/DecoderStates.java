package com.acme;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.InitialState;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * The Keras Functional model {@code decoder_states}, imported from {@code decoder_states.keras}
 * (saved by Keras 3.15.1): inputs {@code (6, 3)}, {@code (4, 2)}, outputs {@code (4, 3)},
 * {@code (4,)}.
 *
 * <p>Each layer method carries its Keras layer's name, which is how
 * {@code RnncDecoderStates.load(Path.of("decoder_states.keras"))} finds the layer's weights.
 *
 * <p>Written by rnnc-importer from the model's {@code config.json}.
 */
@RnnModel(
    input = {
      @Input(name = "source", timesteps = 6, features = 3),
      @Input(name = "target", timesteps = 4, features = 2)
    },
    name = "decoder_states")
public interface DecoderStates {
  /** Keras layer {@code encoder} (GRU): (6, 3) -> (4,). */
  @GRU(units = 4, returnState = true)
  Layer encoder(Layer source);

  /** Keras layer {@code decoder} (GRU): (4, 2) -> (4, 4). */
  @GRU(units = 4, returnSequences = true, returnState = true)
  Layer decoder(Layer target, @InitialState Layer encoder);

  /** Keras layer {@code head} (Dense): (4, 4) -> (4, 3). */
  @Dense(units = 3, activation = "softmax")
  Layer head();

  /**
   * The model's outputs in Keras' order: {@code head} (4, 3), {@code decoderH} (4,) (each layer's
   * output named after the layer, a final state after its layer and the state, as Keras'
   * return_state).
   */
  record Outputs(float[][] head, float[] decoderH) {}

  /** One sample: (6, 3), (4, 2) -> Outputs. */
  Outputs predict(float[][] source, float[][] target);

  /** A batch: (B, 6, 3), (B, 4, 2) -> one Outputs per sample. */
  Outputs[] predict(float[][][] source, float[][][] target);
}
