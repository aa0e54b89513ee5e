package dev.rnnc.parity;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rnnc.examples.RnncMaskedSentiment;
import dev.rnnc.recurrentoptions.RnncEmbeddingMaskZeroGruSeq;
import dev.rnnc.recurrentoptions.RnncEmbeddingMaskZeroLstm;
import dev.rnnc.recurrentoptions.RnncMaskingLstmStack;
import dev.rnnc.recurrentoptions.RnncSimpleRnnGoBackwardsStack;
import dev.rnnc.testing.ArrayAssert;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Batch calls of LSTM/GRU/SimpleRNN/Dense models (on float input, or after an Embedding; masked or
 * not) run in lockstep chunks of eight samples ({@code runChunk}), single calls one sample at a
 * time: the two paths compute the same function. Batches of 19 cover two full chunks and a partial
 * one (and, inside the kernel, groups of four, two and one); the Keras parity tests check both
 * paths against Keras on the fixtures' batches.
 */
class LockstepBatchTest {
  private static final int SAMPLES = 19;
  private static final double TOLERANCE = 1e-6;

  @Test
  void m1BatchCallsMatchSingleCalls() {
    assertRunsInLockstep(RnncM1.class);
    RnncM1 model = RnncM1.create(11);
    float[][][] batch = FixtureArrays.randomBatch(SAMPLES, 30, 1, 3);
    float[][] returned = model.predict(batch);
    float[][] into = new float[SAMPLES][1];
    model.predictInto(batch, into);
    for (int i = 0; i < SAMPLES; i++) {
      float single = model.predict(batch[i])[0];
      assertEquals(single, returned[i][0], TOLERANCE, "predict(batch), sample " + i);
      assertEquals(single, into[i][0], TOLERANCE, "predictInto(batch), sample " + i);
    }
  }

  @Test
  void sequenceOutputBatchMatchesSingleCalls() {
    RnncLstmSeqOut model = RnncLstmSeqOut.create(12);
    float[][][] batch = FixtureArrays.randomBatch(SAMPLES, 5, 2, 4);
    float[][][] returned = model.predict(batch);
    assertEquals(SAMPLES, returned.length);
    for (int i = 0; i < SAMPLES; i++) {
      float[][] single = model.predict(batch[i]);
      ArrayAssert.assertClose("sample " + i, single, returned[i], TOLERANCE);
    }
  }

  @Test
  void gruBatchCallsMatchSingleCalls() {
    assertRunsInLockstep(RnncGruStack.class);
    RnncGruStack model = RnncGruStack.create(13);
    float[][][] batch = FixtureArrays.randomBatch(SAMPLES, 12, 3, 5);
    float[][] returned = model.predict(batch);
    float[][] into = new float[SAMPLES][2];
    model.predictInto(batch, into);
    for (int i = 0; i < SAMPLES; i++) {
      float[] single = model.predict(batch[i]);
      for (int j = 0; j < 2; j++) {
        assertEquals(
            single[j], returned[i][j], TOLERANCE, "predict(batch), sample " + i + " output " + j);
        assertEquals(
            single[j], into[i][j], TOLERANCE, "predictInto(batch), sample " + i + " output " + j);
      }
    }
  }

  @Test
  void simpleRnnBatchCallsMatchSingleCalls() {
    assertRunsInLockstep(RnncRnnStack.class);
    RnncRnnStack model = RnncRnnStack.create(15);
    assertBatchMatchesSingleCalls(
        model::predict, model::predict, FixtureArrays.randomBatch(SAMPLES, 10, 5, 7));
  }

  @Test
  void panelLayersBatchCallsMatchSingleCalls() {
    assertRunsInLockstep(RnncPanelStack.class);
    RnncPanelStack model = RnncPanelStack.create(16);
    assertBatchMatchesSingleCalls(
        model::predict, model::predict, FixtureArrays.randomBatch(SAMPLES, 6, 4, 8));
  }

  @Test
  void gruWithOtherActivationsAndNoBiasMatchesSingleCalls() {
    assertRunsInLockstep(RnncGruOptions.class);
    RnncGruOptions model = RnncGruOptions.create(14);
    assertBatchMatchesSingleCalls(
        model::predict, model::predict, FixtureArrays.randomBatch(SAMPLES, 6, 4, 6));
  }

  @Test
  void embeddingLstmBatchCallsMatchSingleCalls() {
    assertRunsInLockstep(RnncEmbeddingLstm.class, int[][].class);
    RnncEmbeddingLstm model = RnncEmbeddingLstm.create(17);
    assertBatchMatchesSingleCalls(model::predict, model::predict, randomIds(SAMPLES, 12, 50, 9));
  }

  @Test
  void embeddingGruSequenceBatchCallsMatchSingleCalls() {
    assertRunsInLockstep(RnncEmbeddingGruSeq.class, int[][].class);
    RnncEmbeddingGruSeq model = RnncEmbeddingGruSeq.create(18);
    assertBatchMatchesSingleCalls(model::predict, model::predict, randomIds(SAMPLES, 6, 20, 10));
  }

