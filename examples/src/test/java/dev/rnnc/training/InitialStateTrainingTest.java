package dev.rnnc.training;

import static dev.rnnc.training.TrainingParityTest.floats2;
import static dev.rnnc.training.TrainingParityTest.floats3;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * {@code @InitialState} in the generated {@code fit} beyond plain layers of one kind: Keras
 * trajectory parity (tools/goldens/keras_initial_states_training.py) for states into and out of
 * {@code @RNN} stacks of built-in cells (matched by position, as Keras) and Bidirectional layers
 * with backward layers of another kind. Each initial state's gradient flows back into the final
 * step of the run that produced it, which one SGD step checks against central differences.
 */
class InitialStateTrainingTest {

  @Test
  void anLstmsStatesStartAStackOfGruCellsAsKeras() throws IOException {
    var model = RnncInitialStateTrainingModels_LstmIntoGruStackAdamMse.create(0);
    TrainingParityTest.check(
        "lstm_into_gru_stack_adam_mse",
        model,
        (f, o) -> model.fit(floats3(f.get("x").get("x")), floats3(f.get("y")), o));
  }

  @Test
  void aMaskedStacksStatesStartAStackGoingBackwardsAsKeras() throws IOException {
    var model = RnncInitialStateTrainingModels_StackIntoStackMaskedSgdMse.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "stack_into_stack_masked_sgd_mse",
            model,
            (f, o) -> model.fit(floats3(f.get("x").get("x")), floats2(f.get("y")), o));
    TrainingParityTest.checkEvaluate(
        fixture, model.evaluate(floats3(fixture.get("x").get("x")), floats2(fixture.get("y"))));
  }

  @Test
  void bidirectionalLayersWithBackwardLayersPassStatesAsKeras() throws IOException {
    var model =
        RnncInitialStateTrainingModels_BidirectionalBackwardLayersStatesRmspropMse.create(0);
    TrainingParityTest.check(
        "bidirectional_backward_layers_states_rmsprop_mse",
        model,
        (f, o) -> model.fit(floats3(f.get("x").get("x")), floats2(f.get("y")), o));
  }

  @Test
  void statesFromABidirectionalLayerIntoAStackAndBackAsKeras() throws IOException {
    var model = RnncInitialStateTrainingModels_BidirectionalAndStackStatesAdamMse.create(0);
    TrainingParityTest.check(
        "bidirectional_and_stack_states_adam_mse",
        model,
        (f, o) -> model.fit(floats3(f.get("x").get("x")), floats2(f.get("y")), o));
  }

  @Test
  void aBidirectionalStacksStatesStartAnotherAsKeras() throws IOException {
    var model = RnncInitialStateTrainingModels_BidirectionalStacksStatesAdamMse.create(0);
    TrainingParityTest.check(
        "bidirectional_stacks_states_adam_mse",
        model,
        (f, o) -> model.fit(floats3(f.get("x").get("x")), floats3(f.get("y")), o));
  }

  /**
   * One SGD step over one batch against central differences of the loss: the gradients of the
   * decoder's initial states reach the stack's last step, the stack's initial states' reach the
   * masked encoder's, forward and backward layer alike.
   */
  @Test
  void oneSgdStepFollowsTheLossesCentralDifferences() {
    java.util.Random random = new java.util.Random(41);
    int samples = 4;
    float[][][] x = new float[samples][3][3];
    for (int b = 0; b < samples; b++) {
      for (int t = 0; t < 3; t++) {
        // padding (zero rows) first in sample 1, last in sample 2: the encoder's mask
        boolean padding = b == 1 && t < 1 || b == 2 && t >= 2;
        for (int f = 0; f < 3; f++) {
          x[b][t][f] = padding ? 0f : (float) random.nextGaussian();
        }
      }
    }
    var model = RnncInitialStateTrainingModels_InitialStateGradientsSgd.create(3);
    SgdStepCheck.randomize(model, 43, 0.5);
    // targets near the predictions: a small loss, whose float32 rounding the differences divide
    float[][] y = model.predict(x);
    for (float[] row : y) {
      row[0] += (float) (0.3 * random.nextGaussian());
    }
    SgdStepCheck.Result checked =
        SgdStepCheck.check(
            model,
            0.1,
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
        checked.checked() > 200, "values checked: " + checked);
    System.out.println("InitialStateGradientsSgd: " + checked);
  }
}
