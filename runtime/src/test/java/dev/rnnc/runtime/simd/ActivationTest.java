package dev.rnnc.runtime.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Activation}'s scalar definitions against independently known values, and its Keras names.
 */
class ActivationTest {

  /** {x, gelu(x)} with gelu = 0.5 x erfc(-x / sqrt 2) computed by mpmath at 40 digits. */
  private static final double[][] GELU = {
    {-10.0, -7.6198530241605261e-23},
    {-6.0, -5.9195258702261888e-9},
    {-4.0, -0.00012668496733247969},
    {-3.0, -0.0040496940948902836},
    {-2.5, -0.015524163314440338},
    {-2.0, -0.045500263896358414},
    {-1.5, -0.1002108019032871},
    {-1.0, -0.15865525393145705},
    {-0.5, -0.15426876936299345},
    {-0.25, -0.10032341857926907},
    {-0.125, -0.056282721896235888},
    {-0.0009765625, -0.00048790078905392525},
    {0.0, 0.0},
    {0.0009765625, 0.00048866171094607475},
    {0.125, 0.068717278103764112},
    {0.25, 0.14967658142073093},
    {0.5, 0.34573123063700655},
    {1.0, 0.84134474606854295},
    {1.5, 1.3997891980967129},
    {2.0, 1.9544997361036416},
    {2.5, 2.4844758366855597},
    {3.0, 2.9959503059051097},
    {4.0, 3.9998733150326675},
    {6.0, 5.9999999940804741},
    {10.0, 10.0},
  };

  @Test
  void geluMatchesExactErfToRelative2e7() {
    for (double[] p : GELU) {
      float got = Activation.GELU.apply((float) p[0]);
      assertEquals(p[1], got, 2e-7 * Math.abs(p[1]), () -> "gelu(" + p[0] + ")");
    }
  }

  @Test
  void erfcStaysWithinItsDocumentedBound() {
    // erfc(z) = 2 - erfc(-z), and a few mpmath values.
    assertEquals(1.0, Activation.erfc(0), 1.2e-7);
    assertEquals(0.15729920705028513, Activation.erfc(1), 1.2e-7 * 0.157);
    assertEquals(1.5204998778130465, Activation.erfc(-0.5), 1.2e-7 * 1.52);
    assertEquals(1.5374597944280349e-12, Activation.erfc(5), 1.2e-7 * 1.54e-12);
    assertEquals(2.0, Activation.erfc(-30), 0.0);
    assertEquals(0.0, Activation.erfc(Double.POSITIVE_INFINITY), 0.0);
  }

  @Test
  void knownValues() {
    assertClose(0.46211715726000976, Activation.TANH.apply(0.5f));
    assertClose(1.0, Activation.TANH.apply(30f));
    assertClose(-1.0, Activation.TANH.apply(-1e30f));
    assertClose(0.5, Activation.SIGMOID.apply(0f));
    assertClose(0.88079707797788244, Activation.SIGMOID.apply(2f));
    assertClose(3.720075976020836e-44, Activation.SIGMOID.apply(-100f));
    assertClose(1.0, Activation.SIGMOID.apply(100f));
    assertClose(0.0, Activation.RELU.apply(-2f));
    assertClose(2.0, Activation.RELU.apply(2f));
    assertClose(4.0 / 6.0, Activation.HARD_SIGMOID.apply(1f));
    assertClose(0.5, Activation.HARD_SIGMOID.apply(0f));
    assertClose(0.0, Activation.HARD_SIGMOID.apply(-3f));
    assertClose(1.0, Activation.HARD_SIGMOID.apply(3f));
    assertClose(0.0, Activation.HARD_SIGMOID.apply(-40f));
    assertClose(1.0, Activation.HARD_SIGMOID.apply(40f));
    assertClose(-0.63212055882855768, Activation.ELU.apply(-1f));
    assertClose(-1.0, Activation.ELU.apply(-100f));
    assertClose(3.0, Activation.ELU.apply(3f));
    assertClose(-1.1113307378125628, Activation.SELU.apply(-1f));
    assertClose(1.0507009873554805, Activation.SELU.apply(1f));
    assertClose(0.84134474606854295, Activation.GELU.apply(1f));
    assertClose(-0.15426876936299345, Activation.GELU.apply(-0.5f));
    assertClose(0.73105857863000488, Activation.SWISH.apply(1f));
    assertClose(-0.14227761953270034, Activation.SWISH.apply(-3f));
    assertClose(-3.720075976020836e-42, Activation.SWISH.apply(-100f));
    assertClose(Math.log(2), Activation.SOFTPLUS.apply(0f));
    assertClose(1.3132616875182228, Activation.SOFTPLUS.apply(1f));
    assertClose(5.0067153484891181, Activation.SOFTPLUS.apply(5f));
    assertClose(100.0, Activation.SOFTPLUS.apply(100f));
    assertClose(3.72e-44, Activation.SOFTPLUS.apply(-100f));
    assertClose(0.75, Activation.SOFTSIGN.apply(3f));
    assertClose(-0.75, Activation.SOFTSIGN.apply(-3f));
    assertClose(-7.5, Activation.LINEAR.apply(-7.5f));
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void finiteInputsNeverGiveNaN(Activation act) {
    float[] xs = {
      0f,
      -0f,
      1e-30f,
      -1e-30f,
      30f,
      -30f,
      88f,
      -88f,
      89f,
      -89f,
      100f,
      -100f,
      1e30f,
      -1e30f,
      Float.MAX_VALUE,
      -Float.MAX_VALUE
    };
    for (float x : xs) {
      assertFalse(Float.isNaN(act.apply(x)), () -> act + "(" + x + ")");
    }
    assertTrue(Float.isNaN(act.apply(Float.NaN)), () -> act + "(NaN)");
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void kerasNameRoundTrips(Activation act) {
    assertSame(act, Activation.fromKerasName(act.kerasName()));
  }

  @Test
  void kerasNames() {
    assertSame(Activation.SWISH, Activation.fromKerasName("swish"));
    assertSame(Activation.SWISH, Activation.fromKerasName("silu"));
    assertEquals("silu", Activation.SWISH.kerasName());
    assertEquals("hard_sigmoid", Activation.HARD_SIGMOID.kerasName());
    assertSame(Activation.LINEAR, Activation.fromKerasName("linear"));
    assertNull(Activation.fromKerasName("softmax"));
    assertNull(Activation.fromKerasName("Tanh"));
    assertNull(Activation.fromKerasName(""));
    assertNull(Activation.fromKerasName(null));
  }

  /** Within float rounding of the exact value: 1.5e-7 relative, or 1e-45 absolute near zero. */
  private static void assertClose(double expected, float actual) {
    assertEquals(expected, actual, Math.max(1.5e-7 * Math.abs(expected), 1e-45));
  }
}
