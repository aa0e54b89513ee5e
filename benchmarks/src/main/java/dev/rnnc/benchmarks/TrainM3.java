package dev.rnnc.benchmarks;

import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;

/**
 * The training suite's GRU: (100, 8) → GRU(128) → Dense(1), Adam (rate 0.001), mean squared error;
 * Keras' default GRU ({@code reset_after = True}, PyTorch's {@code nn.GRU} formula). A forecaster's
 * shape, beside M1's stacked LSTMs and M2's token LSTM. The peers in {@code
 * tools/bench/train_peers.py} build the same model.
 */
@RnnModel(input = @Input(timesteps = 100, features = 8))
@Compile(optimizer = "adam", loss = "mse")
public interface TrainM3 {
  @GRU(units = 128)
  Layer gru();

  @Dense(units = 1)
  Layer out();

  History fit(float[][][] x, float[][] y, FitOptions options);

  /** Floating-point operations of one training step per sample (forward and backward). */
  static double trainingFlops() {
    return Flops.gruTraining(100, 8, 128, false) + Flops.denseTraining(128, 1);
  }
}
