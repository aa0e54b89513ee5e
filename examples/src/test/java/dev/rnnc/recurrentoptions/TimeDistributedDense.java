package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.TimeDistributed;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code time_distributed_dense}: (5, 3) → LSTM(7, seq) → TimeDistributed(Dense(3,
 * softmax)).
 */
@RnnModel(input = @Input(timesteps = 5, features = 3))
public interface TimeDistributedDense {
  @LSTM(units = 7, returnSequences = true)
  Layer recurrent();

  @TimeDistributed
  @Dense(units = 3, activation = "softmax")
  Layer classifier();

  float[][] predict(float[][] window);

  float[][][] predict(float[][][] batch);
}
