package dev.rnnc.training;

import static dev.rnnc.training.TrainingParityTest.floats2;
import static dev.rnnc.training.TrainingParityTest.floats3;
import static dev.rnnc.training.TrainingParityTest.ints2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnnc.runtime.train.FitOptions;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code @Shared} layers in the generated {@code fit}: every application's gradient adds into the
 * one set of weights, as a Keras layer object called several times. Keras trajectory parity
 * (tools/goldens/keras_shared_training_parity.py) and one SGD step against central differences of
 * the loss.
 */
class SharedTrainingTest {

  @Test
  void aSharedLstmMaskedOnOneApplicationTrainsAsKeras() throws IOException {
    var model = RnncSharedTrainingModels_SharedLstmMaskedAdamMse.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "shared_lstm_masked_adam_mse",
            model,
            (f, o) ->
                model.fit(
                    floats3(f.get("x").get("left")),
                    floats3(f.get("x").get("right")),
                    floats2(f.get("y")),
                    o));
    TrainingParityTest.checkEvaluate(
        fixture,
        model.evaluate(
            floats3(fixture.get("x").get("left")),
            floats3(fixture.get("x").get("right")),
            floats2(fixture.get("y"))));
  }

  @Test
  void aSharedEmbeddingGruAndDenseTrainAsKeras() throws IOException {
    var model = RnncSharedTrainingModels_SharedEmbeddingGruDenseRmspropBce.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "shared_embedding_gru_dense_rmsprop_bce",
            model,
            (f, o) ->
                model.fit(
                    ints2(f.get("x").get("first")),
                    ints2(f.get("x").get("second")),
                    floats2(f.get("y")),
                    o));
    TrainingParityTest.checkEvaluate(
        fixture,
        model.evaluate(
            ints2(fixture.get("x").get("first")),
            ints2(fixture.get("x").get("second")),
            floats2(fixture.get("y"))));
  }

  @Test
  void sharedLayersWiderThanAPanelTrainAsKeras() throws IOException {
    var model = RnncSharedTrainingModels_SharedWideSgdMomentumMse.create(0);
    TrainingParityTest.check(
        "shared_wide_sgd_momentum_mse",
        model,
        (f, o) ->
            model.fit(
                floats3(f.get("x").get("left")),
                floats3(f.get("x").get("right")),
                floats3(f.get("y")),
                o));
  }

  /**
   * Split across threads (batches of 8 over 3: shards of 3, 3 and 2 samples, the last batch's of 2,
   * 1 and 1), each shard model's applications add into its own shared gradients, which the model
   * sums: still Keras' trajectory.
   */
  @Test
  void sharedLayersTrainAsKerasWithTheBatchSplitAcrossThreads() throws IOException {
    var model = RnncSharedTrainingModels_SharedEmbeddingGruDenseRmspropBce.create(0);
    TrainingParityTest.check(
        "shared_embedding_gru_dense_rmsprop_bce",
        model,
        (f, o) ->
            model.fit(
                ints2(f.get("x").get("first")),
                ints2(f.get("x").get("second")),
                floats2(f.get("y")),
                o.threads(3)));
  }

  /**
   * One SGD step over one batch moves each weight by -learningRate times the derivative of the
   * batch's loss, which central differences of {@code evaluate} give: for the shared weights that
   * is the sum over both applications (one masked), so counting one application, or one twice,
   * fails. Every weight of the small layers is checked, a spread sample of the wide LSTM's.
   */
  @Test
  void oneSgdStepFollowsTheLossesCentralDifferences() {
    Random random = new Random(31);
    int samples = 4;
    float[][][] left = new float[samples][5][3];
    float[][][] right = new float[samples][5][3];
    float[][] y = new float[samples][1];
    for (int b = 0; b < samples; b++) {
      for (int t = 0; t < 5; t++) {
        for (int f = 0; f < 3; f++) {
          left[b][t][f] = (float) random.nextGaussian();
          // padding (zero rows) first in sample 1, last in sample 2: the Masking layer's mask
          boolean padding = b == 1 && t < 2 || b == 2 && t >= 3;
          right[b][t][f] = padding ? 0f : (float) random.nextGaussian();
        }
      }
      y[b][0] = (float) random.nextGaussian();
    }
    var model = RnncSharedTrainingModels_SharedGradientsSgd.create(7);
    SgdStepCheck.Result checked =
        SgdStepCheck.check(
            model,
            0.1,
            () ->
                model.fit(
                    left, right, y, new FitOptions().batchSize(samples).shuffle(false).verbose(0)),
            () -> model.evaluate(left, right, y).get("loss"),
            97);
    assertEquals(7, model.layers().stream().mapToInt(l -> l.variables().size()).sum());
    assertTrue(checked.checked() > 400, "values checked: " + checked);
    System.out.println("SharedGradientsSgd: " + checked);
  }
}
