package dev.rnnc.benchmarks;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/** Benchmark model M4: (10, 5) → SimpleRNN(32) → Dense(1, sigmoid). */
@RnnModel(input = @Input(timesteps = 10, features = 5))
public interface M4 {
  @SimpleRNN(units = 32)
  Layer rnn();

  @Dense(units = 1, activation = "sigmoid")
  Layer out();

  /** Allocation-free single-sample call. */
  void predictInto(float[][] sequence, float[] out);

  /** Floating-point operations of one forward pass. */
  static double flops() {
    return Flops.simpleRnn(10, 5, 32) + Flops.dense(32, 1);
  }
}
