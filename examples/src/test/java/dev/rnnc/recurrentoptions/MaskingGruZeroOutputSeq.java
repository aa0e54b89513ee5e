package dev.rnnc.recurrentoptions;

import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * Fixture {@code masking_gru_zero_output_seq}: (8, 2) → Masking(0.0) → GRU(5, reset_after=False,
 * seq, zero_output_for_mask); padded samples.
 */
@RnnModel(input = @Input(timesteps = 8, features = 2))
public interface MaskingGruZeroOutputSeq {
  @Masking
  Layer mask();

  @GRU(units = 5, resetAfter = false, returnSequences = true, zeroOutputForMask = true)
  Layer recurrent();

  float[][] predict(float[][] window);

  float[][][] predict(float[][][] batch);
}
