package dev.rnnc.parity;

import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/** Fixture {@code lstm_basic}: (8, 3) → LSTM(5). */
@RnnModel(input = @Input(timesteps = 8, features = 3))
public interface LstmBasic {
  @LSTM(units = 5)
  Layer recurrent();

  float[] predict(float[][] window);

  float[][] predict(float[][][] batch);

  void predictInto(float[][] window, float[] out);

  void predictInto(float[][][] batch, float[][] out);
}
