package dev.rnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the Keras fixtures under {@code src/test/resources/train/}
 * (tools/goldens/keras_training_runtime.py).
 */
final class Fixtures {
  private Fixtures() {}

  /** The cases of a fixture file. */
  static List<JsonNode> cases(String file) {
    List<JsonNode> cases = new ArrayList<>();
    read(file).get("cases").forEach(cases::add);
    return cases;
  }

  static JsonNode read(String file) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/train/" + file)) {
      if (in == null) {
        throw new IllegalStateException("no fixture /train/" + file);
      }
      // Python's json writes NaN and Infinity as bare words
      return JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build()
          .readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON number array as floats, or null for JSON null. */
  static float[] floats(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    float[] values = new float[node.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) number(node.get(i));
    }
    return values;
  }

  /** A JSON number array as doubles. */
  static double[] doubles(JsonNode node) {
    double[] values = new double[node.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = number(node.get(i));
    }
    return values;
  }

  /** A JSON boolean array, or null for JSON null. */
  static boolean[] booleans(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    boolean[] values = new boolean[node.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = node.get(i).asBoolean();
    }
    return values;
  }

  /** A number, NaN and infinities included (Python's json writes them as bare words). */
  static double number(JsonNode node) {
    return node.isTextual() ? Double.parseDouble(node.asText()) : node.asDouble();
  }

  /**
   * Keras computes in float32: {@code actual} within 1e-6 relative of {@code expected}, 1e-7
   * absolute near 0.
   */
  static void assertClose(double expected, double actual, String what) {
    double tolerance = 1e-6 * Math.abs(expected) + 1e-7;
    assertTrue(
        Math.abs(expected - actual) <= tolerance
            || (Double.isNaN(expected) && Double.isNaN(actual)),
        () ->
            what
                + ": expected "
                + expected
                + ", was "
                + actual
                + " (off by "
                + Math.abs(expected - actual)
                + ")");
  }

  /** {@link #assertClose} element-wise. */
  static void assertClose(double[] expected, float[] actual, String what) {
    for (int i = 0; i < expected.length; i++) {
      assertClose(expected[i], actual[i], what + "[" + i + "]");
    }
  }
}
