package dev.rnnc.parity;

import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/** Fixture {@code lstm_options}: (6, 3) → LSTM(7, relu, hard_sigmoid, no bias, seq). */
@RnnModel(input = @Input(timesteps = 6, features = 3))
public interface LstmOptions {
  @LSTM(
      units = 7,
      activation = "relu",
      recurrentActivation = "hard_sigmoid",
      useBias = false,
      returnSequences = true)
  Layer recurrent();

  float[][] predict(float[][] x);

  float[][][] predict(float[][][] batch);
}
