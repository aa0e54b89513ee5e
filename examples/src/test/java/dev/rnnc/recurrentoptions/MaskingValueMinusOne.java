package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code masking_value_minus_one}: (8, 3) → Masking(-1.0) → LSTM(5) → Dense(2); all-zero
 * steps are real.
 */
@RnnModel(input = @Input(timesteps = 8, features = 3))
public interface MaskingValueMinusOne {
  @Masking(maskValue = -1.0)
  Layer mask();

  @LSTM(units = 5)
  Layer recurrent();

  @Dense(units = 2)
  Layer head();

  float[] predict(float[][] window);

  float[][] predict(float[][][] batch);
}
