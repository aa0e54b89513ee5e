package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.TimeDistributed;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code bidi_tagger}: 8 token ids → Embedding(20, 5, mask_zero) → Bidirectional(LSTM(4,
 * seq)) → TimeDistributed(Dense(3, softmax)); 0 = padding.
 */
@RnnModel(input = @Input(timesteps = 8, dtype = Input.Dtype.INT32))
public interface BidiTagger {
  @Embedding(inputDim = 20, outputDim = 5, maskZero = true)
  Layer embed();

  @Bidirectional
  @LSTM(units = 4, returnSequences = true)
  Layer encoder();

  @TimeDistributed
  @Dense(units = 3, activation = "softmax")
  Layer tagger();

  float[][] predict(int[] ids);

  float[][][] predict(int[][] batch);
}
