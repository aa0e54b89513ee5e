package dev.rnnc.parity;

import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code gru_reset_before}: (7, 3) → GRU(6, reset_after=False, seq) → GRU(4,
 * reset_after=False).
 */
@RnnModel(input = @Input(timesteps = 7, features = 3))
public interface GruResetBefore {
  @GRU(units = 6, resetAfter = false, returnSequences = true)
  Layer first();

  @GRU(units = 4, resetAfter = false)
  Layer second();

  float[] predict(float[][] window);

  float[][] predict(float[][][] batch);
}
