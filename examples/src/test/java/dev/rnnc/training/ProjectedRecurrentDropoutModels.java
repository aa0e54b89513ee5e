package dev.rnnc.training;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import dev.rnnc.runtime.train.Logs;

/**
 * PyTorch's {@code projSize} with Keras' {@code recurrentDropout}, for
 * ProjectedRecurrentDropoutTest.
 */
final class ProjectedRecurrentDropoutModels {
  private ProjectedRecurrentDropoutModels() {}

  /**
   * A projected LSTM returning sequences into a projected Bidirectional LSTM, both with recurrent
   * dropout, plain SGD.
   */
  @RnnModel(input = @Input(timesteps = 4, features = 2))
  @Compile(optimizer = "sgd", learningRate = 0.1, loss = "mean_squared_error")
  interface ProjectedDropoutSgd {
    @LSTM(units = 5, projSize = 3, recurrentDropout = 0.4, returnSequences = true)
    Layer lower();

    @Bidirectional
    @LSTM(units = 3, projSize = 2, recurrentDropout = 0.4)
    Layer upper();

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);

    Logs evaluate(float[][][] x, float[][] y);
  }
}
