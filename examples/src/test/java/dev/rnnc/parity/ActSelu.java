package dev.rnnc.parity;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/** Fixture {@code activation_selu}: (5, 3) → SimpleRNN(6, selu, seq) → Dense(4, selu). */
@RnnModel(input = @Input(timesteps = 5, features = 3))
public interface ActSelu {
  @SimpleRNN(units = 6, activation = "selu", returnSequences = true)
  Layer recurrent();

  @Dense(units = 4, activation = "selu")
  Layer head();

  float[][] predict(float[][] x);

  float[][][] predict(float[][][] batch);
}
