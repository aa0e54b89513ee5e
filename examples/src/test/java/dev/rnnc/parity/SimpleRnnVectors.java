package dev.rnnc.parity;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code simple_rnn_vectors}: (7, 3) → SimpleRNN(32, seq) → SimpleRNN(16, seq) →
 * SimpleRNN(8) → Dense(2): tanh layers one or two vectors wide at 512, 256 or 128 bits, whose steps
 * the runtime specialises to their sizes; batch calls run in lockstep.
 */
@RnnModel(input = @Input(timesteps = 7, features = 3))
public interface SimpleRnnVectors {
  @SimpleRNN(units = 32, returnSequences = true)
  Layer first();

  @SimpleRNN(units = 16, returnSequences = true)
  Layer second();

  @SimpleRNN(units = 8)
  Layer third();

  @Dense(units = 2)
  Layer head();

  float[] predict(float[][] window);

  float[][] predict(float[][][] batch);
}
