package dev.rnnc.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
 * A Keras golden fixture ({@code /fixtures/<case>.json} beside its weight file, written by
 * {@code tools/goldens/generate.py}) and the comparisons the parity tests make against it.
 *
 * <p>Every comparison asserts the shape first, then that the largest element-wise difference
 * {@code |rnnc - keras|} is at most {@link #TOLERANCE}; a failure names the case, the sample and
 * the index of the worst element.
 */
final class ParityFixture {
  /** The largest accepted absolute difference per element. Never loosen it to make a test pass. */
  static final double TOLERANCE = 1e-5;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final JsonNode root;

  private ParityFixture(String name, JsonNode root) {
    this.name = name;
    this.root = root;
  }

  /** Reads {@code /fixtures/<name>.json} from the test classpath. */
  static ParityFixture load(String name) {
    try (InputStream in = ParityFixture.class.getResourceAsStream("/fixtures/" + name + ".json")) {
      assertNotNull(in, "missing fixture /fixtures/" + name + ".json (run tools/goldens/generate.py)");
      JsonNode root = JSON.readTree(in);
      assertEquals(name, root.get("case").asText(), "fixture file and case name differ");
      return new ParityFixture(name, root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fixture " + name, e);
    }
  }

  String name() {
    return name;
  }

  /** The Keras weight file ({@code .weights.h5} or {@code .keras}) as a file-system path. */
  Path weights() {
    return resource(root.get("weights").asText());
  }

  /** A path to another fixture file, for tests that load a file meant for a different model. */
  static Path resource(String file) {
    URL url = ParityFixture.class.getResource("/fixtures/" + file);
    assertNotNull(url, "missing fixture file /fixtures/" + file);
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The one-line Keras description of the model, for messages. */
  String description() {
    return root.get("description").asText();
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

  /** One (input, expected) pair of a variable-length fixture. */
  record Run(int timesteps, float[][][] input, JsonNode expected) {}

  /** The runs of a variable-length fixture, each with its own number of timesteps. */
  List<Run> runs() {
    JsonNode runs = root.get("runs");
    assertNotNull(runs, name + " has no runs");
    List<Run> result = new ArrayList<>();
    for (JsonNode run : runs) {
      result.add(new Run(run.get("timesteps").asInt(), floats3(run.get("input")), run.get("expected")));
    }
    return result;
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

  /**
   * Checks a float model against the fixture: every sample through {@code sample}, the whole batch
   * through {@code batch}, then every sample again in reverse order (no state may leak between
   * calls); the input arrays must come back unchanged.
   */
  void checkFloat(SampleCall sample, BatchCall batch) {
    checkFloat(floatInput(), expected(), "", sample, batch);
  }

  /** As {@link #checkFloat(SampleCall, BatchCall)} for one run of a variable-length fixture. */
  void checkFloat(Run run, SampleCall sample, BatchCall batch) {
    checkFloat(run.input(), run.expected(), " (T=" + run.timesteps() + ")", sample, batch);
  }

  private void checkFloat(float[][][] input, JsonNode expected, String where, SampleCall sample, BatchCall batch) {
    float[][][] pristine = deepCopy(input);
    assertEquals(expected.size(), input.length, name + ": fixture input and expected batch sizes differ");
    for (int b = 0; b < input.length; b++) {
      assertClose(name + where + ", sample " + b + ", single call", expected.get(b), sample.apply(input[b]));
    }
    assertClose(name + where + ", batch call", expected, batch.apply(input));
    for (int b = input.length - 1; b >= 0; b--) {
      assertClose(name + where + ", sample " + b + ", single call (repeated)", expected.get(b), sample.apply(input[b]));
    }
    assertInputUnchanged(where, pristine, input);
  }

  /** As {@link #checkFloat(SampleCall, BatchCall)} for a token model. */
  void checkTokens(TokenCall sample, TokenBatchCall batch) {
    int[][] input = tokenInput();
    int[][] pristine = Arrays.stream(input).map(int[]::clone).toArray(int[][]::new);
    JsonNode expected = expected();
    assertEquals(expected.size(), input.length, name + ": fixture input and expected batch sizes differ");
    for (int b = 0; b < input.length; b++) {
      assertClose(name + ", sample " + b + ", single call", expected.get(b), sample.apply(input[b]));
    }
    assertClose(name + ", batch call", expected, batch.apply(input));
    for (int b = input.length - 1; b >= 0; b--) {
      assertClose(name + ", sample " + b + ", single call (repeated)", expected.get(b), sample.apply(input[b]));
    }
    for (int b = 0; b < input.length; b++) {
      assertArrayEquals(pristine[b], input[b], name + ": the call changed input sample " + b);
    }
  }

  private void assertInputUnchanged(String where, float[][][] pristine, float[][][] input) {
    for (int b = 0; b < input.length; b++) {
      for (int t = 0; t < input[b].length; t++) {
        assertArrayEquals(pristine[b][t], input[b][t], name + where + ": the call changed input sample " + b + " at timestep " + t);
      }
    }
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

  /** The maximum |a - b| over two arrays of the same shape ({@code float[]}, {@code float[][]}, ...). */
  static double maxAbsDifference(Object a, Object b) {
    List<Integer> shapeA = new ArrayList<>();
    List<Double> valuesA = new ArrayList<>();
    flattenArray("a", a, 0, shapeA, valuesA);
    List<Integer> shapeB = new ArrayList<>();
    List<Double> valuesB = new ArrayList<>();
    flattenArray("b", b, 0, shapeB, valuesB);
    assertEquals(shape(shapeA), shape(shapeB), "shapes differ");
    double max = 0;
    for (int i = 0; i < valuesA.size(); i++) {
      max = Math.max(max, Math.abs(valuesA.get(i) - valuesB.get(i)));
    }
    return max;
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
      JsonNode sample = node.get(b);
      out[b] = new float[sample.size()][];
      for (int t = 0; t < out[b].length; t++) {
        JsonNode step = sample.get(t);
        out[b][t] = new float[step.size()];
        for (int f = 0; f < out[b][t].length; f++) {
          out[b][t][f] = (float) step.get(f).asDouble();
        }
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

  static float[][][] deepCopy(float[][][] batch) {
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
