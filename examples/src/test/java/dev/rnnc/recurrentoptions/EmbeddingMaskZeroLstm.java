package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code embedding_mask_zero_lstm}: 10 token ids → Embedding(30, 6, mask_zero) → LSTM(5) →
 * Dense(1, sigmoid); 0 = padding.
 */
@RnnModel(input = @Input(timesteps = 10, dtype = Input.Dtype.INT32))
public interface EmbeddingMaskZeroLstm {
  @Embedding(inputDim = 30, outputDim = 6, maskZero = true)
  Layer embed();

  @LSTM(units = 5)
  Layer recurrent();

  @Dense(units = 1, activation = "sigmoid")
  Layer head();

  float[] predict(int[] ids);

  float[][] predict(int[][] batch);
}
