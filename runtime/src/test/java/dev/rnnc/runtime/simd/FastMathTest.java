package dev.rnnc.runtime.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fused steps' {@link VectorMath#fastTanh} and {@link VectorMath#fastSigmoid} against {@link
 * Math} in double, within their documented absolute bounds, on a sample of floats (every 257th
 * float of [-20, 20], eight million values spanning every exponent; the bounds themselves were
 * measured on every float) and on special values; {@link VectorMath#expRepeatably} within 1 ulp of
 * {@code Math.exp} on every float of its normal range, {@link VectorMath#expm1Units}' expm1 of
 * {@code Math.expm1} below 0, the copies of that exp in GELU's and swish's loops bit for bit, and
 * the repeatable GELU, swish, ELU and SELU against {@link Activation#apply}.
 */
class FastMathTest {

  @ParameterizedTest(name = "{0} bits")
  @ValueSource(ints = {128, 256, 512})
  void withinBoundsOnEveryExponent(int bits) {
    VectorSpecies<Float> s =
        FloatVector.SPECIES_512.withShape(jdk.incubator.vector.VectorShape.forBitSize(bits));
    VectorMath math = new VectorMath(Lanes.of(bits));
    int l = s.length();
    float[] x = new float[l], tanh = new float[l], sigmoid = new float[l];
    double worstTanh = 0, worstSigmoid = 0;
    int last = Float.floatToRawIntBits(20f);
    for (int sign = 0; sign < 2; sign++) {
      for (int bitsOf = 0; bitsOf <= last; ) {
        for (int j = 0; j < l; j++, bitsOf = Math.min(bitsOf + 257, last)) {
          x[j] = Float.intBitsToFloat(bitsOf | (sign << 31));
        }
        System.arraycopy(x, 0, tanh, 0, l);
        math.fastTanh(tanh, 0, l);
        System.arraycopy(x, 0, sigmoid, 0, l);
        math.fastSigmoid(sigmoid, 0, l);
        for (int j = 0; j < l; j++) {
          worstTanh = Math.max(worstTanh, Math.abs(tanh[j] - Math.tanh(x[j])));
          worstSigmoid =
              Math.max(worstSigmoid, Math.abs(sigmoid[j] - 1 / (1 + Math.exp(-(double) x[j]))));
        }
        if (bitsOf == last) {
          break;
        }
      }
    }
    assertTrue(worstTanh <= VectorMath.FAST_TANH_ERROR, "tanh error " + worstTanh);
    assertTrue(worstSigmoid <= VectorMath.FAST_SIGMOID_ERROR, "sigmoid error " + worstSigmoid);
  }

  @ParameterizedTest(name = "{0} bits")
  @ValueSource(ints = {128, 256, 512})
  void specialValues(int bits) {
    VectorMath math = new VectorMath(Lanes.of(bits));
    float[] x = {
      Float.NaN,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      Float.MAX_VALUE,
      -Float.MAX_VALUE,
      0f,
      -0f,
      Float.MIN_VALUE,
      100f,
      -100f,
      9f,
      -9f
    };
    float[] tanh = {Float.NaN, 1f, -1f, 1f, -1f, 0f, 0f, 0f, 1f, -1f, 1f, -1f};
    float[] sigmoid = {
      Float.NaN, 1f, 0f, 1f, 0f, 0.5f, 0.5f, 0.5f, 1f, 0f, 0.9998766f, 1.2339458e-4f
    };
    int l = bits / Float.SIZE;
    for (int i = 0; i < x.length; i++) {
      float[] t = new float[l];
      float[] g = new float[l];
      Arrays.fill(t, x[i]);
      Arrays.fill(g, x[i]);
      math.fastTanh(t, 0, l);
      math.fastSigmoid(g, 0, l);
      for (int j = 0; j < l; j++) {
        assertEquals(tanh[i], t[j], VectorMath.FAST_TANH_ERROR, "tanh(" + x[i] + ")");
        assertEquals(sigmoid[i], g[j], VectorMath.FAST_SIGMOID_ERROR, "sigmoid(" + x[i] + ")");
      }
    }
  }

  /**
   * Within 1 ulp of {@code Math.exp} where exp is a normal float, on every 257th float of that
   * range (every float passed once, in nine minutes at the three widths).
   */
  @ParameterizedTest(name = "{0} bits")
  @ValueSource(ints = {128, 256, 512})
  void expIsWithinOneUlpOverItsNormalRange(int bits) {
    VectorMath math = new VectorMath(Lanes.of(bits));
    Worst worst = worstUlps(bits, -87.33654f, 88.72283f, 0, math::expRepeatably, Math::exp);
    assertTrue(worst.ulps() <= 1, "exp is " + worst.ulps() + " ulp off at " + worst.at());
  }

  /** The largest error in ulps of a sweep, and where. */
  private record Worst(double ulps, float at) {}

  /**
   * The largest error in ulps of {@code inPlace} against {@code exact} over every 257th float of
   * [from, to], a vector at a time; where {@code exact} is below {@code floor}, an error below
   * {@code floor} counts as none (and any other as infinitely many).
   */
  private static Worst worstUlps(
      int bits,
      float from,
      float to,
      float floor,
      TriConsumer inPlace,
      java.util.function.DoubleUnaryOperator exact) {
    int l = Lanes.of(bits).species().length();
    float[] x = new float[l], y = new float[l];
    double worst = 0;
    float worstAt = 0;
    for (float v = from; v <= to; ) {
      for (int j = 0; j < l; j++) {
        x[j] = v;
        v = v <= to ? every257th(v) : v;
      }
      System.arraycopy(x, 0, y, 0, l);
      inPlace.accept(y, 0, l);
      for (int j = 0; j < l; j++) {
        double expected = exact.applyAsDouble(x[j]);
        double error = Math.abs(y[j] - expected);
        double ulps =
            expected < floor
                ? (error < floor ? 0 : Double.POSITIVE_INFINITY)
                : error / Math.ulp((float) expected);
        if (ulps > worst) {
          worst = ulps;
          worstAt = x[j];
        }
      }
      if (v > to) {
        break;
      }
    }
    return new Worst(worst, worstAt);
  }

  /** A kernel over {@code a[from .. to)}, in place. */
  private interface TriConsumer {
    void accept(float[] a, int from, int to);
  }

  /** The float 257 floats above {@code v} (0 where that would cross it). */
  private static float every257th(float v) {
    int bits = Float.floatToRawIntBits(v);
    if (v < 0) {
      return (bits & 0x7fffffff) <= 257 ? 0f : Float.intBitsToFloat(bits - 257);
    }
    return Float.intBitsToFloat(bits + 257);
  }

  /** Within 1 ulp of {@code Math.expm1} on every 257th float of [ln(MIN_NORMAL), -0]. */
  @ParameterizedTest(name = "{0} bits")
  @ValueSource(ints = {128, 256, 512})
  void expm1IsWithinOneUlpBelowZero(int bits) {
    VectorSpecies<Float> s =
        FloatVector.SPECIES_512.withShape(jdk.incubator.vector.VectorShape.forBitSize(bits));
    VectorMath math = new VectorMath(Lanes.of(bits));
    int l = s.length();
    float[] x = new float[l], e = new float[l];
    double worst = 0;
    float worstAt = 0;
    for (int magnitude = Float.floatToRawIntBits(87.33654f); magnitude > 0; ) {
      for (int j = 0; j < l; j++) {
        x[j] = -Float.intBitsToFloat(Math.max(magnitude, 0)); // toward -0
        magnitude -= 257;
      }
      System.arraycopy(x, 0, e, 0, l);
      math.expm1Units(e, 0, l, 1f, 1f); // ELU: e^x - 1 for x <= 0
      for (int j = 0; j < l; j++) {
        double exact = Math.expm1(x[j]);
        double ulps =
            exact == 0 ? Math.abs(e[j]) : Math.abs(e[j] - exact) / Math.ulp((float) exact);
        if (ulps > worst) {
          worst = ulps;
          worstAt = x[j];
        }
      }
    }
    assertTrue(worst <= 1, "expm1 is " + worst + " ulp off at " + worstAt);
    float[] special = {Float.NaN, Float.NEGATIVE_INFINITY, -100f, -0f, 0f, -1e-30f};
    float[] expected = {Float.NaN, -1f, -1f, -0f, 0f, -1e-30f};
    for (int i = 0; i < special.length; i++) {
      Arrays.fill(e, special[i]);
      math.expm1Units(e, 0, l, 1f, 1f);
      assertEquals(expected[i], e[0], "expm1(" + special[i] + ")");
    }
  }

  @ParameterizedTest(name = "{0} bits")
  @ValueSource(ints = {128, 256, 512})
  void expSpecialValues(int bits) {
    float[] x = {
      Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 88.8f, -87.4f, 1f, -1f
    };
    float[] expected = {
      Float.NaN,
      Float.POSITIVE_INFINITY,
      0f,
      1f,
      1f,
      Float.POSITIVE_INFINITY,
      0f,
      2.7182817f,
      0.36787945f
    };
    VectorSpecies<Float> s =
        FloatVector.SPECIES_512.withShape(jdk.incubator.vector.VectorShape.forBitSize(bits));
    VectorMath math = new VectorMath(Lanes.of(bits));
    float[] out = new float[s.length()];
    for (int i = 0; i < x.length; i++) {
      Arrays.fill(out, x[i]);
      math.expRepeatably(out, 0, out.length);
      assertEquals(expected[i], out[0], "exp(" + x[i] + ")");
    }
  }

  /**
   * The training kernels' GELU, swish, ELU and SELU, vector and tail, against the scalar
   * definitions.
   */
  @ParameterizedTest(name = "{0} bits")
  @ValueSource(ints = {128, 256, 512})
  void repeatableActivationsFollowTheirDefinitions(int bits) {
    FloatKernels k = VectorKernels.of(bits);
    int n = 1003; // a tail after the whole vectors
    for (Activation act :
        new Activation[] {
          Activation.GELU, Activation.SWISH, Activation.ELU, Activation.SELU, Activation.SOFTPLUS
        }) {
      float[] x = new float[n];
      for (int i = 0; i < n; i++) {
        x[i] = -30f + 60f * i / (n - 1);
      }
      float[] y = x.clone();
      k.activateRepeatably(act, y, 0, n);
      for (int i = 0; i < n; i++) {
        float expected = act.apply(x[i]);
        assertEquals(
            expected, y[i], 1e-6f * Math.max(1f, Math.abs(expected)), act + "(" + x[i] + ")");
      }
    }
  }

  /**
   * GELU's and swish's loops carry their own copies of {@link VectorMath#expRepeatably}'s code (no
   * vector crosses a call): on whole vectors they give the bits of their definitions written with
   * that exp, and SELU those of ELU's expm1 scaled.
   */
  @ParameterizedTest(name = "{0} bits")
  @ValueSource(ints = {128, 256, 512})
  void repeatableLoopsCopyTheReferenceExp(int bits) {
    VectorMath math = new VectorMath(Lanes.of(bits));
    int n = 4096;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = -100f + 200f * i / (n - 1);
    }
    float[] special = {Float.NaN, -0f, 0f, 1e-30f, -1e-30f, 87f, -87f, 200f, -200f};
    System.arraycopy(special, 0, x, 0, special.length);
    float[] gelu = x.clone(), swish = x.clone(), elu = x.clone(), selu = x.clone();
    math.applyRepeatably(Activation.GELU, gelu, 0, n);
    math.applyRepeatably(Activation.SWISH, swish, 0, n);
    math.applyRepeatably(Activation.ELU, elu, 0, n);
    math.applyRepeatably(Activation.SELU, selu, 0, n);

    float[] minusX = new float[n], d = new float[n], geluArg = new float[n];
    for (int i = 0; i < n; i++) {
      minusX[i] = -x[i];
      float z = Math.abs(x[i] * (float) -0.7071067811865476);
      d[i] = 1f / (z * 0.5f + 1f);
      float q = (float) Activation.ERFC_C9;
      q = Math.fma(q, d[i], (float) Activation.ERFC_C8);
      q = Math.fma(q, d[i], (float) Activation.ERFC_C7);
      q = Math.fma(q, d[i], (float) Activation.ERFC_C6);
      q = Math.fma(q, d[i], (float) Activation.ERFC_C5);
      q = Math.fma(q, d[i], (float) Activation.ERFC_C4);
      q = Math.fma(q, d[i], (float) Activation.ERFC_C3);
      q = Math.fma(q, d[i], (float) Activation.ERFC_C2);
      q = Math.fma(q, d[i], (float) Activation.ERFC_C1);
      q = Math.fma(q, d[i], (float) Activation.ERFC_C0);
      geluArg[i] = Math.fma(-z, z, q);
    }
    math.expRepeatably(minusX, 0, n);
    math.expRepeatably(geluArg, 0, n);
    float seluScale = (float) Activation.SELU_SCALE;
    float seluAlphaScale = (float) (Activation.SELU_ALPHA * Activation.SELU_SCALE);
    for (int i = 0; i < n; i++) {
      float e = d[i] * geluArg[i];
      float erfc = x[i] * (float) -0.7071067811865476 < 0f ? -e + 2f : e;
      assertBits(x[i] * 0.5f * erfc, gelu[i], "GELU(" + x[i] + ")");
      assertBits(x[i] / (minusX[i] + 1f), swish[i], "swish(" + x[i] + ")");
      float scaled = x[i] > 0f ? x[i] * seluScale : elu[i] * seluAlphaScale;
      assertBits(scaled, selu[i], "SELU(" + x[i] + ")");
    }
  }

  private static void assertBits(float expected, float actual, String what) {
    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual), what);
  }

  /**
   * Softplus within 2 ulp of {@link Activation#apply}'s (computed in double, then rounded) on every
   * 257th float of [-100, 100] where that is a normal float, and below {@code Float.MIN_NORMAL}
   * where it is subnormal (below about -87.3, where the exp flushes to 0), at each vector width;
   * NaN and the infinities as {@code Math}'s.
   */
  @ParameterizedTest(name = "{0} bits")
  @ValueSource(ints = {128, 256, 512})
  void softplusIsWithinTwoUlps(int bits) {
    VectorMath math = new VectorMath(Lanes.of(bits));
    // where e^x is subnormal the exp flushes it to 0 (as documented): off by less than the
    // smallest normal float there
    Worst worst =
        worstUlps(
            bits,
            -100f,
            100f,
            Float.MIN_NORMAL,
            (a, from, to) -> math.applyRepeatably(Activation.SOFTPLUS, a, from, to - from),
            x -> Activation.SOFTPLUS.apply((float) x));
    assertTrue(worst.ulps() <= 2, "softplus is " + worst.ulps() + " ulp off at " + worst.at());
    int l = Lanes.of(bits).species().length();
    float[] y = new float[l];
    float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f};
    for (float v : special) {
      Arrays.fill(y, v);
      math.applyRepeatably(Activation.SOFTPLUS, y, 0, l);
      assertEquals(Activation.SOFTPLUS.apply(v), y[0], "softplus(" + v + ")");
    }
  }
}
