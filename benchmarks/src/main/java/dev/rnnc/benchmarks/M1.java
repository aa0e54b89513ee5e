package dev.rnnc.benchmarks;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/** Benchmark model M1: (30, 1) → LSTM(64, seq) → LSTM(32) → Dense(16, relu) → Dense(1). */
@RnnModel(input = @Input(timesteps = 30, features = 1))
public interface M1 {
  @LSTM(units = 64, returnSequences = true)
  Layer encoder();

  @LSTM(units = 32)
  Layer summary();

  @Dense(units = 16, activation = "relu")
  Layer hidden();

  @Dense(units = 1)
  Layer head();

  /** Allocation-free single-sample call. */
  void predictInto(float[][] window, float[] out);

  /** Allocation-free batch call: windows go through the layers in lockstep chunks. */
  void predictInto(float[][][] windows, float[][] out);

  /** Floating-point operations of one forward pass, counting a multiply-add as two. */
  static double flops() {
    return Flops.lstm(30, 1, 64)
        + Flops.lstm(30, 64, 32)
        + Flops.dense(32, 16)
        + Flops.dense(16, 1);
  }
}
