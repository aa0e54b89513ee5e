package dev.rnnc.recurrentoptions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnnc.parity.BatchFixture;
import dev.rnnc.parity.FixtureArrays;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A Keras golden fixture of issue 3 ({@code /fixtures/<case>.json} beside its weight file, written
 * by {@code tools/goldens/generate.py}) and the comparisons the parity tests make against it: batch
 * fixtures ({@code input}/{@code expected}, with a padding note per sample for masked cases) and
 * stateful fixtures ({@code calls}, consecutive calls on one model).
 *
 * <p>Batch fixtures are checked as {@link BatchFixture} describes; the comparisons are {@link
 * FixtureArrays}': shape first, then the largest element-wise difference {@code |rnnc - keras|} at
 * most {@link FixtureArrays#TOLERANCE}; a failure names the case, the sample (and how it is padded)
 * or the call, and the index and both values of the worst element.
 *
 * @param name the case
 * @param root the fixture's JSON tree
 */
record KerasFixture(String name, JsonNode root) implements BatchFixture {

  /** Reads {@code /fixtures/<name>.json} from the test classpath. */
  static KerasFixture load(String name) {
    return new KerasFixture(name, FixtureArrays.readFixture(name));
  }

  /** The Keras weight file as a file-system path. */
  Path weights() {
    return FixtureArrays.resource(
        root.get("weights").asText(), "missing weight file of fixture " + name);
  }

  /** "sample b", with how the sample is padded when the fixture says so. */
  @Override
  public String sample(int b) {
    JsonNode notes = root.get("samples");
    return "sample " + b + (notes == null ? "" : " (" + notes.get(b).asText() + ")");
  }

  /** One call of a stateful fixture: reset the states first or not, then one chunk (T, F). */
  record Call(boolean resetBefore, float[][] input, JsonNode expected) {}

  /** The consecutive calls of a stateful fixture, in order. */
  List<Call> calls() {
    JsonNode calls = root.get("calls");
    assertNotNull(calls, name + " has no calls (not a stateful fixture)");
    List<Call> result = new ArrayList<>();
    for (JsonNode call : calls) {
      result.add(
          new Call(
              call.get("reset_before").asBoolean(),
              FixtureArrays.floats2(call.get("input")),
              call.get("expected")));
    }
    assertTrue(
        result.stream().anyMatch(Call::resetBefore),
        name + ": a stateful fixture resets at least once");
    assertFalse(result.getFirst().resetBefore(), name + ": the first call runs on fresh states");
    return result;
  }

  /**
   * Checks a stateful model on a fresh instance against the fixture's consecutive calls: each call
   * continues from the states the previous one left ({@code reset} runs where Keras reset them);
   * then resets and replays the whole sequence, which must give the same outputs again.
   */
  void checkStream(Function<float[][], ?> call, Runnable reset) {
    List<Call> calls = calls();
    for (int pass = 0; pass < 2; pass++) {
      if (pass == 1) {
        reset.run();
      }
      for (int i = 0; i < calls.size(); i++) {
        Call c = calls.get(i);
        if (c.resetBefore()) {
          reset.run();
        }
        float[][] pristine = Arrays.stream(c.input()).map(float[]::clone).toArray(float[][]::new);
        FixtureArrays.assertClose(streamContext(i, c, pass), c.expected(), call.apply(c.input()));
        assertArrayEquals(pristine, c.input(), name + ": call " + i + " changed its input");
      }
    }
  }

  /**
   * As {@link #checkStream(Function, Runnable)} for a streaming fixture (one timestep per call):
   * each call's single timestep goes through {@code step}, e.g. {@code float[] step(float[]
   * features)}.
   */
  void checkSteps(Function<float[], ?> step, Runnable reset) {
    List<Call> calls = calls();
    for (int pass = 0; pass < 2; pass++) {
      if (pass == 1) {
        reset.run();
      }
      for (int i = 0; i < calls.size(); i++) {
        Call c = calls.get(i);
        assertEquals(1, c.input().length, name + ": a streaming fixture has one timestep per call");
        if (c.resetBefore()) {
          reset.run();
        }
        float[] features = c.input()[0].clone();
        FixtureArrays.assertClose(streamContext(i, c, pass), c.expected(), step.apply(features));
        assertArrayEquals(c.input()[0], features, name + ": step " + i + " changed its input");
      }
    }
  }

  private String streamContext(int i, Call c, int pass) {
    return name
        + ", call "
        + i
        + (c.resetBefore() ? " (after resetStates)" : "")
        + (pass == 1 ? ", replayed after resetStates" : "");
  }
}
