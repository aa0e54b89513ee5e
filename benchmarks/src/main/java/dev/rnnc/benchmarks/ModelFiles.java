package dev.rnnc.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The benchmark models' files, written by {@code tools/goldens/onnx_models.py} into the jar's
 * {@code /models/}: {@code mN.weights.h5} (Keras 3, for rnnc), {@code mN.onnx} (the same weights in
 * an exported PyTorch model, for ONNX Runtime) and {@code mN.json} (check samples with Keras'
 * outputs).
 */
public final class ModelFiles {
  private ModelFiles() {}

  /** The bytes of {@code /models/<file>}. */
  public static byte[] bytes(String file) {
    try (InputStream in = ModelFiles.class.getResourceAsStream("/models/" + file)) {
      if (in == null) {
        throw new IllegalStateException(
            "missing resource /models/" + file + " (run tools/goldens/onnx_models.py)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code /models/<model>.weights.h5} as a file (copied out of the jar), for {@code RnncX.load}.
   */
  public static Path weights(String model) {
    try {
      Path file = Files.createTempFile(model, ".weights.h5");
      file.toFile().deleteOnExit();
      try (InputStream in =
          ModelFiles.class.getResourceAsStream("/models/" + model + ".weights.h5")) {
        if (in == null) {
          throw new IllegalStateException("missing resource /models/" + model + ".weights.h5");
        }
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code /models/<model>.json}: {@code input}, {@code keras} (and {@code onnx}) outputs. */
  public static JsonNode checks(String model) {
    try {
      return new ObjectMapper().readTree(bytes(model + ".json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sample {@code i} of a check file's float input, (T, F). */
  public static float[][] floatSample(JsonNode checks, int i) {
    JsonNode sample = checks.get("input").get(i);
    float[][] x = new float[sample.size()][sample.get(0).size()];
    for (int t = 0; t < x.length; t++) {
      for (int f = 0; f < x[t].length; f++) {
        x[t][f] = (float) sample.get(t).get(f).asDouble();
      }
    }
    return x;
  }

  /** Sample {@code i} of a check file's token input, (T,). */
  public static int[] tokenSample(JsonNode checks, int i) {
    JsonNode sample = checks.get("input").get(i);
    int[] ids = new int[sample.size()];
    for (int t = 0; t < ids.length; t++) {
      ids[t] = sample.get(t).asInt();
    }
    return ids;
  }

  /** Row {@code i} of a check file's {@code keras} (or {@code onnx}) outputs. */
  public static float[] expected(JsonNode checks, String which, int i) {
    JsonNode row = checks.get(which).get(i);
    float[] y = new float[row.size()];
    for (int j = 0; j < y.length; j++) {
      y[j] = (float) row.get(j).asDouble();
    }
    return y;
  }
}
