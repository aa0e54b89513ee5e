package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/** Fixture {@code gru_unroll_seq}: (5, 2) → GRU(4, unroll, seq). */
@RnnModel(input = @Input(timesteps = 5, features = 2))
public interface GruUnrollSeq {
  @GRU(units = 4, returnSequences = true, unroll = true)
  Layer recurrent();

  float[][] predict(float[][] window);

  float[][][] predict(float[][][] batch);
}
