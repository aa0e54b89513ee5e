package dev.rnnc.parity;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/** Fixture {@code variable_length}: (None, 2) → GRU(4) → Dense(2). */
@RnnModel(input = @Input(timesteps = Input.VARIABLE, features = 2))
public interface VariableLength {
  @GRU(units = 4)
  Layer recurrent();

  @Dense(units = 2)
  Layer head();

  float[] predict(float[][] sequence);

  float[][] predict(float[][][] batch);
}
