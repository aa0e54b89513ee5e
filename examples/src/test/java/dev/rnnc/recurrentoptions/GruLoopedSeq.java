package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code gru_unroll_seq}: (5, 2) → GRU(4, seq), the looped twin of {@link GruUnrollSeq}.
 */
@RnnModel(input = @Input(timesteps = 5, features = 2))
public interface GruLoopedSeq {
  @GRU(units = 4, returnSequences = true)
  Layer recurrent();

  float[][] predict(float[][] window);

  float[][][] predict(float[][][] batch);
}
