package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code embedding_mask_zero_gru_seq}: 8 token ids → Embedding(20, 5, mask_zero) → GRU(6,
 * seq) → Dense(4, softmax); 0 = padding.
 */
@RnnModel(input = @Input(timesteps = 8, dtype = Input.Dtype.INT32))
public interface EmbeddingMaskZeroGruSeq {
  @Embedding(inputDim = 20, outputDim = 5, maskZero = true)
  Layer embed();

  @GRU(units = 6, returnSequences = true)
  Layer recurrent();

  @Dense(units = 4, activation = "softmax")
  Layer tagger();

  float[][] predict(int[] ids);

  float[][][] predict(int[][] batch);
}