  @Test
  void maskedEmbeddingLstmBatchCallsMatchSingleCalls() {
    assertRunsInLockstep(RnncEmbeddingMaskZeroLstm.class, int[][].class);
    RnncEmbeddingMaskZeroLstm model = RnncEmbeddingMaskZeroLstm.create(19);
    assertBatchMatchesSingleCalls(model::predict, model::predict, paddedIds(SAMPLES, 10, 30, 11));
  }

  @Test
  void maskedEmbeddingGruSequenceBatchCallsMatchSingleCalls() {
    assertRunsInLockstep(RnncEmbeddingMaskZeroGruSeq.class, int[][].class);
    RnncEmbeddingMaskZeroGruSeq model = RnncEmbeddingMaskZeroGruSeq.create(20);
    assertBatchMatchesSingleCalls(model::predict, model::predict, paddedIds(SAMPLES, 8, 20, 12));
  }

  @Test
  void stackedMaskedLayersBatchCallsMatchSingleCalls() {
    assertRunsInLockstep(RnncMaskedSentiment.class, int[][].class);
    RnncMaskedSentiment model = RnncMaskedSentiment.create(21);
    int[][] batch = paddedIds(SAMPLES, 16, 40, 13);
    float[][] into = new float[SAMPLES][1];
    model.predictInto(batch, into);
    for (int i = 0; i < SAMPLES; i++) {
      assertEquals(model.predict(batch[i])[0], into[i][0], TOLERANCE, "sample " + i);
    }
  }

  @Test
  void backwardsLayerBatchCallsMatchSingleCalls() {
    assertRunsInLockstep(RnncSimpleRnnGoBackwardsStack.class);
    RnncSimpleRnnGoBackwardsStack model = RnncSimpleRnnGoBackwardsStack.create(23);
    assertBatchMatchesSingleCalls(
        model::predict, model::predict, FixtureArrays.randomBatch(SAMPLES, 8, 3, 16));
  }

  @Test
  void maskingLayerBatchCallsMatchSingleCalls() {
    assertRunsInLockstep(RnncMaskingLstmStack.class);
    RnncMaskingLstmStack model = RnncMaskingLstmStack.create(22);
    float[][][] batch = FixtureArrays.randomBatch(SAMPLES, 8, 3, 14);
    // Timesteps of mask value 0: all of sample 0, the start of sample 1, a random third elsewhere
    // (sample 2 none).
    SplittableRandom random = new SplittableRandom(15);
    for (int i = 0; i < SAMPLES; i++) {
      for (int t = 0; t < 8; t++) {
        if (i == 0 || (i == 1 && t < 3) || (i != 2 && random.nextInt(3) == 0)) {
          Arrays.fill(batch[i][t], 0f);
        }
      }
    }
    assertBatchMatchesSingleCalls(model::predict, model::predict, batch);
  }

  /**
   * Ids with padding (0, masked) at random steps, more often than not: sample 0 is all padding,
   * sample 1 starts with it, sample 2 has none, so masked first steps, runs and unmasked samples
   * share chunks.
   */
  private static int[][] paddedIds(int samples, int timesteps, int vocabulary, long seed) {
    int[][] ids = randomIds(samples, timesteps, vocabulary, seed);
    SplittableRandom random = new SplittableRandom(seed + 100);
    for (int i = 0; i < samples; i++) {
      for (int t = 0; t < timesteps; t++) {
        boolean pad = i == 0 || (i == 1 && t < 3) || (i != 2 && random.nextInt(3) == 0);
        ids[i][t] = pad ? 0 : Math.max(1, ids[i][t]);
      }
    }
    return ids;
  }

  /** Token ids in {@code [0, vocabulary)}, 0 included (no mask: it is a token like any other). */
  private static int[][] randomIds(int samples, int timesteps, int vocabulary, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[][] ids = new int[samples][timesteps];
    for (int[] row : ids) {
      for (int t = 0; t < timesteps; t++) {
        row[t] = random.nextInt(vocabulary);
      }
    }
    return ids;
  }

  /** Each sample of {@code batch}: the batch call's output for it equals the single call's. */
  private static <S> void assertBatchMatchesSingleCalls(
      Function<S[], Object[]> batchCall, Function<S, Object> singleCall, S[] batch) {
    Object[] returned = batchCall.apply(batch);
    for (int i = 0; i < batch.length; i++) {
      ArrayAssert.assertClose("sample " + i, singleCall.apply(batch[i]), returned[i], TOLERANCE);
    }
  }

  /**
   * The batch calls of {@code model} have the lockstep path (else both sides above are per sample).
   */
  private static void assertRunsInLockstep(Class<?> model) {
    assertRunsInLockstep(model, float[][][].class);
  }

  private static void assertRunsInLockstep(Class<?> model, Class<?> samples) {
    assertDoesNotThrow(
        () -> workspace(model).getDeclaredMethod("runChunk", samples, int.class, int.class),
        model.getSimpleName() + " has no runChunk: its batch calls go sample by sample");
  }

  /** The generated model's inner class {@code Workspace}, where the layer methods are. */
  private static Class<?> workspace(Class<?> model) throws ClassNotFoundException {
    return Class.forName(model.getName() + "$Workspace", false, model.getClassLoader());
  }
}
