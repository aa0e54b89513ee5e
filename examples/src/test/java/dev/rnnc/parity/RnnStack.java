package dev.rnnc.parity;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/**
 * (10, 5) → SimpleRNN(40, seq) → SimpleRNN(24) → Dense(2): batch calls in lockstep through two
 * SimpleRNN layers whose units are no multiple of 16.
 */
@RnnModel(input = @Input(timesteps = 10, features = 5))
public interface RnnStack {
  @SimpleRNN(units = 40, returnSequences = true)
  Layer encoder();

  @SimpleRNN(units = 24)
  Layer summary();

  @Dense(units = 2)
  Layer head();

  float[] predict(float[][] window);

  float[][] predict(float[][][] batch);

  void predictInto(float[][][] batch, float[][] out);
}
