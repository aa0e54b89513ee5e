package dev.rnnc.runtime.simd;

import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LT;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The activations over ranges of an array, lane by lane, with the semantics of {@link
 * Activation#apply}: each method loads, computes and stores within its own loop body.
 *
 * <p>No vector ever crosses a call to a method of ours. C2 inlines small methods only until the
 * compilation reaches its node budget ({@code NodeCountInliningCutoff}); past it, a call is left
 * out of line, and a vector passed to or returned from such a call is boxed: an allocation on every
 * call (the fused LSTM step's large products used to push the activation helpers past the budget
 * depending on what else the JVM had compiled, 34 KB per Forecaster call). Methods taking arrays
 * are safe whether inlined or not; the Vector API's own methods are force-inlined. So each
 * activation's vector code is written out in its loop, and a second copy of the same expression
 * (fast tanh inside fast sigmoid, the training activations' exp in GELU's and swish's loops) is a
 * copy, not a call. The exception, {@link #fastTanh(FloatVector)}, is called only from small loops,
 * into which C2 inlines it; a large caller elsewhere would risk the boxing above. (A vector exp and
 * expm1 for the training activations were first written as such helpers: in one test JVM C2 left
 * the expm1 out of line in ELU's loop and boxed every vector, docs/performance.md.)
 *
 * <p>No activation here uses the Vector API's transcendentals ({@code lanewise(EXP / EXPM1 / LOG1P
 * / TANH)}): the interpreter and C1 compute them with the JDK's Java code and C2 with its own
 * vector math stubs, which differ in the last bit, so a prediction made before the JIT compiled
 * them differed from one made after. Tanh is {@link #fastTanh} (the fused recurrent steps' rational
 * function, TensorFlow's), sigmoid, ELU, SELU, GELU, swish and softplus take an exp of IEEE
 * operations alone ({@link #expRepeatably}, within 1 ulp of {@code Math.exp}), softplus a log1p of
 * such operations too. The species comes from {@link Lanes}, a JIT constant, so a loop compiled on
 * its own is vectorized as well as one inlined into its caller.
 */
final class VectorMath {
  private static final float SELU_SCALE = (float) Activation.SELU_SCALE;
  private static final float SELU_ALPHA_SCALE =
      (float) (Activation.SELU_ALPHA * Activation.SELU_SCALE);

  // The fused recurrent steps' gate math: tanh as the [13/6] rational function of Eigen and
  // PyTorch (and so of TensorFlow's CPU kernels, which compute Keras' tanh with Eigen), about 12
  // FMA-unit operations and one division, against roughly 40 cycles per vector for SVML's tanh.
  // Error against Math in double, measured over every float in [-20, 20] (beyond, the input is
  // clamped, so the error is that at the clamp): at most 3.17e-7 for tanh (at x = 2.18, about 3
  // ulp) and 1.86e-7 for sigmoid; FastMathTest re-checks a sample. Absolute, not relative, bounds:
  // right for gates and states of magnitude <= 1, not for sigmoid's far tails.

  /** Bound on {@code |fastTanh(x) - tanh(x)|} for every float x. */
  static final double FAST_TANH_ERROR = 3.2e-7;

  /** Bound on {@code |fastSigmoid(x) - sigmoid(x)|} for every float x. */
  static final double FAST_SIGMOID_ERROR = 1.9e-7;

  // The input is clamped to [-9, 9] by compare and blend rather than max/min: the same value for
  // every float (an unordered compare is false, so NaN passes through), but Java's vector max/min
  // must order NaN and -0.0 and compile to several instructions each; on M4's chain of ten tanh
  // calls that was measurable (docs/performance.md).
  static final float TANH_CLAMP = 9f; // tanh(9) rounds to 1 in float
  static final float TANH_A1 = 4.89352455891786e-03f;
  static final float TANH_A3 = 6.37261928875436e-04f;
  static final float TANH_A5 = 1.48572235717979e-05f;
  static final float TANH_A7 = 5.12229709037114e-08f;
  static final float TANH_A9 = -8.60467152213735e-11f;
  static final float TANH_A11 = 2.00018790482477e-13f;
  static final float TANH_A13 = -2.76076847742355e-16f;
  static final float TANH_B0 = 4.89352518554385e-03f;
  static final float TANH_B2 = 2.26843463243900e-03f;
  static final float TANH_B4 = 1.18534705686654e-04f;
  static final float TANH_B6 = 1.19825839466702e-06f;

  // The sigmoids' fractions written in the gate sum v rather than x = v/2: with w = v², Q(x²) =
  // Q'(w) and x·P(x²) = v·P'(w), each coefficient scaled by a power of two (exact in float, so the
  // values are those computed from x, without a multiply on the chain). LstmCellUpdate and
  // GruCellUpdate use
  // them.
  static final float SIGMOID_CLAMP = 2 * TANH_CLAMP;
  static final float SIG_A1 = TANH_A1 / 2;
  static final float SIG_A3 = TANH_A3 / 8;
  static final float SIG_A5 = TANH_A5 / 32;
  static final float SIG_A7 = TANH_A7 / 128;
  static final float SIG_A9 = TANH_A9 / 512;
  static final float SIG_A11 = TANH_A11 / 2048;
  static final float SIG_A13 = TANH_A13 / 8192;
  static final float SIG_B2 = TANH_B2 / 4;
  static final float SIG_B4 = TANH_B4 / 16;
  static final float SIG_B6 = TANH_B6 / 64;

  /** Floats per call of an activation's loop in {@link #apply}: a multiple of every lane count. */
  private static final int CHUNK = 256;

  private final Lanes lanes;

  VectorMath(Lanes lanes) {
    this.lanes = lanes;
  }

  /**
   * {@code a[from .. to) = tanh(a[from .. to))} in place, whole vectors, to within {@link
   * #FAST_TANH_ERROR}; NaN stays NaN, infinities give ±1. The polynomials in {@code y = x²} are
   * evaluated by Estrin's scheme rather than Horner's: two more multiplies, but a dependency chain
   * of 4 operations instead of 7, which is what a small recurrent layer waits on every step.
   */
  void fastTanh(float[] a, int from, int to) {
    VectorSpecies<Float> s = lanes.species();
    for (int j = from; j < to; j += s.length()) {
      fastTanh(FloatVector.fromArray(s, a, j)).intoArray(a, j);
    }
  }

  /** {@link #fastTanh(float[], int, int)} of one vector, for steps that keep gates in registers. */
  FloatVector fastTanh(FloatVector x) {
    x =
        x.blend(TANH_CLAMP, x.compare(GT, TANH_CLAMP))
            .blend(-TANH_CLAMP, x.compare(LT, -TANH_CLAMP));
    FloatVector y = x.mul(x);
    FloatVector y2 = y.mul(y);
    FloatVector y4 = y2.mul(y2);
    FloatVector p01 = y.fma(TANH_A3, TANH_A1);
    FloatVector p23 = y.fma(TANH_A7, TANH_A5);
    FloatVector p45 = y.fma(TANH_A11, TANH_A9);
    FloatVector p03 = p23.fma(y2, p01);
    FloatVector p46 = y2.fma(y2.broadcast(TANH_A13), p45);
    FloatVector p = p46.fma(y4, p03);
    FloatVector q01 = y.fma(TANH_B2, TANH_B0);
    FloatVector q23 = y.fma(TANH_B6, TANH_B4);
    FloatVector q = q23.fma(y2, q01);
    return x.mul(p).div(q);
  }

  /**
   * {@code a[from .. to) = sigmoid(a[from .. to))} in place, whole vectors, as {@code (1 + tanh(x /
   * 2)) / 2} with {@link #fastTanh}'s expression, to within {@link #FAST_SIGMOID_ERROR}.
   */
  void fastSigmoid(float[] a, int from, int to) {
    VectorSpecies<Float> s = lanes.species();
    for (int j = from; j < to; j += s.length()) {
      fastSigmoid(FloatVector.fromArray(s, a, j)).intoArray(a, j);
    }
  }

  /** {@link #fastSigmoid(float[], int, int)} of one vector, for steps with gates in registers. */
  FloatVector fastSigmoid(FloatVector x) {
    return fastTanh(x.mul(0.5f)).fma(0.5f, 0.5f);
  }

  /**
   * Whether {@code act} needs no exp or tanh at all (ReLU, hard sigmoid, softsign, linear): {@link
   * #apply} and {@link #applyRepeatably} would compute it alike, with arithmetic alone.
   */
  static boolean exact(Activation act) {
    return switch (act) {
      case LINEAR, RELU, HARD_SIGMOID, SOFTSIGN -> true;
      case TANH, SIGMOID, ELU, SELU, GELU, SWISH, SOFTPLUS -> false;
    };
  }

  /**
   * {@code a[off + j] = act(a[off + j])} for {@code j < len}, a multiple of the lane count, as the
   * training passes take it, for every activation that is not {@link #exact}: tanh and sigmoid as
   * {@link #fastTanh} and {@link #fastSigmoid} (the fused training steps' functions, where {@link
   * #apply}'s sigmoid takes an exp), GELU, swish and softplus with {@link #expRepeatably}'s exp,
   * ELU and SELU with an expm1 on its reduction ({@link #expm1Units}); IEEE operations alone, the
   * same bits in every JIT tier. In chunks, as {@link #apply}.
   */
  void applyRepeatably(Activation act, float[] a, int off, int len) {
    for (int at = off; at < off + len; at += CHUNK) {
      int end = Math.min(at + CHUNK, off + len);
      switch (act) {
        case TANH -> fastTanh(a, at, end);
        case SIGMOID -> fastSigmoid(a, at, end);
        case GELU -> geluRepeatably(a, at, end);
        case SWISH -> swishRepeatably(a, at, end);
        case ELU -> expm1Units(a, at, end, 1f, 1f);
        case SELU -> expm1Units(a, at, end, SELU_ALPHA_SCALE, SELU_SCALE);
        case SOFTPLUS -> softplusRepeatably(a, at, end);
        default -> throw new IllegalArgumentException(act + " has no repeatable vector form");
      }
    }
  }

  // exp by Cody and Waite's reduction, x = n·ln 2 + r with |r| <= ln 2 / 2, and Cephes' expf
  // polynomial for e^r (its coefficients and the split of ln 2; Moshier, Cephes Math Library):
  // within 1 ulp of Math.exp on every float of [EXP_MIN, EXP_MAX] (checked once on every float;
  // FastMathTest samples every 257th). n is rounded by adding 1.5·2^23, and 2^n built in the
  // exponent bits, in two factors so that n = 128 stays finite.
  private static final float LOG2E = 1.44269504088896341f;
  private static final float LN2_HI = 0.693359375f;
  private static final float LN2_LO = -2.12194440e-4f;
  private static final float ROUND_TO_INTEGER = 12582912f; // 1.5·2^23
  private static final int ROUND_TO_INTEGER_BITS = 0x4B400000;
  private static final float EXP_MAX = 88.72283905206835f; // ln(Float.MAX_VALUE)
  private static final float EXP_MIN = -87.33654475055311f; // ln(Float.MIN_NORMAL)
  // Cephes expf's polynomial P: e^r = 1 + r + r²·P(r) for |r| <= ln 2 / 2, P(r) = P0 + P1·r + ...
  private static final float EXP_P0 = 5.0000001201e-1f;
  private static final float EXP_P1 = 1.6666665459e-1f;
  private static final float EXP_P2 = 4.1665795894e-2f;
  private static final float EXP_P3 = 8.3334519073e-3f;
  private static final float EXP_P4 = 1.3981999507e-3f;
  private static final float EXP_P5 = 1.9875691500e-4f;

  /**
   * {@code a[j] = e^a[j]} for {@code from <= j < to} (whole vectors) with IEEE operations alone
   * (fma, multiply, add, compare, integer shifts), so with the same bits in every JIT tier, within
   * 1 ulp of {@code Math.exp}; +inf above {@code ln(Float.MAX_VALUE)}, 0 below {@code
   * ln(Float.MIN_NORMAL)} (where {@code Math.exp} is subnormal), NaN for NaN. Sigmoid and softmax
   * call it; {@link #geluRepeatably} and {@link #swishRepeatably} carry copies of its code, tested
   * against it.
   */
  void expRepeatably(float[] a, int from, int to) {
    VectorSpecies<Float> s = lanes.species();
    for (int j = from; j < to; j += s.length()) {
      FloatVector x = FloatVector.fromArray(s, a, j);
      FloatVector c =
          x.blend(EXP_MAX, x.compare(GT, EXP_MAX)).blend(EXP_MIN, x.compare(LT, EXP_MIN));
      FloatVector t = c.fma(LOG2E, ROUND_TO_INTEGER);
      FloatVector n = t.sub(ROUND_TO_INTEGER);
      FloatVector r = n.fma(c.broadcast(-LN2_HI), c);
      r = n.fma(c.broadcast(-LN2_LO), r);
      FloatVector p = r.broadcast(EXP_P5).fma(r, r.broadcast(EXP_P4)).fma(r, r.broadcast(EXP_P3));
      p = p.fma(r, r.broadcast(EXP_P2)).fma(r, r.broadcast(EXP_P1)).fma(r, r.broadcast(EXP_P0));
      IntVector whole = t.reinterpretAsInts().sub(ROUND_TO_INTEGER_BITS);
      IntVector half = whole.lanewise(ASHR, 1);
      p.mul(r.mul(r))
          .add(r)
          .add(1f)
          .mul(half.add(127).lanewise(LSHL, 23).reinterpretAsFloats())
          .mul(whole.sub(half).add(127).lanewise(LSHL, 23).reinterpretAsFloats())
          .blend(Float.POSITIVE_INFINITY, x.compare(GT, EXP_MAX))
          .blend(0f, x.compare(LT, EXP_MIN))
          .intoArray(a, j);
    }
  }

  /**
   * {@code a[j] = a[j] > 0 ? positive·a[j] : negative·(e^a[j] - 1)} for {@code from <= j < to}
   * (whole vectors): ELU (1, 1) and SELU (alpha·scale, scale) with the same bits in every JIT tier.
   * {@code e^x - 1} is {@link #expRepeatably}'s reduction written {@code 2^n·(e^r - 1) + (2^n - 1)}
   * with one rounding, so that it keeps its relative accuracy near 0: within 1 ulp of {@code
   * Math.expm1} on every float of {@code [ln(Float.MIN_NORMAL), 0]} (checked once on every float),
   * -1 below, NaN for NaN, ±0 for ±0.
   */
  void expm1Units(float[] a, int from, int to, float negative, float positive) {
    VectorSpecies<Float> s = lanes.species();
    for (int j = from; j < to; j += s.length()) {
      FloatVector x = FloatVector.fromArray(s, a, j);
      FloatVector c = x.blend(0f, x.compare(GT, 0f)).blend(EXP_MIN, x.compare(LT, EXP_MIN));
      FloatVector t = c.fma(LOG2E, ROUND_TO_INTEGER);
      FloatVector n = t.sub(ROUND_TO_INTEGER);
      FloatVector r = n.fma(c.broadcast(-LN2_HI), c);
      r = n.fma(c.broadcast(-LN2_LO), r);
      FloatVector p = r.broadcast(EXP_P5).fma(r, r.broadcast(EXP_P4)).fma(r, r.broadcast(EXP_P3));
      p = p.fma(r, r.broadcast(EXP_P2)).fma(r, r.broadcast(EXP_P1)).fma(r, r.broadcast(EXP_P0));
      FloatVector expR1 = p.mul(r.mul(r)).add(r); // e^r - 1
      FloatVector scale = // 2^n, n in [-126, 0]
          t.reinterpretAsInts()
              .sub(ROUND_TO_INTEGER_BITS)
              .add(127)
              .lanewise(LSHL, 23)
              .reinterpretAsFloats();
      scale
          .fma(expR1, scale.sub(1f))
          .blend(-1f, x.compare(LT, EXP_MIN))
          .blend(x, x.compare(EQ, 0f))
          .mul(negative)
          .blend(x.mul(positive), x.compare(GT, 0f))
          .intoArray(a, j);
    }
  }

  /**
   * GELU as {@code 0.5 * x * erfc(-x / sqrt(2))}, with {@code erfc} from the same approximation as
   * {@link Activation#erfc} (relative error below 1.2e-7, plus float rounding), and {@link
   * #expRepeatably}'s exp written out in the loop. Writing GELU with {@code erfc} keeps its
   * relative accuracy in the negative tail, where {@code 1 + erf} cancels; fma keeps {@code -z*z}
   * exact before exp's argument is rounded, which matters for large {@code z}.
   */
  private void geluRepeatably(float[] a, int from, int to) {
    VectorSpecies<Float> s = lanes.species();
    for (int j = from; j < to; j += s.length()) {
      FloatVector v = FloatVector.fromArray(s, a, j);
      FloatVector u = v.mul((float) -0.7071067811865476);
      FloatVector z = u.abs();
      FloatVector d = v.broadcast(1f).div(z.mul(0.5f).add(1f));
      FloatVector q = v.broadcast((float) Activation.ERFC_C9);
      q = q.fma(d, v.broadcast((float) Activation.ERFC_C8));
      q = q.fma(d, v.broadcast((float) Activation.ERFC_C7));
      q = q.fma(d, v.broadcast((float) Activation.ERFC_C6));
      q = q.fma(d, v.broadcast((float) Activation.ERFC_C5));
      q = q.fma(d, v.broadcast((float) Activation.ERFC_C4));
      q = q.fma(d, v.broadcast((float) Activation.ERFC_C3));
      q = q.fma(d, v.broadcast((float) Activation.ERFC_C2));
      q = q.fma(d, v.broadcast((float) Activation.ERFC_C1));
      q = q.fma(d, v.broadcast((float) Activation.ERFC_C0));
      FloatVector x = z.neg().fma(z, q); // exp's argument
      FloatVector c =
          x.blend(EXP_MAX, x.compare(GT, EXP_MAX)).blend(EXP_MIN, x.compare(LT, EXP_MIN));
      FloatVector t = c.fma(LOG2E, ROUND_TO_INTEGER);
      FloatVector n = t.sub(ROUND_TO_INTEGER);
      FloatVector r = n.fma(c.broadcast(-LN2_HI), c);
      r = n.fma(c.broadcast(-LN2_LO), r);
      FloatVector p = r.broadcast(EXP_P5).fma(r, r.broadcast(EXP_P4)).fma(r, r.broadcast(EXP_P3));
      p = p.fma(r, r.broadcast(EXP_P2)).fma(r, r.broadcast(EXP_P1)).fma(r, r.broadcast(EXP_P0));
      IntVector whole = t.reinterpretAsInts().sub(ROUND_TO_INTEGER_BITS);
      IntVector half = whole.lanewise(ASHR, 1);
      FloatVector exp =
          p.mul(r.mul(r))
              .add(r)
              .add(1f)
              .mul(half.add(127).lanewise(LSHL, 23).reinterpretAsFloats())
              .mul(whole.sub(half).add(127).lanewise(LSHL, 23).reinterpretAsFloats())
              .blend(Float.POSITIVE_INFINITY, x.compare(GT, EXP_MAX))
              .blend(0f, x.compare(LT, EXP_MIN));
      FloatVector e = d.mul(exp);
      FloatVector erfc = e.blend(e.neg().add(2f), u.compare(LT, 0f));
      v.mul(0.5f).mul(erfc).intoArray(a, j);
    }
  }

  /**
   * Swish as {@code x / (1 + exp(-x))} (one division instead of {@code x * sigmoid(x)}'s two
   * operations), with {@link #expRepeatably}'s exp written out in the loop.
   */
  private void swishRepeatably(float[] a, int from, int to) {
    VectorSpecies<Float> s = lanes.species();
    for (int j = from; j < to; j += s.length()) {
      FloatVector v = FloatVector.fromArray(s, a, j);
      FloatVector x = v.neg(); // exp's argument
      FloatVector c =
          x.blend(EXP_MAX, x.compare(GT, EXP_MAX)).blend(EXP_MIN, x.compare(LT, EXP_MIN));
      FloatVector t = c.fma(LOG2E, ROUND_TO_INTEGER);
      FloatVector n = t.sub(ROUND_TO_INTEGER);
      FloatVector r = n.fma(c.broadcast(-LN2_HI), c);
      r = n.fma(c.broadcast(-LN2_LO), r);
      FloatVector p = r.broadcast(EXP_P5).fma(r, r.broadcast(EXP_P4)).fma(r, r.broadcast(EXP_P3));
      p = p.fma(r, r.broadcast(EXP_P2)).fma(r, r.broadcast(EXP_P1)).fma(r, r.broadcast(EXP_P0));
      IntVector whole = t.reinterpretAsInts().sub(ROUND_TO_INTEGER_BITS);
      IntVector half = whole.lanewise(ASHR, 1);
      FloatVector exp =
          p.mul(r.mul(r))
              .add(r)
              .add(1f)
              .mul(half.add(127).lanewise(LSHL, 23).reinterpretAsFloats())
              .mul(whole.sub(half).add(127).lanewise(LSHL, 23).reinterpretAsFloats())
              .blend(Float.POSITIVE_INFINITY, x.compare(GT, EXP_MAX))
              .blend(0f, x.compare(LT, EXP_MIN));
      v.div(exp.add(1f)).intoArray(a, j);
    }
  }

  // log by Cephes' logf (Moshier): the mantissa reduced to [sqrt(1/2), sqrt(2)), log(1 + f) =
  // f - f²/2 + f³·P(f), and the exponent's ln 2 in two parts (LN2_HI, LN2_LO above).
  private static final float SQRT2 = 1.41421356f;
  private static final float LOG_P0 = 7.0376836292e-2f;
  private static final float LOG_P1 = -1.1514610310e-1f;
  private static final float LOG_P2 = 1.1676998740e-1f;
  private static final float LOG_P3 = -1.2420140846e-1f;
  private static final float LOG_P4 = 1.4249322787e-1f;
  private static final float LOG_P5 = -1.6668057665e-1f;
  private static final float LOG_P6 = 2.0000714765e-1f;
  private static final float LOG_P7 = -2.4999993993e-1f;
  private static final float LOG_P8 = 3.3333331174e-1f;

  /**
   * Softplus as {@code max(x, 0) + log1p(e^-|x|)}, as {@link Activation#apply} computes it in
   * double: {@link #expRepeatably}'s exp written out, and {@code log1p(y)} as {@code log(u)·y / (u
   * - 1)} with {@code u = 1 + y} (Goldberg's correction for what the rounding of {@code 1 + y}
   * lost; {@code y} itself where {@code u} rounds to 1), the log by Cephes' logf on {@code u} in
   * [1, 2]. IEEE operations alone, so the same bits in every JIT tier (FastMathTest bounds its
   * error).
   */
  private void softplusRepeatably(float[] a, int from, int to) {
    VectorSpecies<Float> s = lanes.species();
    for (int j = from; j < to; j += s.length()) {
      FloatVector v = FloatVector.fromArray(s, a, j);
      FloatVector x = v.abs().neg(); // exp's argument, at most 0
      FloatVector c = x.blend(EXP_MIN, x.compare(LT, EXP_MIN));
      FloatVector t = c.fma(LOG2E, ROUND_TO_INTEGER);
      FloatVector n = t.sub(ROUND_TO_INTEGER);
      FloatVector r = n.fma(c.broadcast(-LN2_HI), c);
      r = n.fma(c.broadcast(-LN2_LO), r);
      FloatVector p = r.broadcast(EXP_P5).fma(r, r.broadcast(EXP_P4)).fma(r, r.broadcast(EXP_P3));
      p = p.fma(r, r.broadcast(EXP_P2)).fma(r, r.broadcast(EXP_P1)).fma(r, r.broadcast(EXP_P0));
      IntVector whole = t.reinterpretAsInts().sub(ROUND_TO_INTEGER_BITS);
      IntVector half = whole.lanewise(ASHR, 1);
      FloatVector y = // e^-|x|, in [0, 1]
          p.mul(r.mul(r))
              .add(r)
              .add(1f)
              .mul(half.add(127).lanewise(LSHL, 23).reinterpretAsFloats())
              .mul(whole.sub(half).add(127).lanewise(LSHL, 23).reinterpretAsFloats())
              .blend(0f, x.compare(LT, EXP_MIN));
      FloatVector u = y.add(1f);
      var big = u.compare(GT, SQRT2); // u = 2·(u / 2): the mantissa u / 2, exponent 1
      FloatVector f = u.sub(1f).blend(u.mul(0.5f).sub(1f), big);
      FloatVector e = FloatVector.zero(s).blend(1f, big);
      FloatVector z = f.mul(f);
      FloatVector q = f.broadcast(LOG_P0).fma(f, f.broadcast(LOG_P1)).fma(f, f.broadcast(LOG_P2));
      q = q.fma(f, f.broadcast(LOG_P3)).fma(f, f.broadcast(LOG_P4)).fma(f, f.broadcast(LOG_P5));
      q = q.fma(f, f.broadcast(LOG_P6)).fma(f, f.broadcast(LOG_P7)).fma(f, f.broadcast(LOG_P8));
      FloatVector w = f.mul(z).mul(q).add(e.mul(LN2_LO)).add(z.mul(-0.5f));
      FloatVector log = f.add(w).add(e.mul(LN2_HI));
      FloatVector log1p = log.mul(y.div(u.sub(1f))).blend(y, u.compare(EQ, 1f));
      v.max(0f).add(log1p).intoArray(a, j);
    }
  }

  /**
   * {@code dst[dOff + j] = act(src[sOff + j])} for {@code j < len}, a multiple of the lane count;
   * {@code src} may be {@code dst} at the same offset. The switch sits outside the loops: one loop
   * method per activation, compiled separately, each fast even when its activation is first used
   * after the caller was compiled.
   *
   * <p>Long ranges go in chunks of {@value #CHUNK} floats, a call each. The JIT promotes a method
   * to C2 by its call count, and until then runs the Vector API's Java code, which boxes every
   * vector: a training step's output activation over a whole batch, one call per step, stayed
   * interpreted or in C1 through 450 steps of M2 at batch 128 (74 KB of garbage a step); in chunks
   * it is called often enough to compile within a few steps.
   */
  void apply(Activation act, float[] src, int sOff, float[] dst, int dOff, int len) {
    for (int at = 0; at < len; at += CHUNK) {
      int n = Math.min(CHUNK, len - at);
      switch (act) {
        case LINEAR -> System.arraycopy(src, sOff + at, dst, dOff + at, n);
        case TANH -> tanh(src, sOff + at, dst, dOff + at, n);
        case SIGMOID -> sigmoid(src, sOff + at, dst, dOff + at, n);
        case RELU -> relu(src, sOff + at, dst, dOff + at, n);
        case HARD_SIGMOID -> hardSigmoid(src, sOff + at, dst, dOff + at, n);
        case ELU, SELU, GELU, SWISH, SOFTPLUS -> {
          if (src != dst || sOff != dOff) {
            System.arraycopy(src, sOff + at, dst, dOff + at, n);
          }
          applyRepeatably(act, dst, dOff + at, n);
        }
        case SOFTSIGN -> softsign(src, sOff + at, dst, dOff + at, n);
      }
    }
  }

  /** {@link #fastTanh}, from {@code src} to {@code dst}. */
  private void tanh(float[] src, int sOff, float[] dst, int dOff, int len) {
    VectorSpecies<Float> s = lanes.species();
    for (int j = 0; j < len; j += s.length()) {
      fastTanh(FloatVector.fromArray(s, src, sOff + j)).intoArray(dst, dOff + j);
    }
  }

  /**
   * {@code 1 / (1 + exp(-x))} with {@link #expRepeatably}'s exp, in three passes over the range (at
   * most a chunk, in L1): its relative accuracy holds in the far negative tail, where {@link
   * #fastSigmoid}'s absolute bound does not; exp overflows to +inf for x below about -88, giving
   * exactly 0.
   */
  private void sigmoid(float[] src, int sOff, float[] dst, int dOff, int len) {
    VectorSpecies<Float> s = lanes.species();
    for (int j = 0; j < len; j += s.length()) {
      FloatVector.fromArray(s, src, sOff + j).neg().intoArray(dst, dOff + j);
    }
    expRepeatably(dst, dOff, dOff + len);
    FloatVector one = FloatVector.broadcast(s, 1f);
    for (int j = 0; j < len; j += s.length()) {
      one.div(FloatVector.fromArray(s, dst, dOff + j).add(1f)).intoArray(dst, dOff + j);
    }
  }

  private void relu(float[] src, int sOff, float[] dst, int dOff, int len) {
    VectorSpecies<Float> s = lanes.species();
    for (int j = 0; j < len; j += s.length()) {
      FloatVector.fromArray(s, src, sOff + j).max(0f).intoArray(dst, dOff + j);
    }
  }

  private void hardSigmoid(float[] src, int sOff, float[] dst, int dOff, int len) {
    VectorSpecies<Float> s = lanes.species();
    for (int j = 0; j < len; j += s.length()) {
      FloatVector.fromArray(s, src, sOff + j)
          .add(3f)
          .max(0f)
          .min(6f)
          .div(6f)
          .intoArray(dst, dOff + j);
    }
  }

  private void softsign(float[] src, int sOff, float[] dst, int dOff, int len) {
    VectorSpecies<Float> s = lanes.species();
    for (int j = 0; j < len; j += s.length()) {
      FloatVector v = FloatVector.fromArray(s, src, sOff + j);
      v.div(v.abs().add(1f)).intoArray(dst, dOff + j);
    }
  }
}
