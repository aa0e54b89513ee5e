package dev.rnnc.training;

import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Dropout;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import dev.rnnc.runtime.train.Logs;

/** Models of {@link ShardedRandomTrainingTest}: every kind of draw a training step makes. */
final class ShardedTrainingModels {
  private ShardedTrainingModels() {}

  /**
   * Dropout on the input sequence, a GRU with input and recurrent dropout, Dropout on its last
   * output: per-value, per-sample and per-gate draws in one step.
   */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mean_squared_error")
  interface DroppingAdamMse {
    @Dropout(rate = 0.3)
    Layer inputDrop();

    @GRU(units = 5, dropout = 0.2, recurrentDropout = 0.25)
    Layer gru();

    @Dropout(rate = 0.4)
    Layer outputDrop();

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);

    Logs evaluate(float[][][] x, float[][] y);
  }
}
