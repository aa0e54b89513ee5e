package dev.rnnc.parity;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code wide}: (4, 20) → LSTM(33, seq) → GRU(17, seq) → SimpleRNN(65) → Dense(3): sizes
 * just above multiples of 16.
 */
@RnnModel(input = @Input(timesteps = 4, features = 20))
public interface Wide {
  @LSTM(units = 33, returnSequences = true)
  Layer encoder();

  @GRU(units = 17, returnSequences = true)
  Layer middle();

  @SimpleRNN(units = 65)
  Layer summary();

  @Dense(units = 3)
  Layer head();

  float[] predict(float[][] window);

  float[][] predict(float[][][] batch);
}
