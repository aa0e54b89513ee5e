package dev.rnnc.parity;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code activation_softplus}: (5, 3) → SimpleRNN(6, softplus, seq) → Dense(4, softplus).
 */
@RnnModel(input = @Input(timesteps = 5, features = 3))
public interface ActSoftplus {
  @SimpleRNN(units = 6, activation = "softplus", returnSequences = true)
  Layer recurrent();

  @Dense(units = 4, activation = "softplus")
  Layer head();

  float[][] predict(float[][] x);

  float[][][] predict(float[][][] batch);
}
