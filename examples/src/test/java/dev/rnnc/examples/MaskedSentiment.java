package dev.rnnc.examples;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * A padded-token classifier with stacked masked LSTMs, whose batch call runs in lockstep with a
 * mask: for the allocation check and the lockstep check against single calls.
 */
@RnnModel(input = @Input(timesteps = 16, dtype = Input.Dtype.INT32))
public interface MaskedSentiment {
  @Embedding(inputDim = 40, outputDim = 8, maskZero = true)
  Layer embedding();

  @LSTM(units = 16, returnSequences = true)
  Layer encoder();

  @LSTM(units = 8)
  Layer summary();

  @Dense(units = 1, activation = "sigmoid")
  Layer positive();

  float[] predict(int[] ids);

  void predictInto(int[][] batch, float[][] out);
}
