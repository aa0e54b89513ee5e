package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code masking_zero_output_last}: (8, 3) → Masking(0.0) → LSTM(5, zero_output_for_mask);
 * a right-padded sample outputs zeros.
 */
@RnnModel(input = @Input(timesteps = 8, features = 3))
public interface MaskingZeroOutputLast {
  @Masking
  Layer mask();

  @LSTM(units = 5, zeroOutputForMask = true)
  Layer recurrent();

  float[] predict(float[][] window);

  float[][] predict(float[][][] batch);
}
