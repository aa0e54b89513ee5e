package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code bidi_masking_last}: (8, 3) → Masking(0.0) → Bidirectional(LSTM(5),
 * merge_mode=ave); padded samples.
 */
@RnnModel(input = @Input(timesteps = 8, features = 3))
public interface BidiMaskingLast {
  @Masking
  Layer mask();

  @Bidirectional(mergeMode = "ave")
  @LSTM(units = 5)
  Layer encoder();

  float[] predict(float[][] window);

  float[][] predict(float[][][] batch);
}
