package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNN;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code masking_simple_rnn_go_backwards}: (8, 3) → Masking(0.0) → SimpleRNN(5,
 * go_backwards, seq); padded samples.
 */
@RnnModel(input = @Input(timesteps = 8, features = 3))
public interface MaskingSimpleRnnGoBackwards {
  @Masking
  Layer mask();

  @SimpleRNN(units = 5, returnSequences = true, goBackwards = true)
  Layer recurrent();

  float[][] predict(float[][] window);

  float[][][] predict(float[][][] batch);
}
