package dev.rnnc.recurrentoptions;

import dev.rnnc.testing.ArrayAssert;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code unroll = true} against Keras 3.15, and against rnnc's own looped code: the same
 * architecture declared without {@code unroll}, loaded from the same file, must give bit-identical
 * outputs (Keras' unrolled and looped paths agree exactly on these fixtures too).
 */
class UnrollParityTest {

  @Test
  void lstmUnrolled() throws Exception {
    KerasFixture f = KerasFixture.load("lstm_unroll");
    RnncLstmUnroll unrolled = RnncLstmUnroll.load(f.weights());
    RnncLstmLooped looped = RnncLstmLooped.load(f.weights());
    f.checkFloat(unrolled::predict, unrolled::predict);
    f.checkFloat(looped::predict, looped::predict);

    float[][][] inputs = withRandomSamples(f.floatInput(), 1);
    for (int b = 0; b < inputs.length; b++) {
      ArrayAssert.assertBitIdentical(
          "lstm_unroll, sample " + b + ", looped vs unrolled",
          looped.predict(inputs[b]),
          unrolled.predict(inputs[b]));
    }
    ArrayAssert.assertBitIdentical(
        "lstm_unroll, batch, looped vs unrolled", looped.predict(inputs), unrolled.predict(inputs));
  }

  @Test
  void gruUnrolledSequence() throws Exception {
    KerasFixture f = KerasFixture.load("gru_unroll_seq");
    RnncGruUnrollSeq unrolled = RnncGruUnrollSeq.load(f.weights());
    RnncGruLoopedSeq looped = RnncGruLoopedSeq.load(f.weights());
    f.checkFloat(unrolled::predict, unrolled::predict);
    f.checkFloat(looped::predict, looped::predict);

    float[][][] inputs = withRandomSamples(f.floatInput(), 2);
    for (int b = 0; b < inputs.length; b++) {
      ArrayAssert.assertBitIdentical(
          "gru_unroll_seq, sample " + b + ", looped vs unrolled",
          looped.predict(inputs[b]),
          unrolled.predict(inputs[b]));
    }
    ArrayAssert.assertBitIdentical(
        "gru_unroll_seq, batch, looped vs unrolled",
        looped.predict(inputs),
        unrolled.predict(inputs));
  }

  /** The fixture's samples followed by 16 seeded N(0, 2²) samples of the same shape. */
  private static float[][][] withRandomSamples(float[][][] fixture, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][][] out = new float[fixture.length + 16][][];
    System.arraycopy(fixture, 0, out, 0, fixture.length);
    for (int b = fixture.length; b < out.length; b++) {
      out[b] = new float[fixture[0].length][fixture[0][0].length];
      for (float[] step : out[b]) {
        for (int i = 0; i < step.length; i++) {
          step[i] = (float) (2 * random.nextGaussian());
        }
      }
    }
    return out;
  }
}
