package dev.rnnc.parity;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code embedding_gru_seq}: 6 token ids → Embedding(20, 5) → GRU(7, seq) → Dense(4,
 * softmax).
 */
@RnnModel(input = @Input(timesteps = 6, dtype = Input.Dtype.INT32))
public interface EmbeddingGruSeq {
  @Embedding(inputDim = 20, outputDim = 5)
  Layer embed();

  @GRU(units = 7, returnSequences = true)
  Layer recurrent();

  @Dense(units = 4, activation = "softmax")
  Layer tagger();

  float[][] predict(int[] ids);

  float[][][] predict(int[][] batch);
}
