package dev.rnnc.training;

import static dev.rnnc.training.TrainingParityTest.check;
import static dev.rnnc.training.TrainingParityTest.floats2;
import static dev.rnnc.training.TrainingParityTest.floats3;
import static dev.rnnc.training.TrainingParityTest.ints2;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Keras trajectory parity of custom cells trained through their backward steps ({@code
 * MinimalRnnCell}, the Keras guide's cell): each model of {@link CustomCellTrainingModels} starts
 * from the weights real Keras 3.15.1 started from (tools/goldens/keras_custom_cell_training.py) and
 * must end with Keras' loss and metrics per epoch and Keras' final weights, within 1e-4 relative,
 * as {@link TrainingParityTest} checks the built-in layers.
 */
class CustomCellTrainingTest {

  @Test
  void minimalRnnCellAdamMse() throws IOException {
    var model = RnncCustomCellTrainingModels_MinimalAdamMse.create(0);
    check(
        "minimal_rnn_adam_mse",
        model,
        (f, o) -> model.fit(floats3(f.get("x")), floats2(f.get("y")), o));
  }

  @Test
  void backwardsSequenceSgdMse() throws IOException {
    var model = RnncCustomCellTrainingModels_MinimalBackwardsSeqSgdMse.create(0);
    check(
        "minimal_rnn_backwards_seq_sgd_mse",
        model,
        (f, o) -> model.fit(floats3(f.get("x")), floats3(f.get("y")), o));
  }

  @Test
  void stackedAfterAGruCellMaskedBackwardsSgdBinaryCrossentropy() throws IOException {
    var model = RnncCustomCellTrainingModels_StackedGruMinimalMaskedSgdBce.create(0);
    check(
        "stacked_gru_minimal_masked_sgd_bce",
        model,
        (f, o) -> model.fit(ints2(f.get("x")), floats2(f.get("y")), o));
  }

  @Test
  void stackedBeforeAnLstmCellAdamCategoricalCrossentropy() throws IOException {
    var model = RnncCustomCellTrainingModels_StackedMinimalLstmAdamCce.create(0);
    check(
        "stacked_minimal_lstm_adam_cce",
        model,
        (f, o) -> model.fit(floats3(f.get("x")), floats2(f.get("y")), o));
  }

  @Test
  void maskingZeroOutputForMaskRmspropMse() throws IOException {
    var model = RnncCustomCellTrainingModels_MaskingMinimalZeroOutputRmspropMse.create(0);
    check(
        "masking_minimal_zero_output_rmsprop_mse",
        model,
        (f, o) -> model.fit(floats3(f.get("x")), floats2(f.get("y")), o));
  }

  /**
   * A batch split across 3 threads (each shard on cells of its own, with the model's weights)
   * reproduces Keras as one thread does.
   */
  @Test
  void stackedAfterAGruCellOnThreeThreads() throws IOException {
    var model = RnncCustomCellTrainingModels_StackedGruMinimalMaskedSgdBce.create(0);
    check(
        "stacked_gru_minimal_masked_sgd_bce",
        model,
        (f, o) -> model.fit(ints2(f.get("x")), floats2(f.get("y")), o.threads(3)));
  }

  /** Bidirectional(RNN(custom cell)): each direction trains its own cell, as Keras' copy does. */
  @Test
  void bidirectionalMinimalAdamMse() throws IOException {
    var model = RnncCustomCellTrainingModels_BidirectionalMinimalAdamMse.create(0);
    check(
        "bidirectional_minimal_adam_mse",
        model,
        (f, o) -> model.fit(floats3(f.get("x")), floats2(f.get("y")), o));
  }

  @Test
  void bidirectionalStackedMaskedSgdBce() throws IOException {
    var model = RnncCustomCellTrainingModels_BidirectionalStackedMaskedSgdBce.create(0);
    check(
        "bidirectional_stacked_masked_sgd_bce",
        model,
        (f, o) -> model.fit(ints2(f.get("x")), floats2(f.get("y")), o));
  }

  /**
   * The Bidirectional stacks' backward pass against central differences of the loss (one SGD step
   * of the whole batch; masked tokens, padding first and last): every weight of both directions'
   * cells, built-in and custom, moves by -learningRate times its derivative.
   */
  @Test
  void bidirectionalStacksMatchCentralDifferences() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(29);
    int samples = 12;
    int[][] x = new int[samples][6];
    float[][] y = new float[samples][1];
    for (int b = 0; b < samples; b++) {
      for (int t = 0; t < 6; t++) {
        boolean padded = b % 3 == 0 ? t < 1 + b % 4 : b % 3 == 1 && t >= 5 - b % 4;
        x[b][t] = padded ? 0 : 1 + random.nextInt(11);
      }
      y[b][0] = b % 2;
    }
    var model = RnncCustomCellTrainingModels_BidirectionalStackedMaskedSgdBce.create(5);
    SgdStepCheck.randomize(model, 31, 0.5);
    SgdStepCheck.Result checked =
        SgdStepCheck.check(
            model,
            0.5,
            () ->
                model.fit(
                    x,
                    y,
                    new dev.rnnc.runtime.train.FitOptions()
                        .batchSize(samples)
                        .shuffle(false)
                        .verbose(0)),
            () -> model.evaluate(x, y).get("loss"),
            100);
    org.junit.jupiter.api.Assertions.assertTrue(
        checked.checked() > 100, "values checked: " + checked);
    System.out.println("BidirectionalStackedMaskedSgdBce: " + checked);
  }
}
