package dev.rnnc.benchmarks;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Batch model G1, M1's shape with GRU layers: (30, 1) → GRU(64, seq) → GRU(32) → Dense(16, relu) →
 * Dense(1). Random weights ({@link LockstepBenchmark}).
 */
@RnnModel(input = @Input(timesteps = 30, features = 1))
public interface G1 {
  @GRU(units = 64, returnSequences = true)
  Layer encoder();

  @GRU(units = 32)
  Layer summary();

  @Dense(units = 16, activation = "relu")
  Layer hidden();

  @Dense(units = 1)
  Layer head();

  /** Allocation-free single-sample call. */
  void predictInto(float[][] window, float[] out);

  /** Allocation-free batch call: windows go through the layers in lockstep chunks. */
  void predictInto(float[][][] windows, float[][] out);
}
