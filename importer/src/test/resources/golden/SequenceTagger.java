package com.acme;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Dropout;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/**
 * The Keras Sequential model {@code sequence_tagger}, imported from
 * {@code sequential_sequence_out.keras} (saved by Keras 3.15.1): input {@code (T, 3)}, output
 * {@code (T, 2)}.
 *
 * <p>Each layer method carries its Keras layer's name, which is how
 * {@code RnncSequenceTagger.load(Path.of("sequential_sequence_out.keras"))} finds the layer's
 * weights.
 *
 * <p>Written by rnnc-importer from the model's {@code config.json}.
 */
@RnnModel(input = @Input(timesteps = Input.VARIABLE, features = 3), name = "sequence_tagger")
public interface SequenceTagger {
  /** Keras layer {@code simple_rnn} (SimpleRNN): (T, 3) -> (T, 6). */
  @SimpleRNN(units = 6, activation = "relu", useBias = false, returnSequences = true)
  Layer simple_rnn();

  /** Keras layer {@code dropout} (Dropout): (T, 6) -> (T, 6). */
  @Dropout(rate = 0.3)
  Layer dropout();

  /** Keras layer {@code dense} (Dense): (T, 6) -> (T, 4). */
  @Dense(units = 4, activation = "gelu")
  Layer dense();

  /** Keras layer {@code dense_1} (Dense): (T, 4) -> (T, 2). */
  @Dense(units = 2, useBias = false)
  Layer dense_1();

  /** One sample: (T, 3) -> (T, 2). */
  float[][] predict(float[][] input);

  /** A batch: (B, T, 3) -> (B, T, 2). */
  float[][][] predict(float[][][] batch);

  /** One sample into {@code out}, allocating nothing: (T, 3) -> (T, 2). */
  void predictInto(float[][] input, float[][] out);
}
