package dev.rnnc.training;

import static dev.rnnc.training.TrainingParityTest.floats2;
import static dev.rnnc.training.TrainingParityTest.floats3;
import static dev.rnnc.training.TrainingParityTest.ints2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.train.FitOptions;
import java.io.IOException;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * Models with several outputs in the generated {@code fit}: {@code y} a record of one target batch
 * per output, each output's loss (times its weight) summed into the model's loss, each logged as
 * {@code <output>_loss} with its metrics as {@code <output>_<metric>}. Keras trajectory parity
 * (tools/goldens/keras_several_outputs_training.py: every per-batch loss, every history entry and
 * the final weights) and one SGD step against central differences of the weighted loss.
 */
class SeveralOutputsTrainingTest {

  @Test
  void twoDenseHeadsWithTheirOwnLossesWeightsAndMetricsTrainAsKeras() throws IOException {
    var model = RnncSeveralOutputsTrainingModels_TwoHeadsAdam.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "two_heads_adam",
            model,
            (f, o) -> model.fit(floats3(f.get("x").get("x")), twoHeads(f), o));
    TrainingParityTest.checkEvaluate(
        fixture, model.evaluate(floats3(fixture.get("x").get("x")), twoHeads(fixture)));
  }

  @Test
  void twoHeadsTrainAsKerasWithTheBatchSplitAcrossThreads() throws IOException {
    var model = RnncSeveralOutputsTrainingModels_TwoHeadsAdam.create(0);
    TrainingParityTest.check(
        "two_heads_adam",
        model,
        (f, o) -> model.fit(floats3(f.get("x").get("x")), twoHeads(f), o.threads(3)));
  }

  @Test
  void bothDirectionsOfAMergeNoneLayerAsTheOutputsTrainAsKeras() throws IOException {
    var model = RnncSeveralOutputsTrainingModels_DirectionsRmsprop.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "directions_rmsprop",
            model,
            (f, o) -> model.fit(floats3(f.get("x").get("x")), directions(f), o));
    TrainingParityTest.checkEvaluate(
        fixture, model.evaluate(floats3(fixture.get("x").get("x")), directions(fixture)));
  }

  @Test
  void aMaskedHeadBesideTheBackwardDirectionTrainsAsKeras() throws IOException {
    var model = RnncSeveralOutputsTrainingModels_MaskedHeadAndDirectionSgd.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "masked_head_and_direction_sgd",
            model,
            (f, o) -> model.fit(ints2(f.get("x").get("x")), maskedHead(f), o));
    TrainingParityTest.checkEvaluate(
        fixture, model.evaluate(ints2(fixture.get("x").get("x")), maskedHead(fixture)));
  }

  /**
   * Outputs that other layers read too: each one's loss's gradient adds to what its readers send
   * back (an LSTM's sequence read by a GRU; a softmax head, its loss from its logits, read by a
   * linear head).
   */
  @Test
  void outputsOtherLayersReadTrainAsKeras() throws IOException {
    var model = RnncSeveralOutputsTrainingModels_ReadOutputsAdam.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "read_outputs_adam",
            model,
            (f, o) -> model.fit(floats3(f.get("x").get("x")), readOutputs(f), o));
    TrainingParityTest.checkEvaluate(
        fixture, model.evaluate(floats3(fixture.get("x").get("x")), readOutputs(fixture)));
  }

  @Test
  void outputsOtherLayersReadTrainAsKerasWithTheBatchSplitAcrossThreads() throws IOException {
    var model = RnncSeveralOutputsTrainingModels_ReadOutputsAdam.create(0);
    TrainingParityTest.check(
        "read_outputs_adam",
        model,
        (f, o) -> model.fit(floats3(f.get("x").get("x")), readOutputs(f), o.threads(3)));
  }

  /** An LSTM's final h and c as outputs, on a masked input: their losses' gradients enter BPTT. */
  @Test
  void finalStatesAsOutputsTrainAsKeras() throws IOException {
    var model = RnncSeveralOutputsTrainingModels_StateTargetsSgd.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "state_targets_sgd",
            model,
            (f, o) -> model.fit(floats3(f.get("x").get("x")), stateTargets(f), o));
    TrainingParityTest.checkEvaluate(
        fixture, model.evaluate(floats3(fixture.get("x").get("x")), stateTargets(fixture)));
  }

  @Test
  void finalStatesAsOutputsTrainAsKerasWithTheBatchSplitAcrossThreads() throws IOException {
    var model = RnncSeveralOutputsTrainingModels_StateTargetsSgd.create(0);
    TrainingParityTest.check(
        "state_targets_sgd",
        model,
        (f, o) -> model.fit(floats3(f.get("x").get("x")), stateTargets(f), o.threads(3)));
  }

  @Test
  void aBidirectionalLayersFinalStatesAsOutputsTrainAsKeras() throws IOException {
    var model = RnncSeveralOutputsTrainingModels_BidirectionalStateTargetsRmsprop.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "bidirectional_state_targets_rmsprop",
            model,
            (f, o) -> model.fit(floats3(f.get("x").get("x")), bidirectionalStates(f), o));
    TrainingParityTest.checkEvaluate(
        fixture, model.evaluate(floats3(fixture.get("x").get("x")), bidirectionalStates(fixture)));
  }

  /**
   * An {@code @RNN} stack's final states as outputs: each loss's gradient enters its cell's last
   * step.
   */
  @Test
  void aStacksFinalStatesAsOutputsTrainAsKeras() throws IOException {
    var model = RnncSeveralOutputsTrainingModels_RnnStackStateTargetsAdam.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "rnn_stack_state_targets_adam",
            model,
            (f, o) -> model.fit(floats3(f.get("x").get("x")), stackStates(f), o));
    TrainingParityTest.checkEvaluate(
        fixture, model.evaluate(floats3(fixture.get("x").get("x")), stackStates(fixture)));
  }

  /**
   * h_n and c_n of an @RNN whose cells differ in width: each row its own cell's width, the loss the
   * mean over the rows of each row's, each row's gradient into its own cell's last step (Keras: a
   * cell's state per output, weighted by the component's weight over the rows).
   */
  @Test
  void raggedHnAndCnOfAStackTrainAsKeras() throws IOException {
    var model = RnncSeveralOutputsTrainingModels_RnnStackRaggedStateTargetsAdam.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "rnn_stack_ragged_state_targets_adam",
            model,
            (f, o) -> model.fit(floats3(f.get("x").get("x")), raggedStackStates(f), o));
    TrainingParityTest.checkEvaluate(
        fixture, model.evaluate(floats3(fixture.get("x").get("x")), raggedStackStates(fixture)));
  }

  @Test
  void aBidirectionalStacksFinalStatesAsOutputsTrainAsKeras() throws IOException {
    var model = RnncSeveralOutputsTrainingModels_BidirectionalStackStateTargetsRmsprop.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "bidirectional_stack_state_targets_rmsprop",
            model,
            (f, o) -> model.fit(floats3(f.get("x").get("x")), bidirectionalStackStates(f), o));
    TrainingParityTest.checkEvaluate(
        fixture,
        model.evaluate(floats3(fixture.get("x").get("x")), bidirectionalStackStates(fixture)));
  }

  /**
   * One SGD step follows central differences of the weighted loss when outputs are read by other
   * layers too (an LSTM's sequence, a sigmoid head under binary cross-entropy from its logits) and
   * final states are outputs (an LSTM's c, a Bidirectional GRU's backward h): a loss gradient
   * overwritten by a reader's, or a state's loss left out of BPTT, fails.
   */
  @Test
  void readOutputsAndStateOutputsFollowCentralDifferences() {
    Random random = new Random(59);
    int samples = 5;
    float[][][] x = new float[samples][4][2];
    float[][][] encoder = new float[samples][4][3];
    float[][] encoderC = new float[samples][3];
    float[][] pairBackwardH = new float[samples][2];
    float[][] flag = new float[samples][1];
    float[][] steps = new float[samples][2];
    for (int b = 0; b < samples; b++) {
      for (int t = 0; t < 4; t++) {
        for (int f = 0; f < 2; f++) {
          x[b][t][f] = (float) random.nextGaussian();
        }
        for (int j = 0; j < 3; j++) {
          encoder[b][t][j] = (float) random.nextGaussian() * 0.5f;
        }
      }
      for (int j = 0; j < 3; j++) {
        encoderC[b][j] = (float) random.nextGaussian() * 0.5f;
      }
      for (int j = 0; j < 2; j++) {
        pairBackwardH[b][j] = (float) random.nextGaussian() * 0.5f;
        steps[b][j] = (float) random.nextGaussian() * 0.5f;
      }
      flag[b][0] = b % 2;
    }
    var y =
        new SeveralOutputsTrainingModels.ReadAndStateGradientsSgd.Targets(
            encoder, encoderC, pairBackwardH, flag, steps);
    var model = RnncSeveralOutputsTrainingModels_ReadAndStateGradientsSgd.create(7);
    SgdStepCheck.randomize(model, 13, 0.5);
    assertFollowsCentralDifferences(
        "ReadAndStateGradientsSgd",
        model,
        () -> model.fit(x, y, new FitOptions().batchSize(samples).shuffle(false).verbose(0)),
        () -> model.evaluate(x, y).get("loss"));
  }

  /**
   * One SGD step follows central differences of the weighted loss when an {@code @RNN}'s h_n and
   * c_n have rows of different widths (cells of 4 and 3 units): a row's gradient sent to the other
   * cell fails. (What each row's loss is, its width's mean, is pinned by the Keras parity test
   * above: a loss and gradient both taken over the widest row would agree with each other here.)
   */
  @Test
  void raggedStateOutputsFollowCentralDifferences() {
    Random random = new Random(61);
    int samples = 5;
    int[] widths = {4, 3};
    float[][][] x = new float[samples][5][2];
    float[][] out = new float[samples][1];
    float[][][] hn = new float[samples][2][];
    float[][][] cn = new float[samples][2][];
    for (int b = 0; b < samples; b++) {
      for (int t = 0; t < 5; t++) {
        for (int f = 0; f < 2; f++) {
          x[b][t][f] = (float) random.nextGaussian();
        }
      }
      out[b][0] = (float) random.nextGaussian() * 0.5f;
      for (int r = 0; r < 2; r++) {
        hn[b][r] = new float[widths[r]];
        cn[b][r] = new float[widths[r]];
        for (int j = 0; j < widths[r]; j++) {
          hn[b][r][j] = (float) random.nextGaussian() * 0.5f;
          // near 2, beyond every c this model reaches: MAE's kink at c = target stays outside
          // the differences' steps (with targets among the c, one bias's quotient straddled it)
          cn[b][r][j] = 2f + (float) random.nextGaussian() * 0.1f;
        }
      }
    }
    var y = new SeveralOutputsTrainingModels.RnnStackRaggedStateTargetsSgd.Targets(out, hn, cn);
    var model = RnncSeveralOutputsTrainingModels_RnnStackRaggedStateTargetsSgd.create(3);
    SgdStepCheck.randomize(model, 17, 0.5);
    assertFollowsCentralDifferences(
        "RnnStackRaggedStateTargetsSgd",
        model,
        () -> model.fit(x, y, new FitOptions().batchSize(samples).shuffle(false).verbose(0)),
        () -> model.evaluate(x, y).get("loss"));
  }

  /** Keras refuses class_weight for a model with several outputs; so does rnnc, before any step. */
  @Test
  void classWeightIsRefusedAsKerasRefusesIt() throws IOException {
    var model = RnncSeveralOutputsTrainingModels_TwoHeadsAdam.create(0);
    JsonNode fixture = TrainingParityTest.read("two_heads_adam");
    float[] before = model.layer("tags").variable("kernel").get();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                model.fit(
                    floats3(fixture.get("x").get("x")),
                    twoHeads(fixture),
                    new FitOptions().batchSize(8).verbose(0).classWeight(Map.of(0, 2.0))));
    assertTrue(e.getMessage().contains("several outputs"), e.getMessage());
    assertTrue(java.util.Arrays.equals(before, model.layer("tags").variable("kernel").get()));
  }

  /** A component of the wrong length is named in the error, before any step. */
  @Test
  void aTargetBatchOfTheWrongSizeIsNamed() throws IOException {
    var model = RnncSeveralOutputsTrainingModels_TwoHeadsAdam.create(0);
    JsonNode fixture = TrainingParityTest.read("two_heads_adam");
    float[][] tags = floats2(fixture.get("y").get("tags"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                model.fit(
                    floats3(fixture.get("x").get("x")),
                    new SeveralOutputsTrainingModels.TwoHeadsAdam.Targets(
                        tags, java.util.Arrays.copyOf(floats2(fixture.get("y").get("score")), 3)),
                    new FitOptions().batchSize(8).verbose(0)));
    assertEquals("y.score() has 3 samples, x has 20: they must match", e.getMessage());
  }

  /**
   * One SGD step over one batch moves each weight by -learningRate times the derivative of the
   * weighted sum of the three outputs' losses (binary cross-entropy from a sigmoid head's logits,
   * MSE of a sequence head weighted 2.5, MAE of a backward direction weighted 0.25), which central
   * differences of {@code evaluate}'s loss give: a missing output, a weight left out of the
   * gradient or applied twice fails.
   */
  @Test
  void oneSgdStepFollowsTheWeightedLossesCentralDifferences() {
    Random random = new Random(53);
    int samples = 5;
    float[][][] x = new float[samples][4][2];
    float[][] flag = new float[samples][1];
    float[][][] steps = new float[samples][4][2];
    float[][] pairBackward = new float[samples][2];
    for (int b = 0; b < samples; b++) {
      for (int t = 0; t < 4; t++) {
        for (int f = 0; f < 2; f++) {
          x[b][t][f] = (float) random.nextGaussian();
          steps[b][t][f] = (float) random.nextGaussian() * 0.5f;
        }
      }
      flag[b][0] = b % 2;
      pairBackward[b][0] = (float) random.nextGaussian();
      pairBackward[b][1] = (float) random.nextGaussian();
    }
    var y = new SeveralOutputsTrainingModels.GradientsSgd.Targets(flag, steps, pairBackward);
    var model = RnncSeveralOutputsTrainingModels_GradientsSgd.create(7);
    SgdStepCheck.randomize(model, 11, 0.5);
    assertFollowsCentralDifferences(
        "SeveralOutputsGradientsSgd",
        model,
        () -> model.fit(x, y, new FitOptions().batchSize(samples).shuffle(false).verbose(0)),
        () -> model.evaluate(x, y).get("loss"));
  }

  /**
   * One SGD step (rate 0.1) of {@code model} against central differences of its loss, about 97
   * values of each variable, more than 60 in all; prints the check's table under {@code name}.
   */
  private static void assertFollowsCentralDifferences(
      String name, RnncModel model, Runnable fitOneBatch, DoubleSupplier loss) {
    SgdStepCheck.Result checked = SgdStepCheck.check(model, 0.1, fitOneBatch, loss, 97);
    assertTrue(checked.checked() > 60, "values checked: " + checked);
    System.out.println(name + ": " + checked);
  }

  private static SeveralOutputsTrainingModels.TwoHeadsAdam.Targets twoHeads(JsonNode f) {
    return new SeveralOutputsTrainingModels.TwoHeadsAdam.Targets(
        floats2(f.get("y").get("tags")), floats2(f.get("y").get("score")));
  }

  private static SeveralOutputsTrainingModels.ReadOutputsAdam.Targets readOutputs(JsonNode f) {
    return new SeveralOutputsTrainingModels.ReadOutputsAdam.Targets(
        floats3(f.get("y").get("encoder")),
        floats2(f.get("y").get("tags")),
        floats2(f.get("y").get("score")));
  }

  private static SeveralOutputsTrainingModels.StateTargetsSgd.Targets stateTargets(JsonNode f) {
    return new SeveralOutputsTrainingModels.StateTargetsSgd.Targets(
        floats3(f.get("y").get("head")),
        floats2(f.get("y").get("encoderH")),
        floats2(f.get("y").get("encoderC")));
  }

  private static SeveralOutputsTrainingModels.BidirectionalStateTargetsRmsprop.Targets
      bidirectionalStates(JsonNode f) {
    return new SeveralOutputsTrainingModels.BidirectionalStateTargetsRmsprop.Targets(
        floats2(f.get("y").get("out")),
        floats2(f.get("y").get("pairForwardH")),
        floats2(f.get("y").get("pairBackwardH")));
  }

  private static SeveralOutputsTrainingModels.RnnStackStateTargetsAdam.Targets stackStates(
      JsonNode f) {
    return new SeveralOutputsTrainingModels.RnnStackStateTargetsAdam.Targets(
        floats2(f.get("y").get("out")),
        floats2(f.get("y").get("encoderH0")),
        floats2(f.get("y").get("encoderC0")),
        floats2(f.get("y").get("encoderH1")));
  }

  private static SeveralOutputsTrainingModels.RnnStackRaggedStateTargetsAdam.Targets
      raggedStackStates(JsonNode f) {
    return new SeveralOutputsTrainingModels.RnnStackRaggedStateTargetsAdam.Targets(
        floats2(f.get("y").get("out")),
        floats3(f.get("y").get("encoderHN")),
        floats3(f.get("y").get("encoderCN")));
  }

  private static SeveralOutputsTrainingModels.BidirectionalStackStateTargetsRmsprop.Targets
      bidirectionalStackStates(JsonNode f) {
    return new SeveralOutputsTrainingModels.BidirectionalStackStateTargetsRmsprop.Targets(
        floats2(f.get("y").get("out")),
        floats2(f.get("y").get("pairForwardH0")),
        floats2(f.get("y").get("pairBackwardC1")));
  }

  private static SeveralOutputsTrainingModels.DirectionsRmsprop.Targets directions(JsonNode f) {
    return new SeveralOutputsTrainingModels.DirectionsRmsprop.Targets(
        floats3(f.get("y").get("encoderForward")), floats3(f.get("y").get("encoderBackward")));
  }

  private static SeveralOutputsTrainingModels.MaskedHeadAndDirectionSgd.Targets maskedHead(
      JsonNode f) {
    return new SeveralOutputsTrainingModels.MaskedHeadAndDirectionSgd.Targets(
        ints2(f.get("y").get("head")), floats3(f.get("y").get("encoderBackward")));
  }
}
