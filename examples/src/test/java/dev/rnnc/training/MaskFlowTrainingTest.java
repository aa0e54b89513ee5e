package dev.rnnc.training;

import static dev.rnnc.training.TrainingParityTest.floats2;
import static dev.rnnc.training.TrainingParityTest.floats3;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnnc.runtime.train.FitOptions;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Masks that arise inside a model train as Keras': a Masking layer after a learned layer (the mask
 * from that layer's rows; masked timesteps pass no gradient down) and a merge of differently masked
 * inputs (the or of their masks masks what reads the merge and weighs the loss). Keras trajectory
 * parity (tools/goldens/keras_graph_training_parity.py: every per-batch loss, every history entry
 * and the final weights within 1e-4) and one SGD step against central differences.
 */
class MaskFlowTrainingTest {

  @Test
  void maskingAfterALearnedLayerTrainsAsKeras() throws IOException {
    var model = RnncMaskFlowTrainingModels_MaskingAfterLayerAdamMse.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "masking_after_layer_adam_mse",
            model,
            (f, o) -> model.fit(floats3(f.get("x").get("x")), floats2(f.get("y")), o));
    TrainingParityTest.checkEvaluate(
        fixture, model.evaluate(floats3(fixture.get("x").get("x")), floats2(fixture.get("y"))));
  }

  @Test
  void maskingAfterALearnedLayerInAChainTrainsAsKeras() throws IOException {
    var model = RnncMaskFlowTrainingModels_MaskingAfterLayerChain.create(0);
    TrainingParityTest.check(
        "masking_after_layer_adam_mse",
        model,
        (f, o) -> model.fit(floats3(f.get("x").get("x")), floats2(f.get("y")), o));
  }

  @Test
  void maskingAfterALearnedLayerTrainsAsKerasWithTheBatchSplitAcrossThreads() throws IOException {
    var model = RnncMaskFlowTrainingModels_MaskingAfterLayerAdamMse.create(0);
    TrainingParityTest.check(
        "masking_after_layer_adam_mse",
        model,
        (f, o) -> model.fit(floats3(f.get("x").get("x")), floats2(f.get("y")), o.threads(3)));
  }

  @Test
  void aMergeOfDifferentlyMaskedInputsTrainsAsKeras() throws IOException {
    var model = RnncMaskFlowTrainingModels_MergedMasksSgdMse.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "merged_masks_sgd_mse",
            model,
            (f, o) ->
                model.fit(
                    floats3(f.get("x").get("left")),
                    floats3(f.get("x").get("right")),
                    floats3(f.get("y")),
                    o));
    TrainingParityTest.checkEvaluate(
        fixture,
        model.evaluate(
            floats3(fixture.get("x").get("left")),
            floats3(fixture.get("x").get("right")),
            floats3(fixture.get("y"))));
  }

  @Test
  void aMergeOfDifferentlyMaskedInputsTrainsAsKerasWithTheBatchSplitAcrossThreads()
      throws IOException {
    var model = RnncMaskFlowTrainingModels_MergedMasksSgdMse.create(0);
    TrainingParityTest.check(
        "merged_masks_sgd_mse",
        model,
        (f, o) ->
            model.fit(
                floats3(f.get("x").get("left")),
                floats3(f.get("x").get("right")),
                floats3(f.get("y")),
                o.threads(3)));
  }

  /**
   * One SGD step follows central differences of the loss with a Masking after a learned layer and a
   * merge of differently masked inputs (padded timesteps exactly zero, so the masks do not move
   * with the weights): a gradient leaking through a masked timestep, or a mask lost at the merge,
   * fails.
   */
  @Test
  void maskedFlowsFollowCentralDifferences() {
    Random random = new Random(61);
    int samples = 6;
    float[][][] left = new float[samples][5][2];
    float[][][] right = new float[samples][5][3];
    float[][][] y = new float[samples][5][2];
    for (int b = 0; b < samples; b++) {
      for (int t = 0; t < 5; t++) {
        boolean leftReal = t < 5 - b % 3; // padding last
        boolean rightReal = t >= b % 4; // padding first
        for (int f = 0; f < 2; f++) {
          left[b][t][f] = leftReal ? (float) random.nextGaussian() : 0;
          y[b][t][f] = (float) random.nextGaussian() * 0.5f;
        }
        for (int f = 0; f < 3; f++) {
          right[b][t][f] = rightReal ? (float) random.nextGaussian() : 0;
        }
      }
    }
    var model = RnncMaskFlowTrainingModels_MaskFlowGradientsSgd.create(7);
    SgdStepCheck.randomize(model, 17, 0.5);
    SgdStepCheck.Result checked =
        SgdStepCheck.check(
            model,
            0.1,
            () ->
                model.fit(
                    left, right, y, new FitOptions().batchSize(samples).shuffle(false).verbose(0)),
            () -> model.evaluate(left, right, y).get("loss"),
            97);
    assertTrue(checked.checked() > 40, "values checked: " + checked);
    System.out.println("MaskFlowGradientsSgd: " + checked);
  }
}
