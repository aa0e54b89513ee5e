package dev.rnnc.recurrentoptions;

import org.junit.jupiter.api.Test;

/**
 * Masking against Keras 3.15 ({@code @Masking} on float input, {@code @Embedding(maskZero = true)}
 * on token ids). Every fixture batch holds five samples: unpadded, right-padded, left-padded, with
 * interior gaps, and fully padded. At a masked step the states are carried unchanged and the output
 * repeats the previous one (zeros before the first real step), or is zero with {@code
 * zeroOutputForMask}; the mask passes through a {@code returnSequences} layer to the next.
 */
class MaskingParityTest {

  @Test
  void lstmSequence() throws Exception {
    KerasFixture f = KerasFixture.load("masking_lstm_seq");
    RnncMaskingLstmSeq model = RnncMaskingLstmSeq.load(f.weights());
    f.checkFloat(model::predict, model::predict);
  }

  @Test
  void gruLastOutput() throws Exception {
    KerasFixture f = KerasFixture.load("masking_gru");
    RnncMaskingGru model = RnncMaskingGru.load(f.weights());
    f.checkFloat(model::predict, model::predict);
  }

  @Test
  void zeroOutputForMaskSequence() throws Exception {
    KerasFixture f = KerasFixture.load("masking_zero_output_seq");
    RnncMaskingZeroOutputSeq model = RnncMaskingZeroOutputSeq.load(f.weights());
    f.checkFloat(model::predict, model::predict);
  }

  /**
   * Keras honours zero_output_for_mask without return_sequences too: a right-padded row gives
   * zeros.
   */
  @Test
  void zeroOutputForMaskLastOutput() throws Exception {
    KerasFixture f = KerasFixture.load("masking_zero_output_last");
    RnncMaskingZeroOutputLast model = RnncMaskingZeroOutputLast.load(f.weights());
    f.checkFloat(model::predict, model::predict);
  }

  @Test
  void gruResetBeforeZeroOutputForMaskSequence() throws Exception {
    KerasFixture f = KerasFixture.load("masking_gru_zero_output_seq");
    RnncMaskingGruZeroOutputSeq model = RnncMaskingGruZeroOutputSeq.load(f.weights());
    f.checkFloat(model::predict, model::predict);
  }

  /** Keras 3.15 semantics: the mask reaches the second LSTM (3.16-dev would drop it). */
  @Test
  void maskPropagatesThroughAStack() throws Exception {
    KerasFixture f = KerasFixture.load("masking_lstm_stack");
    RnncMaskingLstmStack model = RnncMaskingLstmStack.load(f.weights());
    f.checkFloat(model::predict, model::predict);
  }

  /** The mask is reversed together with the input. */
  @Test
  void simpleRnnGoBackwardsSequence() throws Exception {
    KerasFixture f = KerasFixture.load("masking_simple_rnn_go_backwards");
    RnncMaskingSimpleRnnGoBackwards model = RnncMaskingSimpleRnnGoBackwards.load(f.weights());
    f.checkFloat(model::predict, model::predict);
  }

  @Test
  void gruGoBackwardsLastOutput() throws Exception {
    KerasFixture f = KerasFixture.load("masking_gru_go_backwards");
    RnncMaskingGruGoBackwards model = RnncMaskingGruGoBackwards.load(f.weights());
    f.checkFloat(model::predict, model::predict);
  }

  /** maskValue = -1: steps of -1 are masked, all-zero steps and partly -1 steps are real. */
  @Test
  void maskValueMinusOne() throws Exception {
    KerasFixture f = KerasFixture.load("masking_value_minus_one");
    RnncMaskingValueMinusOne model = RnncMaskingValueMinusOne.load(f.weights());
    f.checkFloat(model::predict, model::predict);
  }

  @Test
  void embeddingMaskZeroLstm() throws Exception {
    KerasFixture f = KerasFixture.load("embedding_mask_zero_lstm");
    RnncEmbeddingMaskZeroLstm model = RnncEmbeddingMaskZeroLstm.load(f.weights());
    f.checkTokens(model::predict, model::predict);
  }

  @Test
  void embeddingMaskZeroGruSequenceTagger() throws Exception {
    KerasFixture f = KerasFixture.load("embedding_mask_zero_gru_seq");
    RnncEmbeddingMaskZeroGruSeq model = RnncEmbeddingMaskZeroGruSeq.load(f.weights());
    f.checkTokens(model::predict, model::predict);
  }
}
