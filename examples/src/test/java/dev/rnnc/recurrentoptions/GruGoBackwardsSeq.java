package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code gru_go_backwards_seq}: (6, 3) → GRU(6, go_backwards, seq); outputs in processing
 * order.
 */
@RnnModel(input = @Input(timesteps = 6, features = 3))
public interface GruGoBackwardsSeq {
  @GRU(units = 6, returnSequences = true, goBackwards = true)
  Layer recurrent();

  float[][] predict(float[][] window);

  float[][][] predict(float[][][] batch);
}
