package dev.rnnc.parity;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code activation_softsign}: (5, 3) → SimpleRNN(6, softsign, seq) → Dense(4, softsign).
 */
@RnnModel(input = @Input(timesteps = 5, features = 3))
public interface ActSoftsign {
  @SimpleRNN(units = 6, activation = "softsign", returnSequences = true)
  Layer recurrent();

  @Dense(units = 4, activation = "softsign")
  Layer head();

  float[][] predict(float[][] x);

  float[][][] predict(float[][][] batch);
}
