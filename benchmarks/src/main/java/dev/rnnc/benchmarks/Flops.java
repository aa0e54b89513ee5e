package dev.rnnc.benchmarks;

/**
 * Floating-point operations of the layers, counting a multiply-add as two and nothing for
 * activations and element-wise gate math: the convention of the GFLOP/s the report prints.
 */
final class Flops {
  private Flops() {}

  /** An LSTM over {@code t} steps: four gates of {@code (features + units) → units}. */
  static double lstm(int t, int features, int units) {
    return t * 2.0 * (features + units) * 4 * units;
  }

  /** A GRU over {@code t} steps: three gates. */
  static double gru(int t, int features, int units) {
    return t * 2.0 * (features + units) * 3 * units;
  }

  /** A SimpleRNN over {@code t} steps. */
  static double simpleRnn(int t, int features, int units) {
    return t * 2.0 * (features + units) * units;
  }

  /** A Dense layer on one vector. */
  static double dense(int in, int out) {
    return 2.0 * in * out;
  }
}
