package dev.rnnc.parity;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Dropout;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code default_names}: like {@link LstmStack}, but the Keras layers kept their automatic
 * names ({@code lstm, dropout, lstm_1, dense, dense_1}), so {@code load} must match them by order
 * within each kind.
 */
@RnnModel(input = @Input(timesteps = 10, features = 4))
public interface DefaultNames {
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
