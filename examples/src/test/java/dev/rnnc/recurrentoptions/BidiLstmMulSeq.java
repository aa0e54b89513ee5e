package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/** Fixture {@code bidi_lstm_mul_seq}: (6, 3) → Bidirectional(LSTM(5, seq), merge_mode=mul). */
@RnnModel(input = @Input(timesteps = 6, features = 3))
public interface BidiLstmMulSeq {
  @Bidirectional(mergeMode = "mul")
  @LSTM(units = 5, returnSequences = true)
  Layer encoder();

  float[][] predict(float[][] window);

  float[][][] predict(float[][][] batch);
}
