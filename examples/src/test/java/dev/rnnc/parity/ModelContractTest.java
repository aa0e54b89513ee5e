package dev.rnnc.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.testing.ArrayAssert;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What the generated classes promise besides Keras parity: {@code create(seed)} is reproducible,
 * wrong-shaped input is rejected with the expected shape in the message (and leaves the model
 * usable), and a weight file for another model does not load.
 */
class ModelContractTest {

  // ---- create(seed) -------------------------------------------------------------------------

  @Test
  void createIsDeterministicPerSeed() {
    float[][][] batch = ParityFixture.load("lstm_stack").floatInput();
    float[][] a = RnncLstmStack.create(42).predict(batch);
    float[][] b = RnncLstmStack.create(42).predict(batch);
    for (int i = 0; i < a.length; i++) {
      assertArrayEquals(a[i], b[i], "create(42) twice, sample " + i);
    }
    float[][] one = RnncLstmStack.create(1).predict(batch);
    float[][] two = RnncLstmStack.create(2).predict(batch);
    assertTrue(
        ArrayAssert.maxAbsDifference(one, two) > 1e-4,
        "create(1) and create(2) predict the same: "
            + Arrays.deepToString(one)
            + " vs "
            + Arrays.deepToString(two));
  }

  @Test
  void createIsDeterministicPerSeedForGruAndEmbedding() {
    float[][][] windows = ParityFixture.load("gru_reset_before").floatInput();
    assertEquals(
        0.0,
        ArrayAssert.maxAbsDifference(
            RnncGruResetBefore.create(42).predict(windows),
            RnncGruResetBefore.create(42).predict(windows)));
    assertTrue(
        ArrayAssert.maxAbsDifference(
                RnncGruResetBefore.create(1).predict(windows),
                RnncGruResetBefore.create(2).predict(windows))
            > 1e-4);

    int[][] ids = ParityFixture.load("embedding_gru_seq").tokenInput();
    assertEquals(
        0.0,
        ArrayAssert.maxAbsDifference(
            RnncEmbeddingGruSeq.create(42).predict(ids),
            RnncEmbeddingGruSeq.create(42).predict(ids)));
    assertTrue(
        ArrayAssert.maxAbsDifference(
                RnncEmbeddingGruSeq.create(1).predict(ids),
                RnncEmbeddingGruSeq.create(2).predict(ids))
            > 1e-6);
  }

  @Test
  void createdModelGivesFiniteOutput() {
    float[][] out = RnncM1.create(7).predict(ParityFixture.load("m1").floatInput());
    for (float[] row : out) {
      for (float v : row) {
        assertTrue(Float.isFinite(v), "create(7) output " + Arrays.deepToString(out));
      }
    }
  }

  // ---- wrong shapes -------------------------------------------------------------------------

  @Test
  void wrongTimestepsOrFeaturesAreRejectedWithTheExpectedShape() {
    LstmBasic model = RnncLstmBasic.create(3);
    assertRejected("(8, 3)", () -> model.predict(new float[7][3]));
    assertRejected("(8, 3)", () -> model.predict(new float[9][3]));
    assertRejected("(8, 3)", () -> model.predict(new float[8][2]));
    assertRejected("(8, 3)", () -> model.predict((float[][]) null));
    float[][] ragged = new float[8][3];
    ragged[5] = new float[4];
    assertRejected("(8, 3)", () -> model.predict(ragged));
    assertRejected(
        "8, 3)", () -> model.predict(new float[][][] {new float[8][3], new float[8][4]}));
    assertRejected("8, 3)", () -> model.predict((float[][][]) null));
  }

  @Test
  void wrongOutputArraysAreRejected() {
    LstmBasic model = RnncLstmBasic.create(3);
    assertRejected("(5,)", () -> model.predictInto(new float[8][3], new float[4]));
    assertRejected("(5,)", () -> model.predictInto(new float[8][3], (float[]) null));
    assertThrows(
        IllegalArgumentException.class,
        () -> model.predictInto(new float[2][8][3], new float[3][5]));
    LstmSeqOut seq = RnncLstmSeqOut.create(3);
    assertRejected("(5, 3)", () -> seq.predictInto(new float[5][2], new float[5][4]));
  }

  @Test
  void nonFiniteInputIsRejected() {
    LstmBasic model = RnncLstmBasic.create(3);
    float[][] window = new float[8][3];
    window[2][1] = Float.NaN;
    assertThrows(IllegalArgumentException.class, () -> model.predict(window));
    window[2][1] = Float.POSITIVE_INFINITY;
    assertThrows(IllegalArgumentException.class, () -> model.predict(window));
  }

  @Test
  void wrongTokenInputIsRejected() {
    EmbeddingLstm model = RnncEmbeddingLstm.create(3);
    assertRejected("(12,)", () -> model.predict(new int[11]));
    assertRejected("(12,)", () -> model.predict((int[]) null));
    int[] ids = new int[12];
    ids[4] = 50;
    assertRejected("50", () -> model.predict(ids));
    ids[4] = -1;
    assertRejected("50", () -> model.predict(ids));
    assertRejected("12,)", () -> model.predict(new int[][] {new int[12], new int[13]}));
  }

  @Test
  void variableLengthStillChecksFeatures() {
    VariableLength model = RnncVariableLength.create(3);
    assertRejected("(None, 2)", () -> model.predict(new float[4][3]));
    assertRejected("(None, 2)", () -> model.predict(new float[0][2]));
    assertEquals(2, model.predict(new float[1][2]).length);
    assertEquals(2, model.predict(new float[100][2]).length);
  }

  @Test
  void aRejectedCallLeavesTheModelUsable() throws Exception {
    ParityFixture f = ParityFixture.load("lstm_basic");
    LstmBasic model = RnncLstmBasic.load(f.weights());
    float[][][] input = f.floatInput();
    assertThrows(IllegalArgumentException.class, () -> model.predict(new float[8][2]));
    float[][] bad = FixtureArrays.deepCopy(input)[1];
    bad[7][2] = Float.NaN;
    assertThrows(IllegalArgumentException.class, () -> model.predict(bad));
    FixtureArrays.assertClose(
        "lstm_basic after rejected calls", f.expected().get(0), model.predict(input[0]));
  }

  // ---- weight files -------------------------------------------------------------------------

  @Test
  void aWeightFileForAnotherModelDoesNotLoad() {
    assertThrows(
        IOException.class,
        () -> RnncLstmBasic.load(ParityFixture.resource("gru_reset_after.weights.h5")));
    assertThrows(
        IOException.class,
        () -> RnncLstmStack.load(ParityFixture.resource("lstm_basic.weights.h5")));
    assertThrows(
        IOException.class,
        () -> RnncGruResetAfter.load(ParityFixture.resource("gru_reset_before.weights.h5")));
    assertThrows(
        IOException.class, () -> RnncLstmBasic.load(ParityFixture.resource("lstm_basic.json")));
    assertThrows(
        IOException.class,
        () ->
            RnncLstmBasic.load(
                ParityFixture.resource("lstm_basic.json").resolveSibling("missing.weights.h5")));
  }

  private static void assertRejected(String expectedShape, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(
        e.getMessage() != null && e.getMessage().contains(expectedShape),
        "message should contain \"" + expectedShape + "\": " + e.getMessage());
    assertFalse(e.getMessage().isBlank());
  }
}
