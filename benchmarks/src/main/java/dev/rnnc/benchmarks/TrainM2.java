package dev.rnnc.benchmarks;

import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;

/**
 * M2 trained: 200 token ids → Embedding(10000, 64) → LSTM(128) → Dense(1, sigmoid), Adam (rate
 * 0.001), binary cross-entropy (from the logits, as Keras on TensorFlow computes it behind a
 * sigmoid). Adam updates the whole table every step, as Keras and {@code torch.optim.Adam} over a
 * dense {@code nn.Embedding} do. The peers in {@code tools/bench/train_peers.py} build the same
 * model.
 */
@RnnModel(input = @Input(timesteps = 200, dtype = Input.Dtype.INT32))
@Compile(optimizer = "adam", loss = "binary_crossentropy")
public interface TrainM2 {
  @Embedding(inputDim = 10000, outputDim = 64)
  Layer embedding();

  @LSTM(units = 128)
  Layer lstm();

  @Dense(units = 1, activation = "sigmoid")
  Layer out();

  History fit(int[][] x, float[][] y, FitOptions options);

  /**
   * Floating-point operations of one training step per sample (forward and backward; the lookup and
   * the table's gradient, a scatter-add, count none).
   */
  static double trainingFlops() {
    return Flops.lstmTraining(200, 64, 128, true) + Flops.denseTraining(128, 1);
  }
}
