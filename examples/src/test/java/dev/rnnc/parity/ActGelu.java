package dev.rnnc.parity;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/** Fixture {@code activation_gelu}: (5, 3) → SimpleRNN(6, gelu, seq) → Dense(4, gelu). */
@RnnModel(input = @Input(timesteps = 5, features = 3))
public interface ActGelu {
  @SimpleRNN(units = 6, activation = "gelu", returnSequences = true)
  Layer recurrent();

  @Dense(units = 4, activation = "gelu")
  Layer head();

  float[][] predict(float[][] x);

  float[][][] predict(float[][][] batch);
}
