package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code simple_rnn_go_backwards_stack}: (8, 3) → SimpleRNN(6, go_backwards, seq) → LSTM(5)
 * → Dense(1).
 */
@RnnModel(input = @Input(timesteps = 8, features = 3))
public interface SimpleRnnGoBackwardsStack {
  @SimpleRNN(units = 6, returnSequences = true, goBackwards = true)
  Layer reverse();

  @LSTM(units = 5)
  Layer forward();

  @Dense(units = 1)
  Layer head();

  float[] predict(float[][] window);

  float[][] predict(float[][][] batch);
}
