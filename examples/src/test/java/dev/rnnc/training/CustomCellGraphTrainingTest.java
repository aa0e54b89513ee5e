package dev.rnnc.training;

import static dev.rnnc.training.TrainingParityTest.floats2;
import static dev.rnnc.training.TrainingParityTest.floats3;
import static dev.rnnc.training.TrainingParityTest.ints2;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Custom cells ({@code TrainableCell}) in graphs in the generated {@code fit}: Keras trajectory
 * parity (tools/goldens/keras_custom_cell_graph_training.py) on inputs of their own lengths, with a
 * custom cell's input gradient added to another reader's, stacked with a built-in cell, and masked.
 * The cell's own backward step is checked against central differences by {@code
 * CellGradientCheckTest}.
 */
class CustomCellGraphTrainingTest {

  @Test
  void aCustomCellBesideAnotherReaderAndInAStackTrainsAsKeras() throws IOException {
    var model = RnncCustomCellGraphTrainingModels_CustomCellGraphAdamMse.create(0);
    TrainingParityTest.check(
        "custom_cell_graph_adam_mse",
        model,
        (f, o) ->
            model.fit(
                floats3(f.get("x").get("left")),
                floats3(f.get("x").get("right")),
                floats2(f.get("y")),
                o));
  }

  @Test
  void aMaskedCustomCellOnATokenInputTrainsAsKeras() throws IOException {
    var model = RnncCustomCellGraphTrainingModels_CustomCellMaskedTokensSgdBce.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "custom_cell_masked_tokens_sgd_bce",
            model,
            (f, o) ->
                model.fit(
                    ints2(f.get("x").get("tokens")),
                    floats3(f.get("x").get("series")),
                    floats2(f.get("y")),
                    o));
    TrainingParityTest.checkEvaluate(
        fixture,
        model.evaluate(
            ints2(fixture.get("x").get("tokens")),
            floats3(fixture.get("x").get("series")),
            floats2(fixture.get("y"))));
  }

  /**
   * One SGD step over one batch against central differences: the LSTM's gradient is the sum of the
   * custom cell's and the GRU's, the stack's custom cell learns through the GRU cell above it.
   */
  @Test
  void oneSgdStepFollowsTheLossesCentralDifferences() {
    java.util.Random random = new java.util.Random(51);
    int samples = 4;
    float[][][] left = new float[samples][4][3];
    float[][][] right = new float[samples][3][2];
    for (int b = 0; b < samples; b++) {
      for (float[] row : left[b]) {
        for (int f = 0; f < row.length; f++) {
          row[f] = (float) random.nextGaussian();
        }
      }
      for (float[] row : right[b]) {
        for (int f = 0; f < row.length; f++) {
          row[f] = (float) random.nextGaussian();
        }
      }
    }
    var model = RnncCustomCellGraphTrainingModels_CustomCellGraphSgd.create(5);
    SgdStepCheck.randomize(model, 53, 0.5);
    // targets near the predictions: a small loss, whose float32 rounding the differences divide
    float[][] y = model.predict(left, right);
    for (float[] row : y) {
      row[0] += (float) (0.3 * random.nextGaussian());
    }
    SgdStepCheck.Result checked =
        SgdStepCheck.check(
            model,
            0.1,
            () ->
                model.fit(
                    left,
                    right,
                    y,
                    new dev.rnnc.runtime.train.FitOptions()
                        .batchSize(samples)
                        .shuffle(false)
                        .verbose(0)),
            () -> model.evaluate(left, right, y).get("loss"),
            100);
    org.junit.jupiter.api.Assertions.assertTrue(
        checked.checked() > 100, "values checked: " + checked);
    System.out.println("CustomCellGraphSgd: " + checked);
  }

  /**
   * A custom decoder cell started by a GRU's final state ({@code @InitialState}): Keras parity, the
   * initial state's gradient flowing back into the GRU's last step.
   */
  @Test
  void aCustomDecoderCellStartedByAGruTrainsAsKeras() throws IOException {
    var model = RnncCustomCellGraphTrainingModels_CustomCellDecoderAdamMse.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "custom_cell_decoder_adam_mse",
            model,
            (f, o) ->
                model.fit(
                    floats3(f.get("x").get("source")),
                    floats3(f.get("x").get("target")),
                    floats2(f.get("y")),
                    o));
    TrainingParityTest.checkEvaluate(
        fixture,
        model.evaluate(
            floats3(fixture.get("x").get("source")),
            floats3(fixture.get("x").get("target")),
            floats2(fixture.get("y"))));
  }

  /**
   * The custom decoder's @InitialState against central differences: one SGD step moves the GRU's
   * weights (reached only through the decoder's initial state) and the decoder's by -learningRate
   * times the loss's derivatives.
   */
  @Test
  void aCustomDecoderCellsInitialStateGradientFollowsCentralDifferences() {
    java.util.Random random = new java.util.Random(47);
    int samples = 10;
    float[][][] source = new float[samples][6][3];
    float[][][] target = new float[samples][4][2];
    float[][] y = new float[samples][1];
    for (int b = 0; b < samples; b++) {
      for (float[] row : source[b]) {
        for (int f = 0; f < row.length; f++) {
          row[f] = (float) random.nextGaussian();
        }
      }
      for (float[] row : target[b]) {
        for (int f = 0; f < row.length; f++) {
          row[f] = (float) random.nextGaussian();
        }
      }
      y[b][0] = (float) random.nextGaussian();
    }
    var model = RnncCustomCellGraphTrainingModels_CustomCellDecoderSgd.create(5);
    SgdStepCheck.randomize(model, 59, 0.5);
    SgdStepCheck.Result checked =
        SgdStepCheck.check(
            model,
            0.1,
            () ->
                model.fit(
                    source,
                    target,
                    y,
                    new dev.rnnc.runtime.train.FitOptions()
                        .batchSize(samples)
                        .shuffle(false)
                        .verbose(0)),
            () -> model.evaluate(source, target, y).get("loss"),
            100);
    org.junit.jupiter.api.Assertions.assertTrue(
        checked.checked() > 50, "values checked: " + checked);
    System.out.println("CustomCellDecoderSgd: " + checked);
  }
}
