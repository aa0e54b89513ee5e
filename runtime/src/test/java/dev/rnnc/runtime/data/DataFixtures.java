package dev.rnnc.runtime.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the Keras fixtures under {@code src/test/resources/data/} (tools/goldens/data_fixtures.py).
 */
final class DataFixtures {
  private DataFixtures() {}

  static JsonNode read(String file) {
    try (InputStream in = DataFixtures.class.getResourceAsStream("/data/" + file)) {
      if (in == null) {
        throw new IllegalStateException("no fixture /data/" + file);
      }
      return JsonMapper.builder().build().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.forEach(n -> out.add(n.asText()));
    return out;
  }

  static int[] ints(JsonNode node) {
    int[] out = new int[node.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = node.get(i).asInt();
    }
    return out;
  }

  static int[][] ints2(JsonNode node) {
    int[][] out = new int[node.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = ints(node.get(i));
    }
    return out;
  }

  static float[] floats(JsonNode node) {
    float[] out = new float[node.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) node.get(i).asDouble();
    }
    return out;
  }

  static float[][] floats2(JsonNode node) {
    float[][] out = new float[node.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = floats(node.get(i));
    }
    return out;
  }

  static float[][][] floats3(JsonNode node) {
    float[][][] out = new float[node.size()][][];
    for (int i = 0; i < out.length; i++) {
      out[i] = floats2(node.get(i));
    }
    return out;
  }
}
