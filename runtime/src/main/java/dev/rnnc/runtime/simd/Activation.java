package dev.rnnc.runtime.simd;

/**
 * The element-wise activations of Keras 3, with Keras 3 semantics.
 *
 * <p>{@link #apply(float)} is the scalar definition: it computes in {@code double} and rounds once,
 * so it serves both as the scalar kernels' implementation and as the reference the SIMD kernels are
 * tested against.
 */
public enum Activation {
  /** {@code x}. */
  LINEAR("linear"),
  /** {@code tanh(x)}. */
  TANH("tanh"),
  /** {@code 1 / (1 + exp(-x))}. */
  SIGMOID("sigmoid"),
  /** {@code max(0, x)}. */
  RELU("relu"),
  /**
   * Keras 3's {@code relu6(x + 3) / 6}, i.e. {@code clamp((x + 3) / 6, 0, 1)} (not Keras 2's {@code
   * 0.2x + 0.5}).
   */
  HARD_SIGMOID("hard_sigmoid"),
  /** {@code x > 0 ? x : exp(x) - 1}. */
  ELU("elu"),
  /**
   * {@code scale * (x > 0 ? x : alpha * (exp(x) - 1))} with {@link #SELU_ALPHA} and {@link
   * #SELU_SCALE}.
   */
  SELU("selu"),
  /**
   * The exact GELU, Keras' default: {@code 0.5 * x * (1 + erf(x / sqrt(2)))}. See {@link
   * #erfc(double)}.
   */
  GELU("gelu"),
  /**
   * {@code x * sigmoid(x)}; Keras 3 calls it {@code "silu"} and accepts {@code "swish"} as an
   * alias.
   */
  SWISH("silu"),
  /**
   * {@code log(1 + exp(x))}, computed as {@code max(x, 0) + log1p(exp(-|x|))} so it never
   * overflows.
   */
  SOFTPLUS("softplus"),
  /** {@code x / (1 + |x|)}. */
  SOFTSIGN("softsign");

  /** SELU's alpha (Klambauer et al. 2017), as in Keras. */
  public static final double SELU_ALPHA = 1.6732632423543772848170429916717;

  /** SELU's scale (Klambauer et al. 2017), as in Keras. */
  public static final double SELU_SCALE = 1.0507009873554804934193349852946;

  // erfc(z) ~ t * exp(-z^2 + P(t)), t = 1 / (1 + z/2), z >= 0: the Chebyshev fit "erfcc" of
  // Numerical Recipes in C, 2nd ed., section 6.2, with fractional error < 1.2e-7 for every z
  // (measured against mpmath: 1.05e-7). Shared with the SIMD version in VectorMath.
  static final double ERFC_C0 = -1.26551223;
  static final double ERFC_C1 = 1.00002368;
  static final double ERFC_C2 = 0.37409196;
  static final double ERFC_C3 = 0.09678418;
  static final double ERFC_C4 = -0.18628806;
  static final double ERFC_C5 = 0.27886807;
  static final double ERFC_C6 = -1.13520398;
  static final double ERFC_C7 = 1.48851587;
  static final double ERFC_C8 = -0.82215223;
  static final double ERFC_C9 = 0.17087277;

  private final String kerasName;

  Activation(String kerasName) {
    this.kerasName = kerasName;
  }

  /**
   * The canonical Keras 3 name, as Keras 3 writes it in a saved model's config ({@code "silu"} for
   * {@link #SWISH}).
   *
   * @return the name, never null
   */
  public String kerasName() {
    return kerasName;
  }

  /**
   * Looks up an activation by the name Keras uses for it in a model config.
   *
   * @param name a Keras activation name such as {@code "tanh"}, {@code "hard_sigmoid"}, or {@code
   *     "swish"} / {@code "silu"}; case-sensitive, as in Keras
   * @return the activation, or null if {@code name} is null or not one of these activations
   */
  public static Activation fromKerasName(String name) {
    if (name == null) {
      return null;
    }
    return switch (name) {
      case "linear" -> LINEAR;
      case "tanh" -> TANH;
      case "sigmoid" -> SIGMOID;
      case "relu" -> RELU;
      case "hard_sigmoid" -> HARD_SIGMOID;
      case "elu" -> ELU;
      case "selu" -> SELU;
      case "gelu" -> GELU;
      case "swish", "silu" -> SWISH;
      case "softplus" -> SOFTPLUS;
      case "softsign" -> SOFTSIGN;
      default -> null;
    };
  }

  /**
   * Applies this activation to one value. NaN maps to NaN; infinities and large magnitudes saturate
   * without producing NaN (except where the function itself is undefined, e.g. {@code
   * softsign(±inf)} and {@code swish(-inf)}).
   *
   * @param x the input
   * @return the activation of {@code x}, rounded once from a {@code double} computation
   */
  public float apply(float x) {
    // One switch rather than constant-specific bodies: the call stays monomorphic, so a scalar
    // loop that mixes activations still inlines it.
    return switch (this) {
      case LINEAR -> x;
      case TANH -> (float) Math.tanh(x);
      case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-x)));
      case RELU -> Math.max(x, 0f);
      case HARD_SIGMOID -> (float) (Math.min(Math.max(x + 3.0, 0.0), 6.0) / 6.0);
      case ELU -> x > 0f ? x : (float) Math.expm1(x);
      case SELU -> (float) (x > 0f ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * Math.expm1(x));
      case GELU -> (float) (0.5 * x * erfc(-x * 0.7071067811865476));
      case SWISH -> (float) (x / (1.0 + Math.exp(-x)));
      case SOFTPLUS -> (float) (Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs((double) x))));
      case SOFTSIGN -> (float) (x / (1.0 + Math.abs((double) x)));
    };
  }

  /**
   * The complementary error function {@code erfc(z) = 1 - erf(z)}, with relative error below 1.2e-7
   * for every z (Numerical Recipes' {@code erfcc}); hence {@code erf} has absolute error below
   * 1.2e-7 and GELU relative error below 1.2e-7. Java has no {@code erf}.
   *
   * @param z any value
   * @return {@code erfc(z)}, in [0, 2]
   */
  static double erfc(double z) {
    double a = Math.abs(z);
    double t = 1.0 / (1.0 + 0.5 * a);
    double p =
        ERFC_C0
            + t
                * (ERFC_C1
                    + t
                        * (ERFC_C2
                            + t
                                * (ERFC_C3
                                    + t
                                        * (ERFC_C4
                                            + t
                                                * (ERFC_C5
                                                    + t
                                                        * (ERFC_C6
                                                            + t
                                                                * (ERFC_C7
                                                                    + t
                                                                        * (ERFC_C8
                                                                            + t * ERFC_C9))))))));
    double e = t * Math.exp(-a * a + p);
    return z >= 0 ? e : 2.0 - e;
  }
}
