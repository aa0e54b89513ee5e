package dev.rnnc.parity;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code keras_zip} (a zipped {@code .keras} file): (6, 3) → GRU(13, seq) → GRU(5) →
 * Dense(2, tanh).
 */
@RnnModel(input = @Input(timesteps = 6, features = 3))
public interface KerasZip {
  @GRU(units = 13, returnSequences = true)
  Layer encoder();

  @GRU(units = 5)
  Layer summary();

  @Dense(units = 2, activation = "tanh")
  Layer head();

  float[] predict(float[][] window);

  float[][] predict(float[][][] batch);
}
