package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code bidi_simple_rnn}: (6, 3) → Bidirectional(SimpleRNN(6, seq), merge_mode=ave) →
 * Dense(1).
 */
@RnnModel(input = @Input(timesteps = 6, features = 3))
public interface BidiSimpleRnn {
  @Bidirectional(mergeMode = "ave")
  @SimpleRNN(units = 6, returnSequences = true)
  Layer encoder();

  @Dense(units = 1)
  Layer head();

  float[][] predict(float[][] window);

  float[][][] predict(float[][][] batch);
}
