package dev.rnnc.importer;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnnc.testing.ArrayAssert;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code .keras} files and Keras outputs under {@code src/test/resources/keras/}, written by
 * {@code tools/goldens/importer_fixtures.py} with real Keras 3.15.1, and the comparisons made
 * against them.
 */
final class Fixtures {
  /** The largest accepted absolute difference per element. Never loosen it to make a test pass. */
  static final double TOLERANCE = 1e-5;

  private Fixtures() {}

  /** A file under {@code /keras/} on the test classpath. */
  static Path keras(String file) {
    URL url = Fixtures.class.getResource("/keras/" + file);
    assertNotNull(
        url, "missing fixture /keras/" + file + " (run tools/goldens/importer_fixtures.py)");
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(String file) {
    try {
      return new ObjectMapper().readTree(Files.readString(keras(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A JSON array of numbers as a Java array of the given type ({@code float[][][]}, {@code
   * int[][]}).
   */
  static Object array(JsonNode node, Class<?> type) {
    if (!type.isArray()) {
      throw new IllegalArgumentException(type.toString());
    }
    Class<?> component = type.getComponentType();
    Object result = Array.newInstance(component, node.size());
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      if (component == float.class) {
        Array.setFloat(result, i, (float) item.asDouble());
      } else if (component == int.class) {
        Array.setInt(result, i, item.asInt());
      } else {
        Array.set(result, i, array(item, component));
      }
    }
    return result;
  }

  /**
   * Asserts that a nested float array has the shape of the expected JSON array at every level and
   * differs from it by at most {@link #TOLERANCE} per element, NaN only matching NaN ({@link
   * ArrayAssert}); returns the largest difference.
   */
  static double assertClose(JsonNode expected, Object actual, String what) {
    return ArrayAssert.assertClose(what, expected, actual, TOLERANCE);
  }
}
