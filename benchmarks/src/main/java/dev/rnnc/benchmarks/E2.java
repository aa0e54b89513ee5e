package dev.rnnc.benchmarks;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Batch model E2, M2's shape: 200 token ids → Embedding(10000, 64) → LSTM(128) → Dense(1, sigmoid),
 * its recurrent kernel in panels. Random weights ({@link LockstepBenchmark}).
 */
@RnnModel(input = @Input(timesteps = 200, dtype = Input.Dtype.INT32))
public interface E2 {
  @Embedding(inputDim = 10000, outputDim = 64)
  Layer embedding();

  @LSTM(units = 128)
  Layer lstm();

  @Dense(units = 1, activation = "sigmoid")
  Layer out();

  /** Allocation-free single-sample call. */
  void predictInto(int[] ids, float[] out);

  /** Allocation-free batch call: token sequences go through the layers in lockstep chunks. */
  void predictInto(int[][] batch, float[][] out);
}
