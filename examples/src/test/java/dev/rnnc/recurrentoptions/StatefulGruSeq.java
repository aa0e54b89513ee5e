package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code stateful_gru_seq}: Input(batch_shape=(1, 4, 2)) → GRU(5, stateful, seq) →
 * Dense(2); one stream.
 */
@RnnModel(input = @Input(timesteps = 4, features = 2))
public interface StatefulGruSeq {
  @GRU(units = 5, returnSequences = true, stateful = true)
  Layer recurrent();

  @Dense(units = 2)
  Layer head();

  /** Runs one chunk, starting from the states the previous call left. */
  float[][] predict(float[][] chunk);

  /** Zeroes the recurrent states. */
  void resetStates();
}
