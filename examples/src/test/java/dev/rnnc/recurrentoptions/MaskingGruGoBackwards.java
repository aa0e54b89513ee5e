package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code masking_gru_go_backwards}: (8, 3) → Masking(0.0) → GRU(4, go_backwards); padded
 * samples.
 */
@RnnModel(input = @Input(timesteps = 8, features = 3))
public interface MaskingGruGoBackwards {
  @Masking
  Layer mask();

  @GRU(units = 4, goBackwards = true)
  Layer recurrent();

  float[] predict(float[][] window);

  float[][] predict(float[][][] batch);
}
