package dev.rnnc.parity;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * (12, 3) → GRU(40, seq) → GRU(24) → Dense(2): batch calls in lockstep through two GRU layers whose
 * units are no multiple of 16 (groups of four, two and one sequences, partial lane groups).
 */
@RnnModel(input = @Input(timesteps = 12, features = 3))
public interface GruStack {
  @GRU(units = 40, returnSequences = true)
  Layer encoder();

  @GRU(units = 24)
  Layer summary();

  @Dense(units = 2)
  Layer head();

  float[] predict(float[][] window);

  float[][] predict(float[][][] batch);

  void predictInto(float[][][] batch, float[][] out);
}
