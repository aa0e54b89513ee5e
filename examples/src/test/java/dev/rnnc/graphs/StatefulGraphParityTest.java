package dev.rnnc.graphs;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graph models with stateful layers reproduce a stream of consecutive calls on the same functional
 * model in real Keras 3.15.1 (≤ 1e-5): states carry over between calls, {@code resetStates()}
 * matches {@code model.reset_states()}, and states passed by {@code @InitialState} replace the
 * carried ones on every call, as Keras' {@code initial_state} does.
 */
class StatefulGraphParityTest {
  @TempDir Path dir;

  @Test
  void twoStatefulBranchesCarryTheirStates() throws IOException {
    GraphFixture fixture = GraphFixture.read("stateful_two_branches");
    var model = RnncStatefulGraphModels_TwoBranches.load(fixture.weights(dir));
    float[] out = new float[2];
    for (int b = 0; b < fixture.samples(); b++) {
      if (fixture.resetBefore(b)) {
        model.resetStates();
      }
      if (b % 2 == 0) {
        fixture.assertOutput(b, model.predict(fixture.sequence(b, "a"), fixture.sequence(b, "b")));
      } else {
        model.predictInto(fixture.sequence(b, "a"), fixture.sequence(b, "b"), out);
        fixture.assertOutput(b, out);
      }
    }
  }

  @Test
  void initialStatesReplaceCarriedStatesOnEveryCall() throws IOException {
    GraphFixture fixture = GraphFixture.read("stateful_decoder_initial_state");
    var model = RnncStatefulGraphModels_DecoderWithInitialState.load(fixture.weights(dir));
    for (int b = 0; b < fixture.samples(); b++) {
      if (fixture.resetBefore(b)) {
        model.resetStates();
      }
      fixture.assertOutput(b, model.predict(fixture.sequence(b, "a"), fixture.sequence(b, "b")));
    }
  }
}
