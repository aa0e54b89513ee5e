package dev.rnnc.parity;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/** Fixture {@code activation_sigmoid}: (5, 3) → SimpleRNN(6, sigmoid, seq) → Dense(4, sigmoid). */
@RnnModel(input = @Input(timesteps = 5, features = 3))
public interface ActSigmoid {
  @SimpleRNN(units = 6, activation = "sigmoid", returnSequences = true)
  Layer recurrent();

  @Dense(units = 4, activation = "sigmoid")
  Layer head();

  float[][] predict(float[][] x);

  float[][][] predict(float[][][] batch);
}
