package dev.rnnc.parity;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/** Fixture {@code activation_relu}: (5, 3) → SimpleRNN(6, relu, seq) → Dense(4, relu). */
@RnnModel(input = @Input(timesteps = 5, features = 3))
public interface ActRelu {
  @SimpleRNN(units = 6, activation = "relu", returnSequences = true)
  Layer recurrent();

  @Dense(units = 4, activation = "relu")
  Layer head();

  float[][] predict(float[][] x);

  float[][][] predict(float[][][] batch);
}
