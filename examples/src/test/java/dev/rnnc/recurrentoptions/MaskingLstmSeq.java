package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code masking_lstm_seq}: (8, 3) → Masking(0.0) → LSTM(6, seq) → Dense(2); padded
 * samples.
 */
@RnnModel(input = @Input(timesteps = 8, features = 3))
public interface MaskingLstmSeq {
  @Masking
  Layer mask();

  @LSTM(units = 6, returnSequences = true)
  Layer recurrent();

  @Dense(units = 2)
  Layer head();

  float[][] predict(float[][] window);

  float[][][] predict(float[][][] batch);
}
