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
 * measured on every float) and on special values.
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
}
