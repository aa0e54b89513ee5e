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

  /**
   * An LSTM's training step for one sample over {@code t} steps: the forward pass ({@link #lstm}),
   * then backwards per step the weight gradients {@code xᵀ·dG} and {@code hᵀ·dG} (as many
   * operations as the forward products), the previous state's gradient {@code dG·Uᵀ} and, when the
   * layer below needs it, the input's gradient {@code dG·Wᵀ}. Element-wise gate math and the
   * optimizer's update count nothing.
   */
  static double lstmTraining(int t, int features, int units, boolean inputGradient) {
    double gates = 4.0 * units;
    double products = t * 2.0 * (features + units) * gates;
    double stateGradient = t * 2.0 * units * gates;
    double inputProduct = inputGradient ? t * 2.0 * features * gates : 0;
    return products + products + stateGradient + inputProduct;
  }

  /** {@link #lstmTraining} for a GRU: three gate blocks instead of four. */
  static double gruTraining(int t, int features, int units, boolean inputGradient) {
    double gates = 3.0 * units;
    double products = t * 2.0 * (features + units) * gates;
    double stateGradient = t * 2.0 * units * gates;
    double inputProduct = inputGradient ? t * 2.0 * features * gates : 0;
    return products + products + stateGradient + inputProduct;
  }

  /**
   * A Dense layer's training step for one vector: forward, the kernel's and the input's gradient.
   */
  static double denseTraining(int in, int out) {
    return 3 * dense(in, out);
  }
}
