package dev.rnnc.training;

import static dev.rnnc.training.TrainingParityTest.floats2;
import static dev.rnnc.training.TrainingParityTest.floats3;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * A custom cell's final state as a training target: its loss's gradient enters the cell's backward
 * step at the last timestep as the gradient of the states that step wrote. Keras trajectory parity
 * (tools/goldens/keras_several_outputs_training.py: every per-batch loss, every history entry and
 * the final weights after 3 epochs, as {@link SeveralOutputsTrainingTest} checks them).
 */
class CustomCellStateTargetsTest {

  /** On a masked input: the final state is the last real step's. */
  @Test
  void aCustomCellsFinalStateAsAnOutputTrainsAsKeras() throws IOException {
    var model = RnncCustomCellStateTargetsModels_MaskedSgd.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "custom_cell_state_targets_sgd",
            model,
            (f, o) -> model.fit(floats3(f.get("x").get("x")), masked(f), o));
    TrainingParityTest.checkEvaluate(
        fixture, model.evaluate(floats3(fixture.get("x").get("x")), masked(fixture)));
  }

  @Test
  void aCustomCellsFinalStateTrainsAsKerasWithTheBatchSplitAcrossThreads() throws IOException {
    var model = RnncCustomCellStateTargetsModels_MaskedSgd.create(0);
    TrainingParityTest.check(
        "custom_cell_state_targets_sgd",
        model,
        (f, o) -> model.fit(floats3(f.get("x").get("x")), masked(f), o.threads(3)));
  }

  /** The custom cell after a GRU cell, going backwards, beside the GRU cell's own final state. */
  @Test
  void aStackedCustomCellsFinalStateAsAnOutputTrainsAsKeras() throws IOException {
    var model = RnncCustomCellStateTargetsModels_StackAdam.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "custom_cell_stack_state_targets_adam",
            model,
            (f, o) -> model.fit(floats3(f.get("x").get("x")), stack(f), o));
    TrainingParityTest.checkEvaluate(
        fixture, model.evaluate(floats3(fixture.get("x").get("x")), stack(fixture)));
  }

  /**
   * A cell whose output is twice its state: the final state's loss gradient must enter the last
   * step as the state's gradient (as the output's it would count twice, which MinimalRNNCell, whose
   * output is its state, cannot show).
   */
  @Test
  void theFinalStatesGradientEntersAsTheStatesNotTheOutputs() throws IOException {
    var model = RnncCustomCellStateTargetsModels_DoubledSgd.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "doubled_cell_state_targets_sgd",
            model,
            (f, o) -> model.fit(floats3(f.get("x").get("x")), doubled(f), o));
    TrainingParityTest.checkEvaluate(
        fixture, model.evaluate(floats3(fixture.get("x").get("x")), doubled(fixture)));
  }

  private static CustomCellStateTargetsModels.MaskedSgd.Targets masked(JsonNode f) {
    return new CustomCellStateTargetsModels.MaskedSgd.Targets(
        floats3(f.get("y").get("head")), floats2(f.get("y").get("encoderState")));
  }

  private static CustomCellStateTargetsModels.StackAdam.Targets stack(JsonNode f) {
    return new CustomCellStateTargetsModels.StackAdam.Targets(
        floats2(f.get("y").get("out")),
        floats2(f.get("y").get("encoderH0")),
        floats2(f.get("y").get("encoderState1")));
  }

  private static CustomCellStateTargetsModels.DoubledSgd.Targets doubled(JsonNode f) {
    return new CustomCellStateTargetsModels.DoubledSgd.Targets(
        floats3(f.get("y").get("head")), floats2(f.get("y").get("encoderState")));
  }
}
