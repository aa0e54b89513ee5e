package dev.rnnc.recurrentoptions;

import org.junit.jupiter.api.Test;

/**
 * {@code goBackwards} against Keras 3.15: the layer reads t = T-1 … 0; a sequence output stays in
 * that processing order (Keras does not flip it back), the last output is the one after reading
 * {@code x[0]}.
 */
class GoBackwardsParityTest {

  @Test
  void lstmLastOutput() throws Exception {
    KerasFixture f = KerasFixture.load("lstm_go_backwards");
    RnncLstmGoBackwards model = RnncLstmGoBackwards.load(f.weights());
    f.checkFloat(model::predict, model::predict);
  }

  @Test
  void gruSequenceInProcessingOrder() throws Exception {
    KerasFixture f = KerasFixture.load("gru_go_backwards_seq");
    RnncGruGoBackwardsSeq model = RnncGruGoBackwardsSeq.load(f.weights());
    f.checkFloat(model::predict, model::predict);
  }

  /** The forward LSTM reads the backward layer's outputs in their processing (reversed) order. */
  @Test
  void simpleRnnBackwardsUnderForwardLstm() throws Exception {
    KerasFixture f = KerasFixture.load("simple_rnn_go_backwards_stack");
    RnncSimpleRnnGoBackwardsStack model = RnncSimpleRnnGoBackwardsStack.load(f.weights());
    f.checkFloat(model::predict, model::predict);
  }
}
