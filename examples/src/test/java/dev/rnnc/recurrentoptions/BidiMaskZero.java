package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code bidi_mask_zero}: 10 token ids → Embedding(25, 6, mask_zero) →
 * Bidirectional(GRU(4)) → Dense(1, sigmoid); 0 = padding.
 */
@RnnModel(input = @Input(timesteps = 10, dtype = Input.Dtype.INT32))
public interface BidiMaskZero {
  @Embedding(inputDim = 25, outputDim = 6, maskZero = true)
  Layer embed();

  @Bidirectional
  @GRU(units = 4)
  Layer encoder();

  @Dense(units = 1, activation = "sigmoid")
  Layer head();

  float[] predict(int[] ids);

  float[][] predict(int[][] batch);
}
