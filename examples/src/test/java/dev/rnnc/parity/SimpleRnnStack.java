package dev.rnnc.parity;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code simple_rnn}: (9, 3) → SimpleRNN(6, seq) → SimpleRNN(4, relu, no bias) → Dense(1).
 */
@RnnModel(input = @Input(timesteps = 9, features = 3))
public interface SimpleRnnStack {
  @SimpleRNN(units = 6, returnSequences = true)
  Layer first();

  @SimpleRNN(units = 4, activation = "relu", useBias = false)
  Layer second();

  @Dense(units = 1)
  Layer head();

  float[] predict(float[][] window);

  float[][] predict(float[][][] batch);
}
