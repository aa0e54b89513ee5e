package dev.rnnc.benchmarks;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * M4's GRU twin, for the RTNeural comparison (RTNeural has no SimpleRNN): (10, 5) → GRU(32) →
 * Dense(1, sigmoid), the peer's {@code m4gru}.
 */
@RnnModel(input = @Input(timesteps = 10, features = 5))
public interface M4Gru {
  @GRU(units = 32)
  Layer rnn();

  @Dense(units = 1, activation = "sigmoid")
  Layer out();

  /** Allocation-free single-sample call. */
  void predictInto(float[][] sequence, float[] out);
}
