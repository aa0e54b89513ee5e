package dev.rnnc.runtime;

import java.util.random.RandomGenerator;

/**
 * Produces the initial values of a weight variable, in Keras layout, as Keras' default
 * initializers do (same distributions; values differ, the random streams are not Keras').
 */
@FunctionalInterface
public interface Initializer {

  /** Values for a variable of the given Keras shape, row-major. */
  float[] values(int[] shape, RandomGenerator random);

  /** All zeros (Keras {@code "zeros"}, the default bias initializer). */
  static Initializer zeros() {
    return (shape, random) -> new float[size(shape)];
  }

  /** Keras {@code "glorot_uniform"}: U(±√(6/(fan_in+fan_out))), the default kernel initializer. */
  static Initializer glorotUniform() {
    return (shape, random) -> {
      int fanOut = shape[shape.length - 1];
      int fanIn = size(shape) / fanOut;
      return uniformValues(size(shape), Math.sqrt(6.0 / (fanIn + fanOut)), random);
    };
  }

  /** Keras {@code RandomUniform(-limit, limit)}; Embedding's default is {@code limit = 0.05}. */
  static Initializer uniform(double limit) {
    return (shape, random) -> uniformValues(size(shape), limit, random);
  }

  /**
   * Keras {@code "orthogonal"} (gain 1), the default recurrent initializer: the matrix flattened to
   * {@code rows × cols} has orthonormal rows (or columns, whichever are fewer).
   */
  static Initializer orthogonal() {
    return (shape, random) -> {
      int cols = shape[shape.length - 1];
      int rows = size(shape) / cols;
      return Orthogonal.matrix(rows, cols, random);
    };
  }

  /**
   * The LSTM bias with {@code unit_forget_bias}: zeros, except ones in the forget gate's block
   * (Keras block 1 of i, f, c, o).
   */
  static Initializer unitForgetBias(int units) {
    return (shape, random) -> {
      float[] bias = new float[size(shape)];
      java.util.Arrays.fill(bias, units, 2 * units, 1f);
      return bias;
    };
  }

  private static float[] uniformValues(int n, double limit, RandomGenerator random) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextDouble(-limit, limit);
    }
    return values;
  }

  private static int size(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }
}
