package dev.rnnc.runtime.simd;

/**
 * Derivatives of the {@link Activation}s, for backward passes.
 *
 * <p>Where TensorFlow's gradient (what Keras 3 trains with on its TensorFlow backend) is written in
 * terms of the activation's output, so is this one: {@code tanh} ({@code 1 - y²}), {@code sigmoid}
 * ({@code y(1 - y)}), {@code relu}, Keras 3's {@code hard_sigmoid} ({@code relu6(x + 3) / 6}, whose
 * gradient TensorFlow takes from relu6's output), {@code elu} and {@code selu}; {@code softplus}'s
 * derivative {@code sigmoid(x)} equals {@code 1 - exp(-y)} and is computed from the output too.
 * Those need only what the forward pass keeps anyway. {@code gelu}, {@code silu} and {@code
 * softsign} cannot be recovered from their output ({@link #needsInput}); their derivative needs the
 * input.
 *
 * <p>Each derivative is computed in {@code double} from float arguments and rounded once.
 */
public final class ActivationGradients {
  private static final double INV_SQRT_2PI = 0.3989422804014327; // 1 / sqrt(2π)

  private ActivationGradients() {}

  /**
   * Whether {@link #derivative} reads the activation's input {@code x} (else only its output {@code
   * y}).
   *
   * @param act the activation
   * @return true for {@code gelu}, {@code silu} and {@code softsign}
   */
  public static boolean needsInput(Activation act) {
    return act == Activation.GELU || act == Activation.SWISH || act == Activation.SOFTSIGN;
  }

  /**
   * Whether a recurrent cell's training step can keep its activated gates for the backward step
   * instead of their inputs: neither activation's derivative needs its input ({@link #needsInput}).
   * The LSTM and GRU training steps keep them then.
   *
   * @param act the cell (candidate) activation
   * @param recAct the gate activation
   * @return whether the outputs suffice
   */
  static boolean outputsSuffice(Activation act, Activation recAct) {
    return !needsInput(act) && !needsInput(recAct);
  }

  /**
   * {@code act'(x)}, given the input {@code x} and the output {@code y = act(x)}; {@code x} is read
   * only where {@link #needsInput} says so (pass anything otherwise).
   *
   * @param act the activation
   * @param x the activation's input
   * @param y the activation's output
   * @return the derivative at {@code x}
   */
  public static float derivative(Activation act, float x, float y) {
    return switch (act) {
      case LINEAR -> 1f;
      case TANH -> (float) (1.0 - (double) y * y);
      case SIGMOID -> (float) ((double) y * (1.0 - y));
      // TensorFlow's ReluGrad / Relu6Grad / EluGrad / SeluGrad all test the output.
      case RELU -> y > 0f ? 1f : 0f;
      case HARD_SIGMOID -> y > 0f && y < 1f ? (float) (1.0 / 6.0) : 0f;
      case ELU -> y > 0f ? 1f : (float) (y + 1.0);
      case SELU ->
          (float)
              (y > 0f ? Activation.SELU_SCALE : y + Activation.SELU_SCALE * Activation.SELU_ALPHA);
      case SOFTPLUS -> (float) -Math.expm1(-(double) y); // = sigmoid(x), accurate for small y too
      case GELU ->
          (float)
              (0.5 * Activation.erfc(-x * 0.7071067811865476)
                  + x * INV_SQRT_2PI * Math.exp(-0.5 * x * (double) x));
      case SWISH -> {
        double s = 1.0 / (1.0 + Math.exp(-x));
        yield (float) (s * (1.0 + x * (1.0 - s)));
      }
      case SOFTSIGN -> {
        double d = 1.0 + Math.abs((double) x);
        yield (float) (1.0 / (d * d));
      }
    };
  }

  /**
   * {@code grad[gOff + j] *= act'(x[xOff + j])} for {@code j < len}, from the outputs {@code y}
   * (and, where {@link #needsInput}, the inputs {@code x}, which may otherwise be null).
   *
   * @param act the activation
   * @param x the inputs, or null if not {@link #needsInput}
   * @param xOff offset of the first input
   * @param y the outputs
   * @param yOff offset of the first output
   * @param grad the gradients with respect to the outputs, turned into those with respect to the
   *     inputs
   * @param gOff offset of the first gradient
   * @param len the number of values
   */
  public static void backward(
      Activation act, float[] x, int xOff, float[] y, int yOff, float[] grad, int gOff, int len) {
    if (act == Activation.LINEAR) {
      return;
    }
    boolean input = needsInput(act);
    for (int j = 0; j < len; j++) {
      float xj = input ? x[xOff + j] : 0f;
      grad[gOff + j] *= derivative(act, xj, y[yOff + j]);
    }
  }
}
