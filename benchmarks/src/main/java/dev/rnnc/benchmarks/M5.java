package dev.rnnc.benchmarks;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Benchmark model M5: (T, 1) → LSTM(32) → Dense(1), streamed one timestep per call. rnnc generates
 * no streaming (stateful, one step per call) API yet, so the benchmark steps {@link M5Stream}, a
 * hand-written use of the runtime's cell, with this model's weights; the generated class serves
 * to load them and to check the stream against whole-sequence calls.
 */
@RnnModel(input = @Input(timesteps = 8, features = 1))
public interface M5 {
  @LSTM(units = 32)
  Layer lstm();

  @Dense(units = 1)
  Layer out();

  /** The whole-sequence call, from zero state. */
  void predictInto(float[][] sequence, float[] out);

  /** Floating-point operations of one streamed step. */
  static double flopsPerStep() {
    return Flops.lstm(1, 1, 32) + Flops.dense(32, 1);
  }
}
