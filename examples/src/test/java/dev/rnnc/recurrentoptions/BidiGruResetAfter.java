package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/** Fixture {@code bidi_gru_reset_after}: (7, 3) → Bidirectional(GRU(5, seq)) → Dense(2). */
@RnnModel(input = @Input(timesteps = 7, features = 3))
public interface BidiGruResetAfter {
  @Bidirectional
  @GRU(units = 5, returnSequences = true)
  Layer encoder();

  @Dense(units = 2)
  Layer head();

  float[][] predict(float[][] window);

  float[][][] predict(float[][][] batch);
}
