package dev.rnnc.parity;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code m1}, the benchmark model: (30, 1) → LSTM(64, seq) → LSTM(32) → Dense(16, relu) →
 * Dense(1).
 */
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

  float[] predict(float[][] window);

  float[][] predict(float[][][] batch);

  void predictInto(float[][][] batch, float[][] out);
}
