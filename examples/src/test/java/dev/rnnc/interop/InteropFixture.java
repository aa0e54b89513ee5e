package dev.rnnc.interop;

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
import java.util.List;

/**
 * A fixture under {@code /interop/} of the test classpath: a JSON written by a generator in
 * {@code tools/goldens/} (inputs and the reference framework's outputs) beside its weight file.
 */
final class InteropFixture {
  /** The largest accepted absolute difference per element. Never loosen it to make a test pass. */
  static final double TOLERANCE = 1e-5;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The largest difference any comparison saw in this JVM, for the record. */
  private static double worstSeen;

  private final String name;
  private final JsonNode root;

  private InteropFixture(String name, JsonNode root) {
    this.name = name;
    this.root = root;
  }

  /** Reads {@code /interop/<dir>/<name>.json}. */
  static InteropFixture load(String dir, String name) {
    try (InputStream in = InteropFixture.class.getResourceAsStream("/interop/" + dir + "/" + name + ".json")) {
      assertNotNull(in, "missing fixture /interop/" + dir + "/" + name + ".json (see tools/goldens/README.md)");
      return new InteropFixture(name, JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file under {@code /interop/} as a path. */
  static Path resource(String path) {
    URL url = InteropFixture.class.getResource("/interop/" + path);
    assertNotNull(url, "missing fixture file /interop/" + path);
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  String name() {
    return name;
  }

  JsonNode get(String key) {
    JsonNode node = root.get(key);
    assertNotNull(node, name + " has no '" + key + "'");
    return node;
  }

  /** A (B, T, F) float array of the fixture. */
  float[][][] floats3(String key) {
    JsonNode node = get(key);
    float[][][] out = new float[node.size()][][];
    for (int b = 0; b < out.length; b++) {
      out[b] = floats2(node.get(b));
    }
    return out;
  }

  /** A (B, T) int array of the fixture. */
  int[][] ints2(String key) {
    JsonNode node = get(key);
    int[][] out = new int[node.size()][];
    for (int b = 0; b < out.length; b++) {
      out[b] = new int[node.get(b).size()];
      for (int t = 0; t < out[b].length; t++) {
        out[b][t] = node.get(b).get(t).asInt();
      }
    }
    return out;
  }

  static float[][] floats2(JsonNode node) {
    float[][] out = new float[node.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = new float[node.get(i).size()];
      for (int j = 0; j < out[i].length; j++) {
        out[i][j] = (float) node.get(i).get(j).asDouble();
      }
    }
    return out;
  }

  /**
   * Asserts that {@code actual} ({@code float[]}, {@code float[][]}, ...) has the shape of the
   * JSON array {@code expected} and lies within {@link #TOLERANCE} of it everywhere; returns the
   * largest difference.
   */
  static double assertClose(String context, JsonNode expected, Object actual) {
    List<Integer> expectedShape = new ArrayList<>();
    List<Double> expectedValues = new ArrayList<>();
    flattenJson(expected, 0, expectedShape, expectedValues);
    List<Integer> actualShape = new ArrayList<>();
    List<Double> actualValues = new ArrayList<>();
    flattenArray(actual, 0, actualShape, actualValues);
    assertEquals(expectedShape, actualShape, context + ": shape");
    double worst = 0;
    int worstIndex = 0;
    for (int i = 0; i < expectedValues.size(); i++) {
      double error = Math.abs(actualValues.get(i) - expectedValues.get(i));
      if (!(error <= worst)) { // NaN counts as worst
        worst = Double.isNaN(error) ? Double.POSITIVE_INFINITY : error;
        worstIndex = i;
      }
    }
    worstSeen = Math.max(worstSeen, worst);
    if (worst > TOLERANCE) {
      fail("%s: max |rnnc - reference| = %.3g > %.0e at flat index %d (rnnc %s, reference %s)".formatted(context,
          worst, TOLERANCE, worstIndex, actualValues.get(worstIndex), expectedValues.get(worstIndex)));
    }
    return worst;
  }

  /** The largest difference {@link #assertClose} has seen so far. */
  static double worstSeen() {
    return worstSeen;
  }

  private static void flattenJson(JsonNode node, int depth, List<Integer> shape, List<Double> values) {
    if (!node.isArray()) {
      values.add(node.asDouble());
      return;
    }
    if (shape.size() == depth) {
      shape.add(node.size());
    }
    for (JsonNode child : node) {
      flattenJson(child, depth + 1, shape, values);
    }
  }

  private static void flattenArray(Object array, int depth, List<Integer> shape, List<Double> values) {
    assertNotNull(array, "null output row");
    if (shape.size() == depth) {
      shape.add(Array.getLength(array));
    }
    if (array instanceof float[] floats) {
      for (float f : floats) {
        values.add((double) f);
      }
    } else {
      for (Object row : (Object[]) array) {
        flattenArray(row, depth + 1, shape, values);
      }
    }
  }
}
