package dev.rnnc.parity;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/** Fixture {@code lstm_seq_out}: (5, 2) → LSTM(9, seq) → Dense(3, softmax) per timestep. */
@RnnModel(input = @Input(timesteps = 5, features = 2))
public interface LstmSeqOut {
  @LSTM(units = 9, returnSequences = true)
  Layer recurrent();

  @Dense(units = 3, activation = "softmax")
  Layer classifier();

  float[][] predict(float[][] x);

  float[][][] predict(float[][][] batch);

  void predictInto(float[][] x, float[][] out);
}
