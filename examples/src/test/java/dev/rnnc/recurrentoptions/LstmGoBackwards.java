package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/** Fixture {@code lstm_go_backwards}: (7, 3) → LSTM(5, go_backwards). */
@RnnModel(input = @Input(timesteps = 7, features = 3))
public interface LstmGoBackwards {
  @LSTM(units = 5, goBackwards = true)
  Layer recurrent();

  float[] predict(float[][] window);

  float[][] predict(float[][][] batch);
}
