package dev.rnnc.benchmarks;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/** A streaming model: one reading per call → stateful LSTM(32) → Dense(1). */
@RnnModel(input = @Input(timesteps = 1, features = 1))
public interface StreamingLstm {
  @LSTM(units = 32, stateful = true)
  Layer lstm();

  @Dense(units = 1)
  Layer head();

  /** One timestep: the reading in, the output for it out; states carry over. */
  void stepInto(float[] reading, float[] out);

  /** Starts a new stream. */
  void resetStates();
}
