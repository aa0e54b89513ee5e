package dev.rnnc.parity;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code embedding_lstm}: 12 token ids → Embedding(50, 8) → LSTM(6) → Dense(1, sigmoid).
 */
@RnnModel(input = @Input(timesteps = 12, dtype = Input.Dtype.INT32))
public interface EmbeddingLstm {
  @Embedding(inputDim = 50, outputDim = 8)
  Layer embed();

  @LSTM(units = 6)
  Layer recurrent();

  @Dense(units = 1, activation = "sigmoid")
  Layer head();

  float[] predict(int[] ids);

  float[][] predict(int[][] batch);
}
