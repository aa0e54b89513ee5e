package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code masking_lstm_stack}: (8, 3) → Masking(0.0) → LSTM(6, seq) → LSTM(4) → Dense(1);
 * the mask reaches the second LSTM (Keras 3.15).
 */
@RnnModel(input = @Input(timesteps = 8, features = 3))
public interface MaskingLstmStack {
  @Masking
  Layer mask();

  @LSTM(units = 6, returnSequences = true)
  Layer encoder();

  @LSTM(units = 4)
  Layer summary();

  @Dense(units = 1)
  Layer head();

  float[] predict(float[][] window);

  float[][] predict(float[][][] batch);
}
