package dev.rnnc.parity;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/** Fixture {@code activation_tanh}: (5, 3) → SimpleRNN(6, tanh, seq) → Dense(4, tanh). */
@RnnModel(input = @Input(timesteps = 5, features = 3))
public interface ActTanh {
  @SimpleRNN(units = 6, activation = "tanh", returnSequences = true)
  Layer recurrent();

  @Dense(units = 4, activation = "tanh")
  Layer head();

  float[][] predict(float[][] x);

  float[][][] predict(float[][][] batch);
}
