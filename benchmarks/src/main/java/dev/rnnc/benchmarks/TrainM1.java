package dev.rnnc.benchmarks;

import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;

/**
 * M1 trained: (30, 1) → LSTM(64, seq) → LSTM(32) → Dense(16, relu) → Dense(1), Adam (Keras' default
 * rate 0.001), mean squared error. The peers in {@code tools/bench/train_peers.py} build the same
 * model.
 */
@RnnModel(input = @Input(timesteps = 30, features = 1))
@Compile(optimizer = "adam", loss = "mse")
public interface TrainM1 {
  @LSTM(units = 64, returnSequences = true)
  Layer encoder();

  @LSTM(units = 32)
  Layer summary();

  @Dense(units = 16, activation = "relu")
  Layer hidden();

  @Dense(units = 1)
  Layer head();

  History fit(float[][][] x, float[][] y, FitOptions options);

  /**
   * Floating-point operations of one training step per sample (forward and backward, multiply-add
   * as two; see {@link Flops#lstmTraining}): the first LSTM needs no input gradient.
   */
  static double trainingFlops() {
    return Flops.lstmTraining(30, 1, 64, false)
        + Flops.lstmTraining(30, 64, 32, true)
        + Flops.denseTraining(32, 16)
        + Flops.denseTraining(16, 1);
  }
}
