package dev.rnnc.graphs;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @InitialState} into and out of {@code @Bidirectional} {@code @RNN} stacks against real
 * Keras 3.15.1 functional models (≤ 1e-5; fixtures:
 * tools/goldens/keras_bidirectional_stack_states.py, whose generator checks that the outputs differ
 * from a decoder started from zeros).
 */
class BidirectionalStackStateParityTest {
  @TempDir Path dir;

  private static GraphFixture read(String name) throws IOException {
    return GraphFixture.read("initial_states", name);
  }

  @Test
  void bidirectionalStackStatesStartAnotherBidirectionalStack() throws IOException {
    GraphFixture fixture = read("bidi_stack_into_bidi_stack");
    var model = RnncBidirectionalStackStateModels_BidiStackIntoBidiStack.load(fixture.weights(dir));
    GraphParityTest.check(fixture, (b, f) -> model.predict(f.sequence(b, "x")));
  }

  @Test
  void bidirectionalLstmStatesStartABidirectionalStackByPosition() throws IOException {
    GraphFixture fixture = read("bidi_lstm_into_bidi_stack");
    var model = RnncBidirectionalStackStateModels_BidiLstmIntoBidiStack.load(fixture.weights(dir));
    GraphParityTest.check(fixture, (b, f) -> model.predict(f.sequence(b, "x")));
  }

  @Test
  void bidirectionalStackStatesStartABidirectionalLstm() throws IOException {
    GraphFixture fixture = read("bidi_stack_into_bidi_lstm");
    var model = RnncBidirectionalStackStateModels_BidiStackIntoBidiLstm.load(fixture.weights(dir));
    GraphParityTest.check(fixture, (b, f) -> model.predict(f.sequence(b, "x")));
  }
}
