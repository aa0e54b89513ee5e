package dev.rnnc.benchmarks;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Benchmark model M5: (T, 1) → LSTM(32) → Dense(1), streamed one timestep per call through the
 * generated stateful step call; the whole-sequence call checks the stream against Keras.
 */
@RnnModel(input = @Input(timesteps = 8, features = 1))
public interface M5 {
  @LSTM(units = 32, stateful = true)
  Layer lstm();

  @Dense(units = 1)
  Layer out();

  /**
   * The whole-sequence call; it starts from the carried state (call {@link #resetStates} first).
   */
  void predictInto(float[][] sequence, float[] out);

  /** One timestep: the reading in, the output after it out; states carry over. */
  void step(float[] reading, float[] out);

  /** Zeroes the states: the next call starts a new sequence. */
  void resetStates();

  /** Floating-point operations of one streamed step. */
  static double flopsPerStep() {
    return Flops.lstm(1, 1, 32) + Flops.dense(32, 1);
  }
}
