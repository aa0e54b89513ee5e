package dev.rnnc.benchmarks;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/** Benchmark model M2: 200 token ids → Embedding(10000, 64) → LSTM(128) → Dense(1, sigmoid). */
@RnnModel(input = @Input(timesteps = 200, dtype = Input.Dtype.INT32))
public interface M2 {
  @Embedding(inputDim = 10000, outputDim = 64)
  Layer embedding();

  @LSTM(units = 128)
  Layer lstm();

  @Dense(units = 1, activation = "sigmoid")
  Layer out();

  /** Allocation-free single-sample call. */
  void predictInto(int[] ids, float[] out);

  /** Floating-point operations of one forward pass (the lookup counts none). */
  static double flops() {
    return Flops.lstm(200, 64, 128) + Flops.dense(128, 1);
  }
}
