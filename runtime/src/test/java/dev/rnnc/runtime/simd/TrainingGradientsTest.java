package dev.rnnc.runtime.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rnnc.runtime.simd.ReferenceRnn.Kind;
import dev.rnnc.runtime.simd.ReferenceRnn.Params;
import dev.rnnc.runtime.simd.ReferenceRnn.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gradient checks of every training step: the float kernels' analytic gradients (through {@link
 * FloatRnn}, on the scalar kernels and the vector kernels at 128, 256 and 512 bits) against central
 * finite differences of the double-precision {@link ReferenceRnn}, for every parameter, the inputs
 * and the initial states, over 3 sequences of 5 steps, with and without a mask (an interior gap, a
 * leading and a trailing masked step). Unit counts 5 and 19 leave padding in every gate block.
 *
 * <p>The reference is exact to about 1e-8, so what remains is float round-off: each gradient array
 * must agree to {@value #TOLERANCE} of its largest magnitude.
 */
class TrainingGradientsTest {
  /** Float round-off over a few hundred multiply-adds, with a margin of ten. */
  static final double TOLERANCE = 1e-5;

  static final int BATCH = 3;
  static final int STEPS = 5;
  static final int FEATURES = 3;

  record KernelSet(String name, FloatKernels kernels, FloatGradientKernels gradients) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<KernelSet> kernelSets() {
    List<KernelSet> sets = new ArrayList<>();
    sets.add(new KernelSet("scalar", new ScalarKernels(), new ScalarGradientKernels()));
    for (int bits : new int[] {128, 256, 512}) {
      sets.add(
          new KernelSet(bits + "-bit", VectorKernels.of(bits), VectorGradientKernels.of(bits)));
    }
    return sets;
  }

  static Stream<Arguments> specs() {
    List<Spec> specs = new ArrayList<>();
    for (Activation act : Activation.values()) {
      specs.add(new Spec(Kind.SIMPLE, FEATURES, 5, 0, act, null, true));
    }
    specs.add(new Spec(Kind.SIMPLE, FEATURES, 19, 0, Activation.TANH, null, false));
    for (Kind kind : new Kind[] {Kind.LSTM, Kind.GRU, Kind.GRU_RESET_BEFORE}) {
      specs.add(new Spec(kind, FEATURES, 5, 0, Activation.TANH, Activation.SIGMOID, true));
      specs.add(new Spec(kind, FEATURES, 19, 0, Activation.TANH, Activation.SIGMOID, true));
      specs.add(new Spec(kind, FEATURES, 5, 0, Activation.TANH, Activation.SIGMOID, false));
      specs.add(new Spec(kind, FEATURES, 5, 0, Activation.RELU, Activation.HARD_SIGMOID, true));
      specs.add(new Spec(kind, FEATURES, 5, 0, Activation.GELU, Activation.SIGMOID, true));
      specs.add(new Spec(kind, FEATURES, 5, 0, Activation.SOFTSIGN, Activation.SWISH, true));
      specs.add(new Spec(kind, FEATURES, 5, 0, Activation.ELU, Activation.SOFTPLUS, true));
    }
    specs.add(
        new Spec(Kind.LSTM_PROJECTED, FEATURES, 5, 3, Activation.TANH, Activation.SIGMOID, true));
    specs.add(
        new Spec(Kind.LSTM_PROJECTED, FEATURES, 19, 7, Activation.TANH, Activation.SIGMOID, false));
    specs.add(
        new Spec(Kind.LSTM_PROJECTED, FEATURES, 5, 4, Activation.SWISH, Activation.SIGMOID, true));
    return specs.stream().flatMap(s -> Stream.of(Arguments.of(s, false), Arguments.of(s, true)));
  }

  static Params params(Spec spec, Random rnd) {
    int g = spec.kind().blocks * spec.units();
    Params p = new Params();
    p.kernel = uniform(rnd, spec.features() * g, 0.6);
    p.recurrent = uniform(rnd, spec.hUnits() * g, 0.6);
    p.bias = spec.useBias() ? uniform(rnd, spec.biasLength(), 0.5) : new double[0];
    p.projection =
        spec.kind() == Kind.LSTM_PROJECTED
            ? uniform(rnd, spec.units() * spec.projSize(), 0.6)
            : new double[0];
    p.x = uniform(rnd, BATCH * STEPS * spec.features(), 1);
    p.h0 = uniform(rnd, BATCH * spec.hUnits(), 0.5);
    p.c0 = spec.kind().hasCell() ? uniform(rnd, BATCH * spec.units(), 0.5) : new double[0];
    return p;
  }

  /** Float-exact values in (-scale, scale), so float and double models see the same numbers. */
  static double[] uniform(Random rnd, int n, double scale) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) ((2 * rnd.nextDouble() - 1) * scale);
    }
    return a;
  }

  /** Sample 1 skips an interior gap, sample 2 its first and last steps. */
  static boolean[] mask() {
    boolean[] mask = new boolean[BATCH * STEPS];
    java.util.Arrays.fill(mask, true);
    mask[STEPS + 1] = false;
    mask[STEPS + 2] = false;
    mask[2 * STEPS] = false;
    mask[2 * STEPS + STEPS - 1] = false;
    return mask;
  }

  @ParameterizedTest(name = "{0}, masked {1}")
  @MethodSource("specs")
  void gradientsMatchFiniteDifferences(Spec spec, boolean masked) {
    Random rnd = new Random(spec.hashCode() * 31L + (masked ? 1 : 0));
    Params p = params(spec, rnd);
    double[] wH = uniform(rnd, BATCH * STEPS * spec.hUnits(), 1);
    double[] wC = spec.kind().hasCell() ? uniform(rnd, BATCH * spec.units(), 1) : new double[0];
    boolean[] mask = masked ? mask() : null;
    java.util.function.DoubleSupplier loss =
        () -> ReferenceRnn.loss(spec, p, BATCH, STEPS, mask, wH, wC);
    FloatRnn.Grads expected =
        new FloatRnn.Grads(
            ReferenceRnn.gradient(p.kernel, loss),
            ReferenceRnn.gradient(p.recurrent, loss),
            ReferenceRnn.gradient(p.bias, loss),
            ReferenceRnn.gradient(p.projection, loss),
            ReferenceRnn.gradient(p.x, loss),
            ReferenceRnn.gradient(p.h0, loss),
            ReferenceRnn.gradient(p.c0, loss));
    for (KernelSet set : kernelSets()) {
      FloatRnn.Grads actual =
          new FloatRnn(spec, set.kernels(), set.gradients())
              .run(p, BATCH, STEPS, mask, wH, wC, null);
      String where = spec + " masked=" + masked + " on " + set;
      check(where + ": kernel", expected.kernel(), actual.kernel());
      check(where + ": recurrent kernel", expected.recurrent(), actual.recurrent());
      check(where + ": bias", expected.bias(), actual.bias());
      check(where + ": projection kernel", expected.projection(), actual.projection());
      check(where + ": x", expected.x(), actual.x());
      check(where + ": h0", expected.h0(), actual.h0());
      check(where + ": c0", expected.c0(), actual.c0());
    }
  }

  /** Which of Keras' dropouts a gradient check runs with, masks fixed. */
  enum Dropout {
    /** {@code dropout} alone: one input mask per sample for all gates. */
    INPUT,
    /** {@code recurrent_dropout} alone: one mask of h per sample and gate. */
    RECURRENT,
    /** Both, Keras' {@code implementation=1}: per gate input masks too. */
    BOTH
  }

  static Stream<Arguments> dropoutSpecs() {
    List<Spec> specs = new ArrayList<>();
    specs.add(new Spec(Kind.SIMPLE, FEATURES, 5, 0, Activation.TANH, null, true));
    specs.add(new Spec(Kind.SIMPLE, FEATURES, 19, 0, Activation.SOFTPLUS, null, false));
    for (Kind kind : new Kind[] {Kind.LSTM, Kind.GRU, Kind.GRU_RESET_BEFORE}) {
      specs.add(new Spec(kind, FEATURES, 5, 0, Activation.TANH, Activation.SIGMOID, true));
      specs.add(new Spec(kind, FEATURES, 19, 0, Activation.TANH, Activation.SIGMOID, false));
      specs.add(new Spec(kind, FEATURES, 5, 0, Activation.RELU, Activation.HARD_SIGMOID, true));
    }
    return specs.stream()
        .flatMap(
            s ->
                Stream.of(Dropout.values())
                    .flatMap(d -> Stream.of(Arguments.of(s, d, false), Arguments.of(s, d, true))));
  }

  /** Masks of Keras' values (0 or 1/(1-rate)), drawn once: rate 0.3 for inputs, 0.4 for h. */
  static double[] dropoutMask(Random rnd, int n, double rate) {
    double[] mask = new double[n];
    for (int i = 0; i < n; i++) {
      mask[i] = rnd.nextDouble() < rate ? 0 : (float) (1 / (1 - rate));
    }
    return mask;
  }

  /**
   * With the dropout masks fixed, the analytic gradients of the dropout steps ({@code
   * xxxDropoutForward}, the backward steps with masks, {@code RecurrentDropouts.project} and its
   * backward) equal finite differences of the reference model computing Keras' masked cell.
   */
  @ParameterizedTest(name = "{0}, {1}, masked {2}")
  @MethodSource("dropoutSpecs")
  void dropoutGradientsMatchFiniteDifferences(Spec spec, Dropout dropout, boolean masked) {
    Random rnd = new Random(spec.hashCode() * 31L + dropout.ordinal() * 7L + (masked ? 1 : 0));
    Params p = params(spec, rnd);
    int blocks = spec.kind().blocks;
    if (dropout != Dropout.RECURRENT) {
      p.inMasks = dropout == Dropout.BOTH ? blocks : 1;
      p.inMask = dropoutMask(rnd, BATCH * p.inMasks * spec.features(), 0.3);
    }
    if (dropout != Dropout.INPUT) {
      p.recMask = dropoutMask(rnd, BATCH * blocks * spec.hUnits(), 0.4);
    }
    double[] wH = uniform(rnd, BATCH * STEPS * spec.hUnits(), 1);
    double[] wC = spec.kind().hasCell() ? uniform(rnd, BATCH * spec.units(), 1) : new double[0];
    boolean[] mask = masked ? mask() : null;
    java.util.function.DoubleSupplier loss =
        () -> ReferenceRnn.loss(spec, p, BATCH, STEPS, mask, wH, wC);
    FloatRnn.Grads expected =
        new FloatRnn.Grads(
            ReferenceRnn.gradient(p.kernel, loss),
            ReferenceRnn.gradient(p.recurrent, loss),
            ReferenceRnn.gradient(p.bias, loss),
            ReferenceRnn.gradient(p.projection, loss),
            ReferenceRnn.gradient(p.x, loss),
            ReferenceRnn.gradient(p.h0, loss),
            ReferenceRnn.gradient(p.c0, loss));
    for (KernelSet set : kernelSets()) {
      FloatRnn.Grads actual =
          new FloatRnn(spec, set.kernels(), set.gradients())
              .run(p, BATCH, STEPS, mask, wH, wC, null);
      String where = spec + " " + dropout + " masked=" + masked + " on " + set;
      check(where + ": kernel", expected.kernel(), actual.kernel());
      check(where + ": recurrent kernel", expected.recurrent(), actual.recurrent());
      check(where + ": bias", expected.bias(), actual.bias());
      check(where + ": x", expected.x(), actual.x());
      check(where + ": h0", expected.h0(), actual.h0());
      check(where + ": c0", expected.c0(), actual.c0());
    }
  }

  static void check(String what, double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length, what + ": lengths");
    double scale = 0;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    int at = 0;
    for (int i = 0; i < expected.length; i++) {
      if (Math.abs(expected[i] - actual[i]) > Math.abs(expected[at] - actual[at])) {
        at = i;
      }
    }
    double worst = expected.length == 0 ? 0 : Math.abs(expected[at] - actual[at]);
    if (System.getenv("RNNC_PRINT_GRADIENT_ERRORS") != null) {
      System.out.printf(
          "%-110s scale %9.3g  error %9.3g%n", what, scale, scale == 0 ? worst : worst / scale);
    }
    double allowed = TOLERANCE * Math.max(scale, 1e-3);
    if (worst > allowed) {
      throw new AssertionError(
          what
              + ": |error| "
              + worst
              + " > "
              + allowed
              + " at "
              + at
              + " (expected "
              + expected[at]
              + ", got "
              + actual[at]
              + ", scale "
              + scale
              + ")");
    }
  }
}
