package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code streaming_lstm}: Input(batch_shape=(1, 1, 3)) → LSTM(6, stateful) → Dense(2); one
 * timestep per call.
 */
@RnnModel(input = @Input(timesteps = 1, features = 3))
public interface StreamingLstm {
  @LSTM(units = 6, stateful = true)
  Layer recurrent();

  @Dense(units = 2)
  Layer head();

  /** Consumes one timestep and returns the model's output for it. */
  float[] step(float[] features);

  /** Zeroes the recurrent states. */
  void resetStates();
}
