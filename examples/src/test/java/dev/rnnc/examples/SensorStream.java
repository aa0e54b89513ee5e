package dev.rnnc.examples;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/** A stateful streaming model, one reading per call, for the allocation check of the step path. */
@RnnModel(input = @Input(timesteps = 1, features = 2))
public interface SensorStream {
  @GRU(units = 24, stateful = true)
  Layer gru();

  @Dense(units = 1, activation = "sigmoid")
  Layer anomaly();

  void stepInto(float[] reading, float[] out);

  void resetStates();
}
