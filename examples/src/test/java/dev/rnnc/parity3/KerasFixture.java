package dev.rnnc.parity3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Keras golden fixture of issue 3 ({@code /fixtures/<case>.json} beside its weight file,
 * written by {@code tools/goldens/generate.py}) and the comparisons the parity tests make
 * against it: batch fixtures ({@code input}/{@code expected}, with a padding note per sample for
 * masked cases) and stateful fixtures ({@code calls}, consecutive calls on one model).
 *
 * <p>Every comparison asserts the shape first, then that the largest element-wise difference
 * {@code |rnnc - keras|} is at most {@link #TOLERANCE}; a failure names the case, the sample (and
 * how it is padded) or the call, and the index and both values of the worst element.
 */
final class KerasFixture {
  /** The largest accepted absolute difference per element. Never loosen it to make a test pass. */
  static final double TOLERANCE = 1e-5;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final JsonNode root;

  private KerasFixture(String name, JsonNode root) {
    this.name = name;
    this.root = root;
  }

  /** Reads {@code /fixtures/<name>.json} from the test classpath. */
  static KerasFixture load(String name) {
    try (InputStream in = KerasFixture.class.getResourceAsStream("/fixtures/" + name + ".json")) {
      assertNotNull(in, "missing fixture /fixtures/" + name + ".json (run tools/goldens/generate.py)");
      JsonNode root = JSON.readTree(in);
      assertEquals(name, root.get("case").asText(), "fixture file and case name differ");
      return new KerasFixture(name, root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fixture " + name, e);
    }
  }

  String name() {
    return name;
  }

  /** The Keras weight file as a file-system path. */
  Path weights() {
    URL url = KerasFixture.class.getResource("/fixtures/" + root.get("weights").asText());
    assertNotNull(url, "missing weight file of fixture " + name);
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The input batch (B, T, F) of a float model. */
  float[][][] floatInput() {
    return floats3(root.get("input"));
  }

  /** The input batch (B, T) of a token model. */
  int[][] tokenInput() {
    return ints2(root.get("input"));
  }

  /** The expected output batch, (B, units) or (B, T, units). */
  JsonNode expected() {
    return root.get("expected");
  }

  /** "sample b", with how the sample is padded when the fixture says so. */
  private String sample(int b) {
    JsonNode notes = root.get("samples");
    return "sample " + b + (notes == null ? "" : " (" + notes.get(b).asText() + ")");
  }

  /** A single-sample call on float input, e.g. {@code float[] predict(float[][])}. */
  @FunctionalInterface
  interface SampleCall {
    Object apply(float[][] sample);
  }

  /** A batch call on float input, e.g. {@code float[][] predict(float[][][])}. */
  @FunctionalInterface
  interface BatchCall {
    Object apply(float[][][] batch);
  }

  /** A single-sample call on token ids, e.g. {@code float[] predict(int[])}. */
  @FunctionalInterface
  interface TokenCall {
    Object apply(int[] ids);
  }

  /** A batch call on token ids, e.g. {@code float[][] predict(int[][])}. */
  @FunctionalInterface
  interface TokenBatchCall {
    Object apply(int[][] batch);
  }

  /** One timestep of a streaming model: {@code float[] step(float[] features)}. */
  @FunctionalInterface
  interface StepCall {
    Object apply(float[] features);
  }

  /**
   * Checks a float model against the fixture: every sample through {@code sample}, the whole batch
   * through {@code batch}, then every sample again in reverse order (no state may leak between
   * calls); the input arrays must come back unchanged.
   */
  void checkFloat(SampleCall sample, BatchCall batch) {
    float[][][] input = floatInput();
    float[][][] pristine = deepCopy(input);
    JsonNode expected = expected();
    assertEquals(expected.size(), input.length, name + ": fixture input and expected batch sizes differ");
    for (int b = 0; b < input.length; b++) {
      assertClose(name + ", " + sample(b) + ", single call", expected.get(b), sample.apply(input[b]));
    }
    assertClose(name + ", batch call", expected, batch.apply(input));
    for (int b = input.length - 1; b >= 0; b--) {
      assertClose(name + ", " + sample(b) + ", single call (repeated)", expected.get(b), sample.apply(input[b]));
    }
    for (int b = 0; b < input.length; b++) {
      for (int t = 0; t < input[b].length; t++) {
        assertArrayEquals(pristine[b][t], input[b][t], name + ": the call changed input sample " + b + " at timestep " + t);
      }
    }
  }

  /** As {@link #checkFloat(SampleCall, BatchCall)} for a token model. */
  void checkTokens(TokenCall sample, TokenBatchCall batch) {
    int[][] input = tokenInput();
    int[][] pristine = Arrays.stream(input).map(int[]::clone).toArray(int[][]::new);
    JsonNode expected = expected();
    assertEquals(expected.size(), input.length, name + ": fixture input and expected batch sizes differ");
    for (int b = 0; b < input.length; b++) {
      assertClose(name + ", " + sample(b) + ", single call", expected.get(b), sample.apply(input[b]));
    }
    assertClose(name + ", batch call", expected, batch.apply(input));
    for (int b = input.length - 1; b >= 0; b--) {
      assertClose(name + ", " + sample(b) + ", single call (repeated)", expected.get(b), sample.apply(input[b]));
    }
    for (int b = 0; b < input.length; b++) {
      assertArrayEquals(pristine[b], input[b], name + ": the call changed input sample " + b);
    }
  }

  /** One call of a stateful fixture: reset the states first or not, then one chunk (T, F). */
  record Call(boolean resetBefore, float[][] input, JsonNode expected) {}

  /** The consecutive calls of a stateful fixture, in order. */
  List<Call> calls() {
    JsonNode calls = root.get("calls");
    assertNotNull(calls, name + " has no calls (not a stateful fixture)");
    List<Call> result = new ArrayList<>();
    for (JsonNode call : calls) {
      result.add(new Call(call.get("reset_before").asBoolean(), floats2(call.get("input")), call.get("expected")));
    }
    assertTrue(result.stream().anyMatch(Call::resetBefore), name + ": a stateful fixture resets at least once");
    assertFalse(result.getFirst().resetBefore(), name + ": the first call runs on fresh states");
    return result;
  }

  /**
   * Checks a stateful model on a fresh instance against the fixture's consecutive calls: each
   * call continues from the states the previous one left ({@code reset} runs where Keras reset
   * them); then resets and replays the whole sequence, which must give the same outputs again.
   */
  void checkStream(SampleCall call, Runnable reset) {
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
        assertClose(streamContext(i, c, pass), c.expected(), call.apply(c.input()));
        assertArrayEquals(pristine, c.input(), name + ": call " + i + " changed its input");
      }
    }
  }

