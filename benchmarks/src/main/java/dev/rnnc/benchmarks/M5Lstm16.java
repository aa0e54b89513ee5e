package dev.rnnc.benchmarks;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * M5 at 16 units, for the RTNeural comparison (the peer's {@code m5lstm16}): one reading per call →
 * stateful LSTM(16) → Dense(1).
 */
@RnnModel(input = @Input(timesteps = 8, features = 1))
public interface M5Lstm16 {
  @LSTM(units = 16, stateful = true)
  Layer lstm();

  @Dense(units = 1)
  Layer out();

  /** One timestep: the reading in, the output after it out; states carry over. */
  void step(float[] reading, float[] out);

  /** Zeroes the states: the next call starts a new sequence. */
  void resetStates();
}
