package dev.rnnc.processor.generative;

/** Keras 3 activations by name, in double, written out from their definitions (not the runtime). */
final class Activations {
  private Activations() {}

  /** Every element-wise activation the generators use ({@code softmax} is the Dense head's). */
  static final String[] ELEMENTWISE = {
    "linear",
    "tanh",
    "sigmoid",
    "relu",
    "hard_sigmoid",
    "elu",
    "selu",
    "gelu",
    "swish",
    "softplus",
    "softsign"
  };

  static double apply(String name, double x) {
    return switch (name) {
      case "linear" -> x;
      case "tanh" -> Math.tanh(x);
      case "sigmoid" -> 1 / (1 + Math.exp(-x));
      case "relu" -> Math.max(0, x);
      case "hard_sigmoid" -> Math.min(6, Math.max(0, x + 3)) / 6; // Keras 3: relu6(x + 3) / 6
      case "elu" -> x > 0 ? x : Math.expm1(x);
      case "selu" -> 1.0507009873554804934 * (x > 0 ? x : 1.6732632423543772848 * Math.expm1(x));
      case "gelu" -> 0.5 * x * (1 + erf(x / Math.sqrt(2))); // Keras' default: exact, not tanh
      case "swish" -> x / (1 + Math.exp(-x));
      case "softplus" -> x > 30 ? x : Math.log1p(Math.exp(x));
      case "softsign" -> x / (1 + Math.abs(x));
      default -> throw new IllegalArgumentException("no activation " + name);
    };
  }

  /** erf by its Maclaurin series (|x| < 3) or erfc's continued fraction: about 1e-14. */
  static double erf(double x) {
    double a = Math.abs(x);
    double value;
    if (a < 3) {
      double sum = 0;
      double term = a; // (-1)^n a^(2n+1) / n!
      for (int n = 0; n < 100; n++) {
        sum += term / (2 * n + 1);
        term *= -a * a / (n + 1);
      }
      value = 2 / Math.sqrt(Math.PI) * sum;
    } else {
      double f = a;
      for (int n = 60; n >= 1; n--) {
        f = a + (n / 2.0) / f;
      }
      value = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
    }
    return Math.copySign(value, x);
  }
}
