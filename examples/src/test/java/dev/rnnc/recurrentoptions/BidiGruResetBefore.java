package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code bidi_gru_reset_before}: (7, 3) → Bidirectional(GRU(4, reset_after=False),
 * merge_mode=sum).
 */
@RnnModel(input = @Input(timesteps = 7, features = 3))
public interface BidiGruResetBefore {
  @Bidirectional(mergeMode = "sum")
  @GRU(units = 4, resetAfter = false)
  Layer encoder();

  float[] predict(float[][] window);

  float[][] predict(float[][][] batch);
}
