package dev.rnnc.benchmarks;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/** Benchmark model M3: (100, 32) → GRU(256) → Dense(10). */
@RnnModel(input = @Input(timesteps = 100, features = 32))
public interface M3 {
  @GRU(units = 256)
  Layer gru();

  @Dense(units = 10)
  Layer out();

  /** Allocation-free single-sample call. */
  void predictInto(float[][] sequence, float[] out);

  /** Floating-point operations of one forward pass. */
  static double flops() {
    return Flops.gru(100, 32, 256) + Flops.dense(256, 10);
  }
}
