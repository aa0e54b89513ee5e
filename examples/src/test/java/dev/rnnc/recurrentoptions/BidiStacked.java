package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code bidi_stacked}: (8, 3) → Bidirectional(LSTM(6, seq)) → Bidirectional(GRU(4),
 * merge_mode=mul) → Dense(2).
 */
@RnnModel(input = @Input(timesteps = 8, features = 3))
public interface BidiStacked {
  @Bidirectional
  @LSTM(units = 6, returnSequences = true)
  Layer first();

  @Bidirectional(mergeMode = "mul")
  @GRU(units = 4)
  Layer second();

  @Dense(units = 2)
  Layer head();

  float[] predict(float[][] window);

  float[][] predict(float[][][] batch);
}
