package dev.rnnc.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.function.Function;

/**
 * A golden fixture with an input batch ({@code input}) and Keras' outputs for it ({@code
 * expected}), and the check every such case makes: a model's single-sample calls, its batch call,
 * then its single-sample calls again, each output within {@link FixtureArrays#TOLERANCE} of Keras
 * (see {@link FixtureArrays#assertClose}). Implemented by {@link ParityFixture} and the issue 3
 * {@code KerasFixture}.
 */
public interface BatchFixture {
  /** The case name, first in every failure message. */
  String name();

  /** The fixture's JSON tree. */
  JsonNode root();

  /** The input batch (B, T, F) of a float model. */
  default float[][][] floatInput() {
    return FixtureArrays.floats3(root().get("input"));
  }

  /** The input batch (B, T) of a token model. */
  default int[][] tokenInput() {
    return FixtureArrays.ints2(root().get("input"));
  }

  /** The expected output batch, (B, units) or (B, T, units). */
  default JsonNode expected() {
    return root().get("expected");
  }

  /** How failure messages name sample {@code b}: {@code "sample b"}, plus what a fixture adds. */
  default String sample(int b) {
    return "sample " + b;
  }

  /**
   * Checks a float model against the fixture: every sample through {@code single} (e.g. {@code
   * float[] predict(float[][])}), the whole batch through {@code batch} (e.g. {@code float[][]
   * predict(float[][][])}), then every sample again in reverse order (no state may leak between
   * calls); the input arrays must come back unchanged.
   */
  default void checkFloat(Function<float[][], ?> single, Function<float[][][], ?> batch) {
    checkFloat("", floatInput(), expected(), single, batch);
  }

  /**
   * As {@link #checkFloat(Function, Function)} for another batch of the fixture, e.g. one run of a
   * variable-length fixture.
   *
   * @param where names that batch after the case in failure messages, e.g. {@code " (T=5)"}
   */
  default void checkFloat(
      String where,
      float[][][] input,
      JsonNode expected,
      Function<float[][], ?> single,
      Function<float[][][], ?> batch) {
    float[][][] pristine = FixtureArrays.deepCopy(input);
    checkCalls(where, input, expected, single, batch);
    for (int b = 0; b < input.length; b++) {
      for (int t = 0; t < input[b].length; t++) {
        assertArrayEquals(
            pristine[b][t],
            input[b][t],
            name() + where + ": the call changed input sample " + b + " at timestep " + t);
      }
    }
  }

  /**
   * As {@link #checkFloat(Function, Function)} for a token model, e.g. {@code float[]
   * predict(int[])}.
   */
  default void checkTokens(Function<int[], ?> single, Function<int[][], ?> batch) {
    int[][] input = tokenInput();
    int[][] pristine = Arrays.stream(input).map(int[]::clone).toArray(int[][]::new);
    checkCalls("", input, expected(), single, batch);
    for (int b = 0; b < input.length; b++) {
      assertArrayEquals(pristine[b], input[b], name() + ": the call changed input sample " + b);
    }
  }

  private <S> void checkCalls(
      String where, S[] input, JsonNode expected, Function<S, ?> single, Function<S[], ?> batch) {
    assertEquals(
        expected.size(), input.length, name() + ": fixture input and expected batch sizes differ");
    String context = name() + where;
    for (int b = 0; b < input.length; b++) {
      FixtureArrays.assertClose(
          context + ", " + sample(b) + ", single call", expected.get(b), single.apply(input[b]));
    }
    FixtureArrays.assertClose(context + ", batch call", expected, batch.apply(input));
    for (int b = input.length - 1; b >= 0; b--) {
      FixtureArrays.assertClose(
          context + ", " + sample(b) + ", single call (repeated)",
          expected.get(b),
          single.apply(input[b]));
    }
  }
}
