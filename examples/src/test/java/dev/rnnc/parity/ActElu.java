package dev.rnnc.parity;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/** Fixture {@code activation_elu}: (5, 3) → SimpleRNN(6, elu, seq) → Dense(4, elu). */
@RnnModel(input = @Input(timesteps = 5, features = 3))
public interface ActElu {
  @SimpleRNN(units = 6, activation = "elu", returnSequences = true)
  Layer recurrent();

  @Dense(units = 4, activation = "elu")
  Layer head();

  float[][] predict(float[][] x);

  float[][][] predict(float[][][] batch);
}
