package dev.rnnc.parity;

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
import java.util.SplittableRandom;

/**
 * The array work shared by the golden-fixture tests ({@link ParityFixture} and the issue 3
 * {@code KerasFixture}): reading fixture files and their JSON arrays into Java, and comparing
 * model outputs ({@code float[]}, {@code float[][]} or {@code float[][][]}) with Keras goldens or
 * with each other.
 *
 * <p>Every comparison asserts the shape first, then the values; a failure names the context the
 * caller gives (case and sample), the index of the worst (or first differing) element and both
 * values.
 */
public final class FixtureArrays {
  /** The largest accepted absolute difference per element. Never loosen it to make a test pass. */
  public static final double TOLERANCE = 1e-5;

  private static final ObjectMapper JSON = new ObjectMapper();

  private FixtureArrays() {}

  /**
   * Reads {@code /fixtures/<name>.json} (written by {@code tools/goldens/generate.py}) from the test
   * classpath and checks that it is the fixture of case {@code name}.
   */
  public static JsonNode readFixture(String name) {
    try (InputStream in = FixtureArrays.class.getResourceAsStream("/fixtures/" + name + ".json")) {
      assertNotNull(in, "missing fixture /fixtures/" + name + ".json (run tools/goldens/generate.py)");
      JsonNode root = JSON.readTree(in);
      assertEquals(name, root.get("case").asText(), "fixture file and case name differ");
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fixture " + name, e);
    }
  }

  /**
   * The fixture file {@code /fixtures/<file>} of the test classpath as a file-system path.
   *
   * @param missing the failure message when there is no such file
   */
  public static Path resource(String file, String missing) {
    URL url = FixtureArrays.class.getResource("/fixtures/" + file);
    assertNotNull(url, missing);
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Asserts that {@code actual} (a {@code float[]}, {@code float[][]} or {@code float[][][]}) has
   * the shape of the JSON array {@code expected} and lies within {@link #TOLERANCE} of it
   * everywhere.
   *
   * @param context names the case and sample in the failure message
   */
  public static void assertClose(String context, JsonNode expected, Object actual) {
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
  public static void assertBitIdentical(String context, Object expected, Object actual) {
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

  /** A seeded batch of uniform values in [-1, 1), {@code [samples][timesteps][features]}. */
  public static float[][][] randomBatch(int samples, int timesteps, int features, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][][] batch = new float[samples][timesteps][features];
    for (float[][] sample : batch) {
      for (float[] step : sample) {
        for (int f = 0; f < features; f++) {
          step[f] = (float) random.nextDouble(-1, 1);
        }
      }
    }
    return batch;
  }

  /** The maximum |a - b| over two arrays of the same shape ({@code float[]}, {@code float[][]}, ...). */
  public static double maxAbsDifference(Object a, Object b) {
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

  /** A JSON array of shape (B, T, F) as floats. */
  public static float[][][] floats3(JsonNode node) {
    float[][][] out = new float[node.size()][][];
    for (int b = 0; b < out.length; b++) {
      out[b] = floats2(node.get(b));
    }
    return out;
  }

  /** A JSON array of shape (T, F) as floats. */
  public static float[][] floats2(JsonNode node) {
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

  /** A JSON array of shape (B, T) as ints (token ids). */
  public static int[][] ints2(JsonNode node) {
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

  /** A copy of a (B, T, F) batch that shares no row with it. */
  public static float[][][] deepCopy(float[][][] batch) {
    float[][][] copy = new float[batch.length][][];
    for (int b = 0; b < batch.length; b++) {
      copy[b] = new float[batch[b].length][];
      for (int t = 0; t < batch[b].length; t++) {
        copy[b][t] = batch[b][t].clone();
      }
    }
    return copy;
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
}
