package dev.rnnc.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnnc.runtime.simd.Kernels;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Inference of a model trained in Keras: a forecaster trained in Keras, compiled by rnnc, run on
 * the JVM.
 *
 * <ol>
 *   <li>loads the Keras-trained {@code forecaster.keras} into the generated {@code RnncForecaster};
 *   <li>checks its forecasts against the ones Keras made for the same windows;
 *   <li>forecasts the next hour for a few days of held-out hourly temperatures;
 *   <li>measures single-window latency (a rough wall-clock figure; the JMH suite in {@code
 *       benchmarks/} is the measurement of record).
 * </ol>
 */
public final class KerasForecaster {
  private static final double KERAS_TOLERANCE = 1e-5;

  private KerasForecaster() {}

  /** Runs the example; exits with status 1 if rnnc and Keras disagree. */
  public static void main(String[] args) throws IOException {
    if (!run(ExampleOptions.parse(args))) {
      System.exit(1);
    }
  }

  /** Runs the example; false if rnnc and Keras disagree. */
  public static boolean run(ExampleOptions options) throws IOException {
    options.banner("Keras interop: a forecaster trained in Keras, run by rnnc");
    System.out.println(
        "rnnc example: next-hour temperature forecast, trained in Keras, compiled by rnnc");
    System.out.println("kernels: " + Kernels.description());

    RnncForecaster model = RnncForecaster.load(resourceFile("forecaster.keras"));
    System.out.println(
        "model:   "
            + model.modelName()
            + ", "
            + model.layers().size()
            + " layers, "
            + parameterCount(model)
            + " parameters");

    JsonNode check =
        new ObjectMapper()
            .readTree(KerasForecaster.class.getResourceAsStream("/forecaster-check.json"));
    double mean = check.get("mean").asDouble();
    double std = check.get("std").asDouble();
    float[][][] windows = windows(check.get("input"));

    System.out.println();
    System.out.println(
        "window  last 3 hours (°C)        rnnc (°C)  keras (°C)  actual (°C)  |rnnc-keras| (normalised)");
    double worst = 0;
    float[][] forecasts = model.predict(windows);
    for (int i = 0; i < windows.length; i++) {
      float rnnc = forecasts[i][0];
      float keras = (float) check.get("expected").get(i).get(0).asDouble();
      double error = Math.abs(rnnc - keras);
      worst = Math.max(worst, error);
      float[][] w = windows[i];
      System.out.printf(
          "%6d  %6.2f %6.2f %6.2f        %8.2f  %10.2f  %11.2f  %.2e%n",
          i,
          celsius(w[27][0], mean, std),
          celsius(w[28][0], mean, std),
          celsius(w[29][0], mean, std),
          celsius(rnnc, mean, std),
          celsius(keras, mean, std),
          check.get("actual_next_celsius").get(i).get(0).asDouble(),
          error);
    }
    System.out.printf("max |rnnc - keras| = %.2e (tolerance %.0e)%n", worst, KERAS_TOLERANCE);

    System.out.println();
    System.out.printf(
        "latency, one window (%s):%n", "30 x 1 -> LSTM 64 -> LSTM 32 -> Dense 16 -> Dense 1");
    Latency.Report latency = Latency.measure(model, windows[0]);
    System.out.printf(
        "  p50 %.1f µs, p99 %.1f µs over %d calls (%.2f GFLOP/s at p50)%n",
        latency.p50Micros(),
        latency.p99Micros(),
        latency.calls(),
        flopsPerWindow() / (latency.p50Micros() * 1e3));

    if (worst > KERAS_TOLERANCE) {
      System.out.println("FAILED: rnnc does not reproduce Keras");
      return false;
    }
    return true;
  }

  /** Floating-point operations of one forward pass (2 per multiply-add), for the GFLOP/s figure. */
  static double flopsPerWindow() {
    int t = 30;
    double lstm1 = t * 2.0 * (1 + 64) * 4 * 64;
    double lstm2 = t * 2.0 * (64 + 32) * 4 * 32;
    double dense = 2.0 * 32 * 16 + 2.0 * 16;
    return lstm1 + lstm2 + dense;
  }

  private static long parameterCount(RnncForecaster model) {
    return model.layers().stream()
        .flatMap(l -> l.variables().stream())
        .mapToLong(v -> v.size())
        .sum();
  }

  private static double celsius(float normalised, double mean, double std) {
    return normalised * std + mean;
  }

  private static float[][][] windows(JsonNode input) {
    float[][][] windows = new float[input.size()][][];
    for (int i = 0; i < windows.length; i++) {
      JsonNode window = input.get(i);
      windows[i] = new float[window.size()][];
      for (int t = 0; t < window.size(); t++) {
        windows[i][t] = new float[] {(float) window.get(t).get(0).asDouble()};
      }
    }
    return windows;
  }

  /**
   * Copies a classpath resource to a temporary file (the loader reads files; the jar holds
   * resources).
   */
  private static Path resourceFile(String name) {
    try (InputStream in = KerasForecaster.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " is missing from the examples jar");
      }
      Path file = Files.createTempFile("rnnc-", "-" + name);
      file.toFile().deleteOnExit();
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
