package dev.rnnc.recurrentoptions;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * {@code @Bidirectional} against Keras 3.15: forward and backward copies with their own weights (h5
 * {@code forward_layer} / {@code backward_layer}), the backward sequence flipped back to input
 * order, merged by concat, sum, mul or ave; with a mask, both directions output zeros at masked
 * steps when returning sequences (Keras forces {@code zero_output_for_mask}).
 */
class BidirectionalParityTest {

  @TestFactory
  Stream<DynamicTest> lstmEveryMergeMode() {
    return Stream.of(
        bidi(
            "bidi_lstm_concat_seq",
            f -> {
              BidiLstmConcatSeq m = RnncBidiLstmConcatSeq.load(f.weights());
              f.checkFloat(m::predict, m::predict);
            }),
        bidi(
            "bidi_lstm_concat",
            f -> {
              BidiLstmConcat m = RnncBidiLstmConcat.load(f.weights());
              f.checkFloat(m::predict, m::predict);
            }),
        bidi(
            "bidi_lstm_sum_seq",
            f -> {
              BidiLstmSumSeq m = RnncBidiLstmSumSeq.load(f.weights());
              f.checkFloat(m::predict, m::predict);
            }),
        bidi(
            "bidi_lstm_sum",
            f -> {
              BidiLstmSum m = RnncBidiLstmSum.load(f.weights());
              f.checkFloat(m::predict, m::predict);
            }),
        bidi(
            "bidi_lstm_mul_seq",
            f -> {
              BidiLstmMulSeq m = RnncBidiLstmMulSeq.load(f.weights());
              f.checkFloat(m::predict, m::predict);
            }),
        bidi(
            "bidi_lstm_mul",
            f -> {
              BidiLstmMul m = RnncBidiLstmMul.load(f.weights());
              f.checkFloat(m::predict, m::predict);
            }),
        bidi(
            "bidi_lstm_ave_seq",
            f -> {
              BidiLstmAveSeq m = RnncBidiLstmAveSeq.load(f.weights());
              f.checkFloat(m::predict, m::predict);
            }),
        bidi(
            "bidi_lstm_ave",
            f -> {
              BidiLstmAve m = RnncBidiLstmAve.load(f.weights());
              f.checkFloat(m::predict, m::predict);
            }));
  }

  private static DynamicTest bidi(String fixture, ThrowingConsumer<KerasFixture> check) {
    return dynamicTest(fixture, () -> check.accept(KerasFixture.load(fixture)));
  }

  @Test
  void gruResetAfterSequence() throws Exception {
    KerasFixture f = KerasFixture.load("bidi_gru_reset_after");
    RnncBidiGruResetAfter model = RnncBidiGruResetAfter.load(f.weights());
    f.checkFloat(model::predict, model::predict);
  }

  @Test
  void gruResetBeforeSum() throws Exception {
    KerasFixture f = KerasFixture.load("bidi_gru_reset_before");
    RnncBidiGruResetBefore model = RnncBidiGruResetBefore.load(f.weights());
    f.checkFloat(model::predict, model::predict);
  }

  @Test
  void simpleRnnAverage() throws Exception {
    KerasFixture f = KerasFixture.load("bidi_simple_rnn");
    RnncBidiSimpleRnn model = RnncBidiSimpleRnn.load(f.weights());
    f.checkFloat(model::predict, model::predict);
  }

  /** Two wrappers in a row: h5 keys bidirectional and bidirectional_1, matched by name. */
  @Test
  void stackedTwice() throws Exception {
    KerasFixture f = KerasFixture.load("bidi_stacked");
    RnncBidiStacked model = RnncBidiStacked.load(f.weights());
    f.checkFloat(model::predict, model::predict);
  }

  @Test
  void maskedSequence() throws Exception {
    KerasFixture f = KerasFixture.load("bidi_masking");
    RnncBidiMasking model = RnncBidiMasking.load(f.weights());
    f.checkFloat(model::predict, model::predict);
  }

  /** Last output with a mask: the backward half is its state after the first real step. */
  @Test
  void maskedLastOutput() throws Exception {
    KerasFixture f = KerasFixture.load("bidi_masking_last");
    RnncBidiMaskingLast model = RnncBidiMaskingLast.load(f.weights());
    f.checkFloat(model::predict, model::predict);
  }

  @Test
  void maskZeroTokens() throws Exception {
    KerasFixture f = KerasFixture.load("bidi_mask_zero");
    RnncBidiMaskZero model = RnncBidiMaskZero.load(f.weights());
    f.checkTokens(model::predict, model::predict);
  }

  @Test
  void bidirectionalThenLstm() throws Exception {
    KerasFixture f = KerasFixture.load("bidi_lstm_then_lstm");
    RnncBidiLstmThenLstm model = RnncBidiLstmThenLstm.load(f.weights());
    f.checkFloat(model::predict, model::predict);
  }

  /**
   * Embedding(mask_zero) → Bidirectional(LSTM, seq) → TimeDistributed(Dense(softmax)): a padded
   * tagger.
   */
  @Test
  void maskedTagger() throws Exception {
    KerasFixture f = KerasFixture.load("bidi_tagger");
    RnncBidiTagger model = RnncBidiTagger.load(f.weights());
    f.checkTokens(model::predict, model::predict);
  }
}
