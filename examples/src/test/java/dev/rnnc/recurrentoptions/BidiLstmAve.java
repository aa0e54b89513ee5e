package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/** Fixture {@code bidi_lstm_ave}: (6, 3) → Bidirectional(LSTM(5), merge_mode=ave). */
@RnnModel(input = @Input(timesteps = 6, features = 3))
public interface BidiLstmAve {
  @Bidirectional(mergeMode = "ave")
  @LSTM(units = 5)
  Layer encoder();

  float[] predict(float[][] window);

  float[][] predict(float[][][] batch);
}
