package dev.rnnc.pytorch;

import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;

/** PyTorch's {@code nn.LSTM(3, 8, num_layers=2, proj_size=5, batch_first=True)}, declared 1:1. */
@RnnModel(input = @Input(timesteps = 6, features = 3))
public interface ProjectedLstm {
  @LSTM(units = 8, projSize = 5, returnSequences = true)
  Layer layer0();

  @LSTM(units = 8, projSize = 5, returnSequences = true)
  Layer layer1();

  float[][] predict(float[][] x);
}
