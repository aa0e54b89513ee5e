package dev.rnnc.training;

import static dev.rnnc.training.TrainingParityTest.floats2;
import static dev.rnnc.training.TrainingParityTest.floats3;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * A multi-input custom cell's final state as a training target: its loss's gradient enters the
 * cell's backward step at the last timestep as the gradient of the state that step wrote, as a
 * one-input cell's does ({@link CustomCellStateTargetsTest}). Keras trajectory parity
 * (tools/goldens/keras_several_outputs_training.py, {@code multi_input_cell_state_targets_sgd}:
 * every per-batch loss, every history entry and the final weights after 3 epochs).
 */
class MultiInputCellStateTargetsTest {

  /**
   * The cell's output is twice its state, so the state's loss entering as the output's gradient
   * would count twice; the second input's gradient trains the Dense projection below.
   */
  @Test
  void aMultiInputCellsFinalStateAsAnOutputTrainsAsKeras() throws IOException {
    var model = RnncCustomCellStateTargetsModels_MultiInputSgd.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "multi_input_cell_state_targets_sgd",
            model,
            (f, o) -> model.fit(first(f), second(f), targets(f), o));
    TrainingParityTest.checkEvaluate(
        fixture, model.evaluate(first(fixture), second(fixture), targets(fixture)));
  }

  @Test
  void aMultiInputCellsFinalStateTrainsAsKerasWithTheBatchSplitAcrossThreads() throws IOException {
    var model = RnncCustomCellStateTargetsModels_MultiInputSgd.create(0);
    TrainingParityTest.check(
        "multi_input_cell_state_targets_sgd",
        model,
        (f, o) -> model.fit(first(f), second(f), targets(f), o.threads(3)));
  }

  private static float[][][] first(JsonNode f) {
    return floats3(f.get("x").get("first"));
  }

  private static float[][][] second(JsonNode f) {
    return floats3(f.get("x").get("second"));
  }

  private static CustomCellStateTargetsModels.MultiInputSgd.Targets targets(JsonNode f) {
    return new CustomCellStateTargetsModels.MultiInputSgd.Targets(
        floats3(f.get("y").get("head")), floats2(f.get("y").get("pairState")));
  }
}
