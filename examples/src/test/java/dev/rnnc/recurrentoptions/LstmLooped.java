package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/** Fixture {@code lstm_unroll}: (6, 3) → LSTM(5), the looped twin of {@link LstmUnroll}. */
@RnnModel(input = @Input(timesteps = 6, features = 3))
public interface LstmLooped {
  @LSTM(units = 5)
  Layer recurrent();

  float[] predict(float[][] window);

  float[][] predict(float[][][] batch);
}
