package dev.rnnc.benchmarks;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Batch model G3, M3's shape: (100, 32) → GRU(256) → Dense(10), its recurrent kernel in panels.
 * Random weights ({@link LockstepBenchmark}).
 */
@RnnModel(input = @Input(timesteps = 100, features = 32))
public interface G3 {
  @GRU(units = 256)
  Layer recurrent();

  @Dense(units = 10)
  Layer head();

  /** Allocation-free single-sample call. */
  void predictInto(float[][] window, float[] out);

  /** Allocation-free batch call: windows go through the layers in lockstep chunks. */
  void predictInto(float[][][] windows, float[][] out);
}
