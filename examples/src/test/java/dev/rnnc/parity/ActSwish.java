package dev.rnnc.parity;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/** Fixture {@code activation_swish}: (5, 3) → SimpleRNN(6, swish, seq) → Dense(4, swish). */
@RnnModel(input = @Input(timesteps = 5, features = 3))
public interface ActSwish {
  @SimpleRNN(units = 6, activation = "swish", returnSequences = true)
  Layer recurrent();

  @Dense(units = 4, activation = "swish")
  Layer head();

  float[][] predict(float[][] x);

  float[][][] predict(float[][][] batch);
}
