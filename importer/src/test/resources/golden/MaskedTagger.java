package com.acme;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.TimeDistributed;
import dev.rnnc.runtime.Layer;

/**
 * The Keras Functional model {@code masked_tagger}, imported from {@code masked_tagger.keras}
 * (saved by Keras 3.15.1): input {@code (10,) ids}, output {@code (10, 3)}.
 *
 * <p>Each layer method carries its Keras layer's name, which is how
 * {@code RnncMaskedTagger.load(Path.of("masked_tagger.keras"))} finds the layer's weights.
 *
 * <p>Written by rnnc-importer from the model's {@code config.json}.
 */
@RnnModel(input = @Input(timesteps = 10, dtype = Input.Dtype.INT32), name = "masked_tagger")
public interface MaskedTagger {
  /** Keras layer {@code embed} (Embedding): (10,) ids -> (10, 5). */
  @Embedding(inputDim = 20, outputDim = 5, maskZero = true)
  Layer embed();

  /** Keras layer {@code encoder} (Bidirectional(LSTM)): (10, 5) -> (10, 4). */
  @Bidirectional(mergeMode = "ave")
  @LSTM(units = 4, returnSequences = true)
  Layer encoder();

  /** Keras layer {@code tagger} (TimeDistributed(Dense)): (10, 4) -> (10, 3). */
  @TimeDistributed
  @Dense(units = 3, activation = "softmax")
  Layer tagger();

  /** One sample: (10,) ids -> (10, 3). */
  float[][] predict(int[] ids);

  /** A batch: (B, 10) ids -> (B, 10, 3). */
  float[][][] predict(int[][] batch);

  /** One sample into {@code out}, allocating nothing: (10,) ids -> (10, 3). */
  void predictInto(int[] ids, float[][] out);
}
