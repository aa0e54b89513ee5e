package dev.rnnc.parity;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/** Fixture {@code gru_options}: (6, 4) → GRU(9, elu, hard_sigmoid, no bias) → Dense(2, sigmoid). */
@RnnModel(input = @Input(timesteps = 6, features = 4))
public interface GruOptions {
  @GRU(units = 9, activation = "elu", recurrentActivation = "hard_sigmoid", useBias = false)
  Layer recurrent();

  @Dense(units = 2, activation = "sigmoid")
  Layer head();

  float[] predict(float[][] window);

  float[][] predict(float[][][] batch);
}
