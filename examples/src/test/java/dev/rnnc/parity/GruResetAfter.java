package dev.rnnc.parity;

import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/** Fixture {@code gru_reset_after}: (7, 3) → GRU(5) (reset_after, Keras' default). */
@RnnModel(input = @Input(timesteps = 7, features = 3))
public interface GruResetAfter {
  @GRU(units = 5)
  Layer recurrent();

  float[] predict(float[][] window);

  float[][] predict(float[][][] batch);
}
