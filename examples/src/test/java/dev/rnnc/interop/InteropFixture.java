package dev.rnnc.interop;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnnc.testing.ArrayAssert;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * A fixture under {@code /interop/} of the test classpath: a JSON written by a generator in {@code
 * tools/goldens/} (inputs and the reference framework's outputs) beside its weight file.
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
    try (InputStream in =
        InteropFixture.class.getResourceAsStream("/interop/" + dir + "/" + name + ".json")) {
      assertNotNull(
          in,
          "missing fixture /interop/" + dir + "/" + name + ".json (see tools/goldens/README.md)");
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

  /** Whether the fixture holds {@code key}. */
  boolean has(String key) {
    return root.has(key);
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
   * Asserts that {@code actual} ({@code float[]}, {@code float[][]}, ...) has the shape of the JSON
   * array {@code expected} at every level (a longer, shorter or ragged row anywhere fails) and lies
   * within {@link #TOLERANCE} of it everywhere, NaN only matching NaN ({@link ArrayAssert});
   * returns the largest difference.
   */
  static double assertClose(String context, JsonNode expected, Object actual) {
    double worst = ArrayAssert.assertClose(context, expected, actual, TOLERANCE);
    worstSeen = Math.max(worstSeen, worst);
    return worst;
  }

  /** The largest difference {@link #assertClose} has seen so far. */
  static double worstSeen() {
    return worstSeen;
  }
}
