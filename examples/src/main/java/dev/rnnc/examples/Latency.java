package dev.rnnc.examples;

import java.util.Arrays;

/**
 * A rough wall-clock latency figure for the example's printout (JMH in benchmarks/ is the real
 * one).
 */
final class Latency {
  private Latency() {}

  /** Percentiles of single-call latency. */
  record Report(double p50Micros, double p99Micros, int calls) {}

  static Report measure(Forecaster model, float[][] window) {
    float[] out = new float[1];
    for (int i = 0; i < 20_000; i++) { // let the JIT compile the generated code
      model.predictInto(window, out);
    }
    int calls = 20_000;
    long[] nanos = new long[calls];
    for (int i = 0; i < calls; i++) {
      long start = System.nanoTime();
      model.predictInto(window, out);
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    return new Report(nanos[calls / 2] / 1e3, nanos[calls * 99 / 100] / 1e3, calls);
  }
}
