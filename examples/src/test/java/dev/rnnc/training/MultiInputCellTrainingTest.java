package dev.rnnc.training;

import static dev.rnnc.training.TrainingParityTest.floats2;
import static dev.rnnc.training.TrainingParityTest.floats3;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnnc.runtime.train.FitOptions;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A custom cell reading two inputs per timestep ({@code TrainableMultiInputCell}: the Keras guide's
 * NestedCell, and a two-input MinimalRNNCell whose output reads its state) in the generated {@code
 * fit}: Keras trajectory parity (tools/goldens/keras_multi_input_cell_training.py: per-batch
 * losses, history and final weights within {@link TrainingParityTest}'s tolerance over 3 epochs),
 * and one SGD step against central differences. The cell's own backward step is checked by {@code
 * CellGradientCheckTest}.
 */
class MultiInputCellTrainingTest {

  @Test
  void aTwoInputCellBetweenLayersThatLearnTrainsAsKeras() throws IOException {
    var model = RnncMultiInputCellTrainingModels_MultiInputCellAdamMse.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "multi_input_cell_adam_mse",
            model,
            (f, o) ->
                model.fit(
                    floats3(f.get("x").get("first")),
                    floats3(f.get("x").get("second")),
                    floats2(f.get("y")),
                    o));
    TrainingParityTest.checkEvaluate(
        fixture,
        model.evaluate(
            floats3(fixture.get("x").get("first")),
            floats3(fixture.get("x").get("second")),
            floats2(fixture.get("y"))));
  }

  @Test
  void aTwoInputCellGoingBackwardsOverAModelInputTrainsAsKeras() throws IOException {
    var model = RnncMultiInputCellTrainingModels_MultiInputCellBackwardsSgdMse.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "multi_input_cell_backwards_sgd_mse",
            model,
            (f, o) ->
                model.fit(
                    floats3(f.get("x").get("first")),
                    floats3(f.get("x").get("second")),
                    floats2(f.get("y")),
                    o));
    TrainingParityTest.checkEvaluate(
        fixture,
        model.evaluate(
            floats3(fixture.get("x").get("first")),
            floats3(fixture.get("x").get("second")),
            floats2(fixture.get("y"))));
  }

  @Test
  void aTwoInputCellWhoseOutputReadsItsStateTrainsAsKeras() throws IOException {
    var model = RnncMultiInputCellTrainingModels_MultiInputMinimalAdamMse.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "multi_input_minimal_adam_mse",
            model,
            (f, o) ->
                model.fit(
                    floats3(f.get("x").get("first")),
                    floats3(f.get("x").get("second")),
                    floats2(f.get("y")),
                    o));
    TrainingParityTest.checkEvaluate(
        fixture,
        model.evaluate(
            floats3(fixture.get("x").get("first")),
            floats3(fixture.get("x").get("second")),
            floats2(fixture.get("y"))));
  }

  /**
   * A stateful two-input cell: each batch's samples continue the streams their positions left in
   * the previous batch (across epochs too), on one thread and on three.
   */
  @Test
  void aStatefulTwoInputCellCarriesItsStatesAcrossBatchesAsKeras() throws IOException {
    for (int threads : new int[] {1, 3}) {
      var model = RnncMultiInputCellTrainingModels_MultiInputMinimalStatefulSgdMse.create(0);
      TrainingParityTest.check(
          "multi_input_minimal_stateful_sgd_mse",
          model,
          (f, o) ->
              model.fit(
                  floats3(f.get("x").get("first")),
                  floats3(f.get("x").get("second")),
                  floats2(f.get("y")),
                  o.threads(threads)));
    }
  }

  /** The stateful fixture depends on the carried states: the layer starting at zeros fails. */
  @Test
  void theStatefulFixtureTellsAStatelessTwinApart() {
    var twin = RnncMultiInputCellTrainingModels_MultiInputMinimalStatelessSgdMse.create(0);
    AssertionError error =
        assertThrows(
            AssertionError.class,
            () ->
                TrainingParityTest.check(
                    "multi_input_minimal_stateful_sgd_mse",
                    twin,
                    (f, o) ->
                        twin.fit(
                            floats3(f.get("x").get("first")),
                            floats3(f.get("x").get("second")),
                            floats2(f.get("y")),
                            o)));
    assertTrue(error.getMessage().contains("batch 2 of epoch 1"), error.getMessage());
  }

  /**
   * A two-input cell started by a GRU's final state ({@code @InitialState}): Keras parity, the
   * initial state's gradient flowing back into the GRU's last step.
   */
  @Test
  void aTwoInputCellStartedByAGruTrainsAsKeras() throws IOException {
    var model = RnncMultiInputCellTrainingModels_MultiInputMinimalDecoderAdamMse.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "multi_input_minimal_decoder_adam_mse",
            model,
            (f, o) ->
                model.fit(
                    floats3(f.get("x").get("source")),
                    floats3(f.get("x").get("first")),
                    floats3(f.get("x").get("second")),
                    floats2(f.get("y")),
                    o));
    TrainingParityTest.checkEvaluate(
        fixture,
        model.evaluate(
            floats3(fixture.get("x").get("source")),
            floats3(fixture.get("x").get("first")),
            floats3(fixture.get("x").get("second")),
            floats2(fixture.get("y"))));
  }

  /**
   * One SGD step against central differences through a two-input cell going backwards whose output
   * reads its state: the gradient goes back through the timesteps into both inputs' layers, the
   * LSTM's added to that of a GRU reading the same sequence.
   */
  @Test
  void oneSgdStepThroughTheStatesFollowsTheLossesCentralDifferences() {
    Random random = new Random(65);
    int samples = 4;
    float[][][] first = gaussian(random, samples, 4, 3);
    float[][][] second = gaussian(random, samples, 4, 2);
    var model = RnncMultiInputCellTrainingModels_MultiInputMinimalSgd.create(5);
    SgdStepCheck.randomize(model, 67, 0.5);
    float[][] y = model.predict(first, second);
    for (float[] row : y) {
      row[0] += (float) (0.3 * random.nextGaussian());
    }
    SgdStepCheck.Result checked =
        SgdStepCheck.check(
            model,
            0.1,
            () ->
                model.fit(
                    first,
                    second,
                    y,
                    new FitOptions().batchSize(samples).shuffle(false).verbose(0)),
            () -> model.evaluate(first, second, y).get("loss"),
            100);
    assertTrue(checked.checked() > 100, "values checked: " + checked);
    System.out.println("MultiInputMinimalSgd: " + checked);
  }

  /**
   * One SGD step over one batch against central differences: the cell's weights, and the LSTM's and
   * the Dense's below it, reached through each of the cell's two input gradients.
   */
  @Test
  void oneSgdStepFollowsTheLossesCentralDifferences() {
    Random random = new Random(61);
    int samples = 4;
    float[][][] first = gaussian(random, samples, 4, 3);
    float[][][] second = gaussian(random, samples, 4, 2);
    var model = RnncMultiInputCellTrainingModels_MultiInputCellSgd.create(5);
    SgdStepCheck.randomize(model, 63, 0.5);
    // targets near the predictions: a small loss, whose float32 rounding the differences divide
    float[][] y = model.predict(first, second);
    for (float[] row : y) {
      row[0] += (float) (0.3 * random.nextGaussian());
    }
    SgdStepCheck.Result checked =
        SgdStepCheck.check(
            model,
            0.1,
            () ->
                model.fit(
                    first,
                    second,
                    y,
                    new FitOptions().batchSize(samples).shuffle(false).verbose(0)),
            () -> model.evaluate(first, second, y).get("loss"),
            100);
    assertTrue(checked.checked() > 100, "values checked: " + checked);
    System.out.println("MultiInputCellSgd: " + checked);
  }

  private static float[][][] gaussian(Random random, int samples, int timesteps, int features) {
    float[][][] x = new float[samples][timesteps][features];
    for (float[][] sample : x) {
      for (float[] row : sample) {
        for (int f = 0; f < features; f++) {
          row[f] = (float) random.nextGaussian();
        }
      }
    }
    return x;
  }
}
