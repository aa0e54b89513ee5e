package dev.rnnc.examples;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Dropout;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Next-hour temperature from the last 30 hours, the model of the Keras time-series tutorial,
 * trained in Keras ({@code tools/goldens/generate.py}) and run here. Input and output are
 * normalised temperatures ({@code (celsius - mean) / std}).
 */
@RnnModel(input = @Input(timesteps = 30, features = 1))
public interface Forecaster {
  @LSTM(units = 64, returnSequences = true)
  Layer encoder();

  @Dropout(rate = 0.2)
  Layer drop();

  @LSTM(units = 32)
  Layer summary();

  @Dense(units = 16, activation = "relu")
  Layer hidden();

  @Dense(units = 1)
  Layer head();

  /** One window of 30 normalised hourly temperatures → the next one. */
  float[] predict(float[][] window);

  /** A batch of windows. */
  float[][] predict(float[][][] windows);

  /** Allocation-free: writes the forecast into {@code out}. */
  void predictInto(float[][] window, float[] out);
}
