package dev.rnnc.parity;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/** Fixture {@code activation_linear}: (5, 3) → SimpleRNN(6, linear, seq) → Dense(4, linear). */
@RnnModel(input = @Input(timesteps = 5, features = 3))
public interface ActLinear {
  @SimpleRNN(units = 6, activation = "linear", returnSequences = true)
  Layer recurrent();

  @Dense(units = 4, activation = "linear")
  Layer head();

  float[][] predict(float[][] x);

  float[][][] predict(float[][][] batch);
}
