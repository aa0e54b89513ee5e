package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code stateful_lstm}: Input(batch_shape=(1, 5, 3)) → LSTM(4, stateful) → Dense(1); one
 * stream.
 */
@RnnModel(input = @Input(timesteps = 5, features = 3))
public interface StatefulLstm {
  @LSTM(units = 4, stateful = true)
  Layer recurrent();

  @Dense(units = 1)
  Layer head();

  /** Runs one chunk, starting from the states the previous call left. */
  float[] predict(float[][] chunk);

  /** Zeroes the recurrent states. */
  void resetStates();
}
