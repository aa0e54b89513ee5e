package com.acme;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * The Keras Functional model {@code inference_decoder}, imported from
 * {@code inference_decoder.keras} (saved by Keras 3.15.1): input {@code (4, 2)}, outputs
 * {@code (4, 2)}, {@code (3,)}, {@code (3,)}.
 *
 * <p>Each layer method carries its Keras layer's name, which is how
 * {@code RnncInferenceDecoder.load(Path.of("inference_decoder.keras"))} finds the layer's weights.
 *
 * <p>Written by rnnc-importer from the model's {@code config.json}.
 */
@RnnModel(input = @Input(name = "target", timesteps = 4, features = 2), name = "inference_decoder")
public interface InferenceDecoder {
  /** Keras layer {@code decoder} (LSTM): (4, 2) -> (4, 3). */
  @LSTM(units = 3, returnSequences = true, returnState = true)
  Layer decoder(Layer target);

  /** Keras layer {@code head} (Dense): (4, 3) -> (4, 2). */
  @Dense(units = 2, activation = "softmax")
  Layer head();

  /**
   * The model's outputs in Keras' order: {@code head} (4, 2), {@code decoderH} (3,),
   * {@code decoderC} (3,) (each layer's output named after the layer, a final state after its layer
   * and the state, as Keras' return_state).
   */
  record Outputs(float[][] head, float[] decoderH, float[] decoderC) {}

  /** One sample: (4, 2), initial states h0 (3,), c0 (3,) -> Outputs. */
  Outputs predict(float[][] target, float[] h0, float[] c0);

  /** A batch: (B, 4, 2), initial states h0 (B, 3), c0 (B, 3) -> one Outputs per sample. */
  Outputs[] predict(float[][][] target, float[][] h0, float[][] c0);
}
