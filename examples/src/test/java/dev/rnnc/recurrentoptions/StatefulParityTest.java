package dev.rnnc.recurrentoptions;

import dev.rnnc.parity.FixtureArrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stateful and streaming models against Keras 3.15: a fixture is a sequence of {@code predict}
 * calls on one Keras model with {@code batch_shape = (1, T, F)}; each call starts from the states
 * the previous one left, and {@code reset_state()} on every stateful layer zeroes them. A freshly
 * loaded rnnc model must give the same outputs call after call, and again after {@code
 * resetStates()}.
 */
class StatefulParityTest {

  @Test
  void lstmChunks() throws Exception {
    KerasFixture f = KerasFixture.load("stateful_lstm");
    RnncStatefulLstm model = RnncStatefulLstm.load(f.weights());
    f.checkStream(model::predict, model::resetStates);
  }

  @Test
  void gruSequenceChunks() throws Exception {
    KerasFixture f = KerasFixture.load("stateful_gru_seq");
    RnncStatefulGruSeq model = RnncStatefulGruSeq.load(f.weights());
    f.checkStream(model::predict, model::resetStates);
  }

  /** {@code step} 10 times, reset, 3 more steps. */
  @Test
  void lstmStreaming() throws Exception {
    KerasFixture f = KerasFixture.load("streaming_lstm");
    RnncStreamingLstm model = RnncStreamingLstm.load(f.weights());
    f.checkSteps(model::step, model::resetStates);
  }

  /** Two stateful layers (GRU → SimpleRNN): resetStates resets both. */
  @Test
  void stackStreaming() throws Exception {
    KerasFixture f = KerasFixture.load("streaming_stack");
    RnncStreamingStack model = RnncStreamingStack.load(f.weights());
    f.checkSteps(model::step, model::resetStates);
  }

  /** Each instance carries its own stream: interleaved calls on two instances do not mix. */
  @Test
  void instancesKeepSeparateStates() throws Exception {
    KerasFixture f = KerasFixture.load("streaming_lstm");
    RnncStreamingLstm first = RnncStreamingLstm.load(f.weights());
    RnncStreamingLstm second = RnncStreamingLstm.load(f.weights());
    List<KerasFixture.Call> calls = f.calls();
    for (int i = 0; i < calls.size(); i++) {
      KerasFixture.Call c = calls.get(i);
      if (c.resetBefore()) {
        first.resetStates();
        second.resetStates();
      }
      FixtureArrays.assertClose(
          "streaming_lstm, first instance, step " + i, c.expected(), first.step(c.input()[0]));
      FixtureArrays.assertClose(
          "streaming_lstm, second instance, step " + i, c.expected(), second.step(c.input()[0]));
    }
  }
}
