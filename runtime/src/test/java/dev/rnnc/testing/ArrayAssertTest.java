package dev.rnnc.testing;

import static dev.rnnc.testing.ArrayAssert.assertBitIdentical;
import static dev.rnnc.testing.ArrayAssert.assertClose;
import static dev.rnnc.testing.ArrayAssert.maxAbsDifference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** {@link ArrayAssert}: shapes at every level, NaN and infinities, the worst element named. */
class ArrayAssertTest {
  private static final double TOLERANCE = 1e-5;

  private static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String failure(Runnable check) {
    return assertThrows(AssertionFailedError.class, check::run).getMessage();
  }

  @Test
  void closeArraysPassAndTheWorstDifferenceIsReturned() {
    float[][] actual = {{1f, 2f}, {3f, 4.000002f}};
    double worst = assertClose("c", json("[[1, 2], [3, 4]]"), actual, TOLERANCE);
    assertEquals(2e-6, worst, 1e-6);
    assertEquals(0.0, maxAbsDifference(actual, actual.clone()));
  }

  @Test
  void theFailureNamesTheWorstElementItsIndexAndHowManyAreOut() {
    String message =
        failure(
            () ->
                assertClose(
                    "case x, sample 1",
                    new float[][] {{0, 0, 0}, {0, 0, 0}},
                    new float[][] {{0, 1e-3f, 0}, {0, 0, -0.5f}},
                    TOLERANCE));
    assertTrue(
        message.startsWith(
            "case x, sample 1: max |actual - expected| = 0.500 > 1.0e-05 at [1, 2] of shape (2, 3)"),
        message);
    assertTrue(
        message.contains("(actual -0.5, expected 0.0); 2 of 6 elements out of tolerance"), message);
  }

  @Test
  void aLongerOrShorterRowAnywhereFails() {
    JsonNode expected = json("[[1, 2], [3, 4]]");
    assertTrue(
        failure(() -> assertClose("c", expected, new float[][] {{1, 2}, {3, 4, 5}}, TOLERANCE))
            .contains("shape differs at index [1]: expected a row of 2, actual a row of 3"));
    assertTrue(
        failure(() -> assertClose("c", expected, new float[][] {{1, 2}, {3, 4}, {5, 6}}, TOLERANCE))
            .contains("shape differs at the top level: expected a row of 2, actual a row of 3"));
    assertTrue(
        failure(() -> assertClose("c", expected, new float[][] {{1, 2}, {3}}, TOLERANCE))
            .contains("shape differs at index [1]"));
    assertTrue(
        failure(() -> maxAbsDifference(new float[][] {{1}, {2}}, new float[][] {{1}, {2, 3}}))
            .contains("shape differs at index [1]"));
    assertTrue(
        failure(() -> assertClose("c", expected, new float[] {1, 2}, TOLERANCE))
            .contains("expected a row of 2 but found a number at [0]"));
    assertTrue(
        failure(() -> assertClose("c", expected, new float[][] {{1, 2}, null}, TOLERANCE))
            .contains("null where a row was expected, at [1]"));
  }

  @Test
  void raggedArraysOfTheSameShapeCompare() {
    assertClose("c", json("[[1], [2, 3]]"), new float[][] {{1}, {2, 3}}, TOLERANCE);
    String message =
        failure(
            () -> assertClose("c", json("[[1], [2, 3]]"), new float[][] {{1}, {2, 4}}, TOLERANCE));
    assertTrue(message.contains("at [1, 1] of shape (2, *)"), message);
  }

  @Test
  void nanMatchesOnlyNan() {
    assertClose("c", new float[] {Float.NaN, 1}, new float[] {Float.NaN, 1}, TOLERANCE);
    assertClose("c", json("[\"NaN\", 1]"), new float[] {Float.NaN, 1}, TOLERANCE);
    assertTrue(
        failure(() -> assertClose("c", new float[] {Float.NaN, 1}, new float[] {0, 1}, TOLERANCE))
            .contains("= Infinity > 1.0e-05 at [0]"));
    assertTrue(
        failure(() -> assertClose("c", new float[] {0, 1}, new float[] {0, Float.NaN}, TOLERANCE))
            .contains("at [1] of shape (2) (actual NaN, expected 1.0)"));
    assertEquals(
        Double.POSITIVE_INFINITY, maxAbsDifference(new float[] {1}, new float[] {Float.NaN}));
    assertEquals(0.0, maxAbsDifference(new float[] {Float.NaN}, new float[] {Float.NaN}));
  }

  @Test
  void anInfinityMatchesOnlyItself() {
    float inf = Float.POSITIVE_INFINITY;
    assertClose("c", new float[] {inf, -inf}, new float[] {inf, -inf}, TOLERANCE);
    assertClose("c", json("[\"Infinity\", \"-Infinity\"]"), new float[] {inf, -inf}, TOLERANCE);
    failure(() -> assertClose("c", new float[] {inf}, new float[] {-inf}, TOLERANCE));
    failure(() -> assertClose("c", new float[] {inf}, new float[] {Float.MAX_VALUE}, TOLERANCE));
  }

  @Test
  void aNonNumericExpectedValueFailsInsteadOfReadingAsZero() {
    assertTrue(
        failure(() -> assertClose("c", json("[0, null]"), new float[] {0, 0}, TOLERANCE))
            .contains("the expected value at [1] is not a number: null"));
    assertTrue(
        failure(() -> assertClose("c", json("[0, \"x\"]"), new float[] {0, 0}, TOLERANCE))
            .contains("is not a number"));
  }

  @Test
  void bitIdenticalMeansTheSameBits() {
    assertBitIdentical("c", new float[][] {{1, Float.NaN}}, new float[][] {{1, Float.NaN}});
    String message =
        failure(() -> assertBitIdentical("c", new float[][] {{1, 0f}}, new float[][] {{1, -0f}}));
    assertTrue(message.startsWith("c: not bit-identical at [0, 1] of shape (1, 2)"), message);
    assertTrue(
        failure(() -> assertBitIdentical("c", new float[] {1}, new float[] {1, 2}))
            .contains("shape differs"));
  }
}
