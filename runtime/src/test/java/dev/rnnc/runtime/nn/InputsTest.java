package dev.rnnc.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Call-boundary checks: every message names the parameter, the expected and the actual shape. */
class InputsTest {

  private static String failure(Runnable call) {
    return assertThrows(IllegalArgumentException.class, call::run).getMessage();
  }

  @Test
  void sequenceOfTheWrongLength() {
    assertEquals(
        "window: expected shape (3, 2), got 4 timesteps",
        failure(() -> Inputs.checkSequence(new float[4][2], "window", 3, 2)));
  }

  @Test
  void rowWithTheWrongWidth() {
    float[][] x = {{1, 2}, {1}, {3, 4}};
    assertEquals(
        "window: expected shape (3, 2), timestep 1 has 1 features",
        failure(() -> Inputs.checkSequence(x, "window", 3, 2)));
  }

  @Test
  void nonFiniteInput() {
    float[][] x = {{1, 2}, {1, Float.NaN}};
    assertEquals(
        "x[1][1] is NaN; inputs must be finite", failure(() -> Inputs.checkSequence(x, "x", 2, 2)));
  }

  @Test
  void variableLengthAcceptsAnyPositiveLength() {
    assertEquals(7, Inputs.checkSequence(new float[7][2], "x", Inputs.VARIABLE, 2));
    assertEquals(
        "x: expected shape (None, 2), got 0 timesteps",
        failure(() -> Inputs.checkSequence(new float[0][2], "x", Inputs.VARIABLE, 2)));
  }

  @Test
  void batchNamesTheSample() {
    float[][][] batch = {new float[3][2], new float[3][3]};
    assertEquals(
        "batch[1]: expected shape (3, 2), timestep 0 has 3 features",
        failure(() -> Inputs.checkSequences(batch, "batch", 3, 2)));
    assertEquals(
        "batch is null; expected a batch of shape (batch, 3, 2)",
        failure(() -> Inputs.checkSequences(null, "batch", 3, 2)));
  }

  @Test
  void tokenOutOfRange() {
    assertEquals(
        "ids[2] = 10 is not a token id: expected 0 <= id < 10",
        failure(() -> Inputs.checkTokens(new int[] {1, 2, 10}, "ids", 3, 10)));
    assertEquals(
        "ids[0] = -1 is not a token id: expected 0 <= id < 10",
        failure(() -> Inputs.checkTokens(new int[] {-1, 2, 3}, "ids", 3, 10)));
    assertEquals(
        "batch[1]: expected token ids of shape (3,), got 2",
        failure(() -> Inputs.checkTokenBatch(new int[][] {{1, 2, 3}, {1, 2}}, "batch", 3, 10)));
  }

  @Test
  void outputsOfTheWrongShape() {
    assertEquals(
        "out: expected shape (2,), got (3,)",
        failure(() -> Outputs.checkVector(new float[3], "out", -1, 2)));
    assertEquals(
        "out[4]: expected shape (2,), got null",
        failure(() -> Outputs.checkVector(null, "out", 4, 2)));
    assertEquals(
        "out: expected 3 outputs, one per sample, got 2",
        failure(() -> Outputs.checkBatch(new float[2][], "out", 3)));
    assertEquals(
        "out: expected shape (5, 2), got 4 rows of 2",
        failure(() -> Outputs.checkSequence(new float[4][2], "out", -1, 5, 2)));
  }
}
