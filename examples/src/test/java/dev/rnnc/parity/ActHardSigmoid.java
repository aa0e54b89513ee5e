package dev.rnnc.parity;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code activation_hard_sigmoid}: (5, 3) → SimpleRNN(6, hard_sigmoid, seq) → Dense(4,
 * hard_sigmoid).
 */
@RnnModel(input = @Input(timesteps = 5, features = 3))
public interface ActHardSigmoid {
  @SimpleRNN(units = 6, activation = "hard_sigmoid", returnSequences = true)
  Layer recurrent();

  @Dense(units = 4, activation = "hard_sigmoid")
  Layer head();

  float[][] predict(float[][] x);

  float[][][] predict(float[][][] batch);
}
