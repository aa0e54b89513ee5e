package dev.rnnc.parity;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/**
 * (6, 4) → LSTM(70, seq) → GRU(80) → Dense(3): layers wider than one panel (64 units), whose
 * recurrent kernels are stored in panels, in lockstep batch calls.
 */
@RnnModel(input = @Input(timesteps = 6, features = 4))
public interface PanelStack {
  @LSTM(units = 70, returnSequences = true)
  Layer encoder();

  @GRU(units = 80)
  Layer summary();

  @Dense(units = 3)
  Layer head();

  float[] predict(float[][] window);

  float[][] predict(float[][][] batch);
}
