package com.example;

import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;

/** A model as a user declares one: the processor generates {@code RnncTiny} from it. */
@RnnModel(input = @Input(timesteps = 5, features = 2))
@Compile(optimizer = "adam", learningRate = 1e-2, loss = "mse")
public interface Tiny {
  @LSTM(units = 8)
  Layer encoder();

  @Dense(units = 1)
  Layer head();

  float[] predict(float[][] window);

  History fit(float[][][] x, float[][] y, FitOptions options);
}
