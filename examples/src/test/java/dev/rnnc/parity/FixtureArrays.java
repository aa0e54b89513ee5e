package dev.rnnc.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.SplittableRandom;

/**
 * The array work shared by the golden-fixture tests ({@link ParityFixture} and the issue 3 {@code
 * KerasFixture}): reading fixture files and their JSON arrays into Java, and comparing model
 * outputs ({@code float[]}, {@code float[][]} or {@code float[][][]}) with Keras goldens or with
 * each other.
 *
 * <p>Comparisons are {@link ArrayAssert}'s (runtime's test-jar): the shape at every level, then the
 * values, NaN only matching NaN; a failure names the context the caller gives (case and sample),
 * the index of the worst element and both values.
 */
public final class FixtureArrays {
  /** The largest accepted absolute difference per element. Never loosen it to make a test pass. */
  public static final double TOLERANCE = 1e-5;

  private static final ObjectMapper JSON = new ObjectMapper();

  private FixtureArrays() {}

  /**
   * Reads {@code /fixtures/<name>.json} (written by {@code tools/goldens/generate.py}) from the
   * test classpath and checks that it is the fixture of case {@code name}.
   */
  public static JsonNode readFixture(String name) {
    try (InputStream in = FixtureArrays.class.getResourceAsStream("/fixtures/" + name + ".json")) {
      assertNotNull(
          in, "missing fixture /fixtures/" + name + ".json (run tools/goldens/generate.py)");
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
   * the shape of the JSON array {@code expected} at every level and lies within {@link #TOLERANCE}
   * of it everywhere; an expected NaN matches only NaN (see {@link ArrayAssert}).
   *
   * @param context names the case and sample in the failure message
   */
  public static void assertClose(String context, JsonNode expected, Object actual) {
    ArrayAssert.assertClose(context, expected, actual, TOLERANCE);
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
}
