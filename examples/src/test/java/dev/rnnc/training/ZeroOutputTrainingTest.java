package dev.rnnc.training;

import static dev.rnnc.training.TrainingParityTest.floats2;
import static dev.rnnc.training.TrainingParityTest.floats3;
import static dev.rnnc.training.TrainingParityTest.ints2;

import dev.rnnc.annotations.Cell;
import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.GRUCell;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTMCell;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.RNN;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * {@code zeroOutputForMask} without {@code returnSequences} in the generated {@code fit}: Keras'
 * last output is zeros where the last processed step is masked (and gets no gradient), the states
 * carried as always. Trajectory parity with real Keras 3.15.1
 * (tools/goldens/keras_training_parity.py) for a masked @RNN of built-in cells (padding last) and a
 * backwards GRU (padding first).
 */
class ZeroOutputTrainingTest {

  @RnnModel(input = @Input(timesteps = 6, dtype = Input.Dtype.INT32))
  @Compile(
      optimizer = "sgd",
      learningRate = 0.5,
      loss = "binary_crossentropy",
      metrics = "accuracy")
  interface ZeroOutputStackSgdBce {
    @Embedding(inputDim = 12, outputDim = 4, maskZero = true)
    Layer embed();

    @RNN(
        cells = {@Cell(type = LSTMCell.class, units = 4), @Cell(type = GRUCell.class, units = 3)},
        zeroOutputForMask = true)
    Layer stack();

    @Dense(units = 1, activation = "sigmoid")
    Layer head();

    History fit(int[][] x, float[][] y, FitOptions options);
  }

  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mean_squared_error", metrics = "mae")
  interface ZeroOutputBackwardsAdamMse {
    @Masking
    Layer padding();

    @GRU(units = 4, goBackwards = true, zeroOutputForMask = true)
    Layer gru();

    @Dense(units = 1)
    Layer head();

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  @Test
  void maskedStackOfBuiltInCellsAsKeras() throws IOException {
    var model = RnncZeroOutputTrainingTest_ZeroOutputStackSgdBce.create(0);
    TrainingParityTest.check(
        "zero_output_stack_sgd_bce",
        model,
        (f, o) -> model.fit(ints2(f.get("x")), floats2(f.get("y")), o));
  }

  @Test
  void maskedBackwardsGruAsKeras() throws IOException {
    var model = RnncZeroOutputTrainingTest_ZeroOutputBackwardsAdamMse.create(0);
    TrainingParityTest.check(
        "zero_output_backwards_adam_mse",
        model,
        (f, o) -> model.fit(floats3(f.get("x")), floats2(f.get("y")), o));
  }
}
