package dev.rnnc.runtime.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ActivationGradients#derivative} against central differences of the independent double
 * activations of {@link ReferenceRnn}, over [-8, 8] away from the kinks (0 for relu, elu and selu,
 * ±3 for hard_sigmoid), to {@value #TOLERANCE}: the float rounding of the output the formulas read
 * (for tanh, {@code 1 - y²} carries y's rounding) and, for gelu, the runtime's erfc approximation
 * (1.2e-7).
 */
class ActivationGradientsTest {
  static final double TOLERANCE = 5e-7;

  @ParameterizedTest
  @EnumSource(Activation.class)
  void derivativeMatchesFiniteDifferences(Activation act) {
    for (double x0 = -8; x0 <= 8; x0 += 0.0371) {
      float x = (float) x0;
      if (Math.abs(x) < 1e-3 || Math.abs(Math.abs(x) - 3) < 1e-3) {
        continue;
      }
      double eps = 1e-6;
      double expected =
          (ReferenceRnn.act(act, x + eps) - ReferenceRnn.act(act, x - eps)) / (2 * eps);
      float actual = ActivationGradients.derivative(act, x, act.apply(x));
      assertEquals(expected, actual, TOLERANCE, act + "'(" + x + ")");
    }
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void backwardScalesByTheDerivative(Activation act) {
    float[] x = {-2.5f, -0.5f, 0.25f, 1.75f};
    float[] y = new float[x.length];
    float[] grad = {0f, 0f, 0.5f, -2f, 3f, 0.25f, 0f};
    for (int j = 0; j < x.length; j++) {
      y[j] = act.apply(x[j]);
    }
    float[] expected = grad.clone();
    for (int j = 0; j < x.length; j++) {
      expected[2 + j] *= ActivationGradients.derivative(act, x[j], y[j]);
    }
    ActivationGradients.backward(
        act, ActivationGradients.needsInput(act) ? x : null, 0, y, 0, grad, 2, x.length);
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected, grad);
  }
}
