package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code bidi_lstm_then_lstm}: (7, 3) → Bidirectional(LSTM(6, seq)) → LSTM(5) → Dense(2).
 */
@RnnModel(input = @Input(timesteps = 7, features = 3))
public interface BidiLstmThenLstm {
  @Bidirectional
  @LSTM(units = 6, returnSequences = true)
  Layer encoder();

  @LSTM(units = 5)
  Layer summary();

  @Dense(units = 2)
  Layer head();

  float[] predict(float[][] window);

  float[][] predict(float[][][] batch);
}
