package dev.rnnc.graphs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnnc.testing.ArrayAssert;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A fixture of {@code tools/goldens/keras_graphs.py} (or {@code keras_stateful_graphs.py}): the
 * Keras model's weights and, per sample, each named input and Keras' output; a stream fixture's
 * samples are consecutive calls on one stateful model.
 */
final class GraphFixture {
  static final double TOLERANCE = 1e-5;

  private final String folder;
  private final String name;
  private final JsonNode json;

  private GraphFixture(String folder, String name, JsonNode json) {
    this.folder = folder;
    this.name = name;
    this.json = json;
  }

  static GraphFixture read(String name) throws IOException {
    return read("graphs", name);
  }

  /** The fixture {@code name} in {@code fixtures/<folder>/}. */
  static GraphFixture read(String folder, String name) throws IOException {
    try (InputStream in =
        GraphFixture.class.getResourceAsStream("/fixtures/" + folder + "/" + name + ".json")) {
      return new GraphFixture(folder, name, new ObjectMapper().readTree(in));
    }
  }

  /** Copies the weights next to {@code dir} and returns the file. */
  Path weights(Path dir) throws IOException {
    Path file = dir.resolve(name + ".weights.h5");
    try (InputStream in =
        GraphFixture.class.getResourceAsStream(
            "/fixtures/" + folder + "/" + name + ".weights.h5")) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }

  int samples() {
    return json.get("samples").size();
  }

  /** Whether a stream fixture resets the model's states before sample {@code b}. */
  boolean resetBefore(int b) {
    return json.get("samples").get(b).path("reset_before").asBoolean(false);
  }

  /**
   * Sample {@code b}'s value of input {@code input}, as {@code float[][]}, {@code float[]} or
   * {@code int[]}.
   */
  Object input(int b, String input) {
    return toArray(json.get("samples").get(b).get("inputs").get(input));
  }

  float[][] sequence(int b, String input) {
    return (float[][]) input(b, input);
  }

  float[] vector(int b, String input) {
    return (float[]) input(b, input);
  }

  int[] tokens(int b, String input) {
    JsonNode ids = json.get("samples").get(b).get("inputs").get(input);
    int[] out = new int[ids.size()];
    for (int t = 0; t < out.length; t++) {
      out[t] = ids.get(t).asInt();
    }
    return out;
  }

  /**
   * Asserts that {@code actual} (a {@code float[]} or {@code float[][]}) is Keras' output of sample
   * {@code b}.
   */
  void assertOutput(int b, Object actual) {
    compare(name + " sample " + b, json.get("samples").get(b).get("output"), actual);
  }

  /**
   * Asserts that {@code parts} are Keras' outputs of sample {@code b} of a model with several
   * outputs, in order.
   */
  void assertOutputs(int b, Object... parts) {
    JsonNode outputs = json.get("samples").get(b).get("output");
    assertEquals(outputs.size(), parts.length, name + ": number of outputs");
    for (int k = 0; k < parts.length; k++) {
      compare(name + " sample " + b + " output " + k, outputs.get(k), parts[k]);
    }
  }

  private static Object toArray(JsonNode node) {
    if (node.size() > 0 && node.get(0).isArray()) {
      float[][] rows = new float[node.size()][];
      for (int t = 0; t < rows.length; t++) {
        rows[t] = (float[]) toArray(node.get(t));
      }
      return rows;
    }
    float[] row = new float[node.size()];
    for (int f = 0; f < row.length; f++) {
      row[f] = (float) node.get(f).asDouble();
    }
    return row;
  }

  private static void compare(String context, JsonNode expected, Object actual) {
    ArrayAssert.assertClose(context, expected, actual, TOLERANCE);
  }
}
