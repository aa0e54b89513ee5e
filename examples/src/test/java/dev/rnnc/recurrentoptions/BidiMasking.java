package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code bidi_masking}: (8, 3) → Masking(0.0) → Bidirectional(LSTM(5, seq)) → Dense(2);
 * padded samples.
 */
@RnnModel(input = @Input(timesteps = 8, features = 3))
public interface BidiMasking {
  @Masking
  Layer mask();

  @Bidirectional
  @LSTM(units = 5, returnSequences = true)
  Layer encoder();

  @Dense(units = 2)
  Layer head();

  float[][] predict(float[][] window);

  float[][][] predict(float[][][] batch);
}
