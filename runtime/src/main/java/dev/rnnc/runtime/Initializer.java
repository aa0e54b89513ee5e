package dev.rnnc.runtime;

import java.util.random.RandomGenerator;

/**
 * Produces the initial values of a weight variable, in Keras layout, as Keras' default initializers
 * do (same distributions; values differ, the random streams are not Keras').
 */
@FunctionalInterface
public interface Initializer {

  /**
   * The Keras initializer names {@link #keras} takes, comma-separated: one compile-time constant,
   * which the annotation processor reads (javac inlines it) to check declared names.
   */
  String KERAS_NAMES =
      "zeros,ones,constant,glorot_uniform,glorot_normal,he_uniform,he_normal,lecun_uniform,"
          + "lecun_normal,orthogonal,random_normal,random_uniform,truncated_normal,variance_scaling,identity";

  /** Values for a variable of the given Keras shape, row-major. */
  float[] values(int[] shape, RandomGenerator random);

  /**
   * The initializer Keras 3 resolves this name to, with Keras' default arguments ({@code
   * keras/src/initializers/}): the variance-scaling family draws from a normal truncated at two
   * standard deviations ({@code truncated_normal}) or a uniform, with fans as Keras' {@code
   * compute_fans}; {@code random_normal}, {@code random_uniform} and {@code truncated_normal} use
   * 0.05; {@code constant} is 0 and {@code identity} the unit matrix (2-D variables only).
   *
   * @throws IllegalArgumentException for a name not in {@link #KERAS_NAMES}
   */
  static Initializer keras(String name) {
    return switch (name) {
      case "zeros", "constant" -> zeros();
      case "ones" ->
          (shape, random) -> {
            float[] values = new float[size(shape)];
            java.util.Arrays.fill(values, 1f);
            return values;
          };
      case "glorot_uniform" -> glorotUniform();
      case "glorot_normal" -> varianceScaling(1, true, false);
      case "he_uniform" -> varianceScaling(2, false, true);
      case "he_normal" -> varianceScaling(2, false, false);
      case "lecun_uniform" -> varianceScaling(1, false, true);
      case "lecun_normal", "variance_scaling" -> varianceScaling(1, false, false);
      case "orthogonal" -> orthogonal();
      case "random_normal" -> (shape, random) -> normalValues(size(shape), 0.05, false, random);
      case "random_uniform" -> uniform(0.05);
      case "truncated_normal" -> (shape, random) -> normalValues(size(shape), 0.05, true, random);
      case "identity" ->
          (shape, random) -> {
            if (shape.length != 2) {
              throw new IllegalArgumentException(
                  "identity initializes 2-D variables only, not shape "
                      + java.util.Arrays.toString(shape));
            }
            float[] values = new float[size(shape)];
            for (int i = 0; i < Math.min(shape[0], shape[1]); i++) {
              values[i * shape[1] + i] = 1f;
            }
            return values;
          };
      default ->
          throw new IllegalArgumentException(
              "unknown initializer \"" + name + "\"; known: " + KERAS_NAMES);
    };
  }

  /**
   * An LSTM bias with {@code unit_forget_bias}, as Keras builds it: the forget gate's block (Keras
   * block 1 of i, f, c, o) ones, the other blocks from {@code base}.
   */
  static Initializer unitForgetBias(Initializer base, int units) {
    return (shape, random) -> {
      float[] bias = base.values(shape, random);
      java.util.Arrays.fill(bias, units, 2 * units, 1f);
      return bias;
    };
  }

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
    return unitForgetBias(zeros(), units);
  }

  /**
   * Keras {@code VarianceScaling(scale, mode, distribution)}: variance {@code scale / fan} (fan_in,
   * or the average of fan_in and fan_out when {@code fanAverage}); a normal truncated at two
   * standard deviations (its standard deviation corrected by 0.8796..., as Keras) or a uniform of
   * that variance.
   */
  private static Initializer varianceScaling(double scale, boolean fanAverage, boolean uniform) {
    return (shape, random) -> {
      int[] fans = fans(shape);
      double fan = fanAverage ? (fans[0] + fans[1]) / 2.0 : fans[0];
      double variance = scale / Math.max(1.0, fan);
      return uniform
          ? uniformValues(size(shape), Math.sqrt(3.0 * variance), random)
          : normalValues(size(shape), Math.sqrt(variance) / 0.87962566103423978, true, random);
    };
  }

  /** Keras' {@code compute_fans}: (fan_in, fan_out) of a shape. */
  private static int[] fans(int[] shape) {
    return switch (shape.length) {
      case 0 -> new int[] {1, 1};
      case 1 -> new int[] {shape[0], shape[0]};
      case 2 -> new int[] {shape[0], shape[1]};
      default -> {
        int receptive = size(shape) / (shape[shape.length - 2] * shape[shape.length - 1]);
        yield new int[] {shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive};
      }
    };
  }

  /**
   * Normal values of mean 0; truncated ones redraw beyond two standard deviations, as Keras'
   * truncated_normal.
   */
  private static float[] normalValues(
      int n, double stddev, boolean truncated, RandomGenerator random) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      double z;
      do {
        z = random.nextGaussian();
      } while (truncated && Math.abs(z) > 2);
      values[i] = (float) (z * stddev);
    }
    return values;
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