  /**
   * As {@link #checkStream(SampleCall, Runnable)} for a streaming fixture (one timestep per call):
   * each call's single timestep goes through {@code step}.
   */
  void checkSteps(StepCall step, Runnable reset) {
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
        assertClose(streamContext(i, c, pass), c.expected(), step.apply(features));
        assertArrayEquals(c.input()[0], features, name + ": step " + i + " changed its input");
      }
    }
  }

  private String streamContext(int i, Call c, int pass) {
    return name + ", call " + i + (c.resetBefore() ? " (after resetStates)" : "")
        + (pass == 1 ? ", replayed after resetStates" : "");
  }

  /**
   * Asserts that {@code actual} (a {@code float[]}, {@code float[][]} or {@code float[][][]}) has
   * the shape of the JSON array {@code expected} and lies within {@link #TOLERANCE} of it
   * everywhere.
   *
   * @param context names the case and sample in the failure message
   */
  static void assertClose(String context, JsonNode expected, Object actual) {
    assertNotNull(actual, context + ": the call returned null");
    List<Integer> expectedShape = new ArrayList<>();
    List<Double> expectedValues = new ArrayList<>();
    flattenJson(expected, 0, expectedShape, expectedValues);
    List<Integer> actualShape = new ArrayList<>();
    List<Double> actualValues = new ArrayList<>();
    flattenArray(context, actual, 0, actualShape, actualValues);
    assertEquals(shape(expectedShape), shape(actualShape), context + ": output shape");

    double worst = -1;
    int worstIndex = -1;
    for (int i = 0; i < expectedValues.size(); i++) {
      double a = actualValues.get(i);
      double error = Math.abs(a - expectedValues.get(i));
      if (Double.isNaN(a) || error > worst) {
        worst = Double.isNaN(a) ? Double.POSITIVE_INFINITY : error;
        worstIndex = i;
        if (Double.isNaN(a)) {
          break;
        }
      }
    }
    if (worst > TOLERANCE) {
      fail("%s: max |rnnc - keras| = %.3g > %.0e at index %s of %s (rnnc %s, keras %s)".formatted(
          context, worst, TOLERANCE, index(worstIndex, expectedShape), shape(expectedShape),
          actualValues.get(worstIndex), expectedValues.get(worstIndex)));
    }
  }

  /**
   * Asserts that two outputs of the same shape hold the same float bits everywhere, naming the
   * first element that differs.
   */
  static void assertBitIdentical(String context, Object expected, Object actual) {
    List<Integer> expectedShape = new ArrayList<>();
    List<Double> expectedValues = new ArrayList<>();
    flattenArray(context, expected, 0, expectedShape, expectedValues);
    List<Integer> actualShape = new ArrayList<>();
    List<Double> actualValues = new ArrayList<>();
    flattenArray(context, actual, 0, actualShape, actualValues);
    assertEquals(shape(expectedShape), shape(actualShape), context + ": output shape");
    for (int i = 0; i < expectedValues.size(); i++) {
      float e = expectedValues.get(i).floatValue();
      float a = actualValues.get(i).floatValue();
      if (Float.floatToIntBits(e) != Float.floatToIntBits(a)) {
        fail("%s: not bit-identical at index %s of %s (%s vs %s, difference %.3g)".formatted(
            context, index(i, expectedShape), shape(expectedShape), e, a, Math.abs(e - a)));
      }
    }
  }

  private static void flattenJson(JsonNode node, int depth, List<Integer> shape, List<Double> values) {
    if (node.isArray()) {
      if (shape.size() == depth) {
        shape.add(node.size());
      } else if (shape.get(depth) != node.size()) {
        throw new IllegalStateException("ragged fixture array at depth " + depth);
      }
      for (JsonNode child : node) {
        flattenJson(child, depth + 1, shape, values);
      }
    } else {
      values.add(node.asDouble());
    }
  }

  private static void flattenArray(String context, Object array, int depth, List<Integer> shape, List<Double> values) {
    if (array == null) {
      fail(context + ": null row in the output at depth " + depth);
    }
    int length = Array.getLength(array);
    if (shape.size() == depth) {
      shape.add(length);
    } else if (shape.get(depth) != length) {
      fail(context + ": ragged output, rows of " + shape.get(depth) + " and " + length + " at depth " + depth);
    }
    if (array instanceof float[] floats) {
      for (float f : floats) {
        values.add((double) f);
      }
    } else if (array instanceof Object[] rows) {
      for (Object row : rows) {
        flattenArray(context, row, depth + 1, shape, values);
      }
    } else {
      fail(context + ": unexpected output type " + array.getClass().getSimpleName());
    }
  }

  private static String shape(List<Integer> shape) {
    return shape.toString().replace('[', '(').replace(']', ')');
  }

  private static String index(int flat, List<Integer> shape) {
    int[] index = new int[shape.size()];
    for (int d = shape.size() - 1; d >= 0; d--) {
      index[d] = flat % shape.get(d);
      flat /= shape.get(d);
    }
    return Arrays.toString(index);
  }

  private static float[][][] floats3(JsonNode node) {
    float[][][] out = new float[node.size()][][];
    for (int b = 0; b < out.length; b++) {
      out[b] = floats2(node.get(b));
    }
    return out;
  }

  private static float[][] floats2(JsonNode node) {
    float[][] out = new float[node.size()][];
    for (int t = 0; t < out.length; t++) {
      JsonNode step = node.get(t);
      out[t] = new float[step.size()];
      for (int f = 0; f < out[t].length; f++) {
        out[t][f] = (float) step.get(f).asDouble();
      }
    }
    return out;
  }

  private static int[][] ints2(JsonNode node) {
    int[][] out = new int[node.size()][];
    for (int b = 0; b < out.length; b++) {
      JsonNode sample = node.get(b);
      out[b] = new int[sample.size()];
      for (int t = 0; t < out[b].length; t++) {
        out[b][t] = sample.get(t).asInt();
      }
    }
    return out;
  }

  private static float[][][] deepCopy(float[][][] batch) {
    float[][][] copy = new float[batch.length][][];
    for (int b = 0; b < batch.length; b++) {
      copy[b] = new float[batch[b].length][];
      for (int t = 0; t < batch[b].length; t++) {
        copy[b][t] = batch[b][t].clone();
      }
    }
    return copy;
  }
}
