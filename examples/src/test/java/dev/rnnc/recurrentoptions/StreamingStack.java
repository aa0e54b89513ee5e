package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code streaming_stack}: Input(batch_shape=(1, 1, 2)) → GRU(5, stateful, seq) →
 * SimpleRNN(4, stateful) → Dense(1); one timestep per call.
 */
@RnnModel(input = @Input(timesteps = 1, features = 2))
public interface StreamingStack {
  @GRU(units = 5, returnSequences = true, stateful = true)
  Layer first();

  @SimpleRNN(units = 4, stateful = true)
  Layer second();

  @Dense(units = 1)
  Layer head();

  /** Consumes one timestep and returns the model's output for it. */
  float[] step(float[] features);

  /** Zeroes the recurrent states. */
  void resetStates();
}
