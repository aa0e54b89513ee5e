package dev.rnnc.parity;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Dropout;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code lstm_stack}: (10, 4) → LSTM(16, seq) → Dropout(0.2) → LSTM(7) → Dense(5, relu) →
 * Dense(1).
 */
@RnnModel(input = @Input(timesteps = 10, features = 4))
public interface LstmStack {
  @LSTM(units = 16, returnSequences = true)
  Layer encoder();

  @Dropout(rate = 0.2)
  Layer drop();

  @LSTM(units = 7)
  Layer summary();

  @Dense(units = 5, activation = "relu")
  Layer hidden();

  @Dense(units = 1)
  Layer head();

  float[] predict(float[][] window);

  float[][] predict(float[][][] batch);
}
