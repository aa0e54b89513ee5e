package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/** Fixture {@code lstm_unroll}: (6, 3) → LSTM(5, unroll). */
@RnnModel(input = @Input(timesteps = 6, features = 3))
public interface LstmUnroll {
  @LSTM(units = 5, unroll = true)
  Layer recurrent();

  float[] predict(float[][] window);

  float[][] predict(float[][][] batch);
}
