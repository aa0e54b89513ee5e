package dev.rnnc.training;

import static dev.rnnc.training.TrainingParityTest.floats2;
import static dev.rnnc.training.TrainingParityTest.floats3;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Both directions' final states of a {@code @Bidirectional @RNN} of a custom cell as training
 * targets: each state's loss's gradient enters its own direction's backward step at that
 * direction's last step (the backward direction's reads timestep 0) as the gradient of the state
 * that step wrote. Keras trajectory parity (tools/goldens/keras_several_outputs_training.py, {@code
 * bidirectional_cell_state_targets_sgd}: every per-batch loss, every history entry and the final
 * weights after 3 epochs).
 */
class BidirectionalCellStateTargetsTest {

  /**
   * The cell's output is twice its state (a state's loss entering as the output's gradient would
   * count twice); the two states have losses and targets of their own, so a swap shows.
   */
  @Test
  void bothDirectionsFinalStatesAsOutputsTrainAsKeras() throws IOException {
    var model = RnncCustomCellStateTargetsModels_BidirectionalSgd.create(0);
    JsonNode fixture =
        TrainingParityTest.check(
            "bidirectional_cell_state_targets_sgd",
            model,
            (f, o) -> model.fit(floats3(f.get("x").get("x")), targets(f), o));
    TrainingParityTest.checkEvaluate(
        fixture, model.evaluate(floats3(fixture.get("x").get("x")), targets(fixture)));
  }

  @Test
  void bothDirectionsFinalStatesTrainAsKerasWithTheBatchSplitAcrossThreads() throws IOException {
    var model = RnncCustomCellStateTargetsModels_BidirectionalSgd.create(0);
    TrainingParityTest.check(
        "bidirectional_cell_state_targets_sgd",
        model,
        (f, o) -> model.fit(floats3(f.get("x").get("x")), targets(f), o.threads(3)));
  }

  private static CustomCellStateTargetsModels.BidirectionalSgd.Targets targets(JsonNode f) {
    return new CustomCellStateTargetsModels.BidirectionalSgd.Targets(
        floats3(f.get("y").get("head")),
        floats2(f.get("y").get("pairForwardState")),
        floats2(f.get("y").get("pairBackwardState")));
  }
}
