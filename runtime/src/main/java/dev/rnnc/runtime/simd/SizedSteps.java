package dev.rnnc.runtime.simd;

import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Steps specialised to one layer's sizes at run time: each is an instance of a hidden class defined
 * from a template class's bytes, whose sizes are {@code static final} fields read from the class
 * data. C2 folds them as constants when it compiles the step on its own, so the short loops of
 * small layers unroll fully and lose their bounds checks, which the shared kernels, their sizes
 * being arguments, keep (C2 will not inline those kernels into the caller that knows the sizes:
 * they are too large). One class per distinct size, cached; generated code asks once per layer, at
 * class initialisation.
 *
 * <p>Only where it was measured to pay: SimpleRNN layers whose units fill one or two whole vectors
 * (M4's 32 units at 512 bits: 650-812 ns per call, median 660, against 736-845 ns, JMH per-fork
 * p50s, docs/performance.md), and LSTM layers of one or two vectors of units (M5's streamed
 * LSTM(32) step 194-239 ns against 271-288 ns, its LSTM(16) twin 127-134 against 138-144 ns, same
 * run, p50, docs/performance.md). An earlier LSTM template that sized only the product timed the
 * same as the shared kernel; what pays is the product and the gate loops together. Wider LSTM
 * layers, whose recurrent kernel streams from L2, gain from sizing only with the kernel in an
 * aligned segment ({@link AlignedKernel}); the small LSTM and GRU steps read it from one too
 * (LSTM(32) 1.36x, GRU(32) 1.16x faster a step than from the heap array, docs/performance.md).
 */
final class SizedSteps {
  /** What a template reads from its class data. */
  record Sizes(Lanes lanes, int units, int stride) {}

  private static final Map<Sizes, SimpleRnnStep> SIMPLE_RNN = new ConcurrentHashMap<>();
  private static final Map<Sizes, LstmStep> LSTM = new ConcurrentHashMap<>();
  private static final Map<Sizes, GruStep> GRU = new ConcurrentHashMap<>();
  private static final Map<Sizes, AlignedLstmStep.OverSegment> LSTM_PANELS =
      new ConcurrentHashMap<>();
  private static final Map<Sizes, AlignedGruStep.OverSegment> GRU_PANELS =
      new ConcurrentHashMap<>();

  private SizedSteps() {}

  /**
   * Whether {@link #simpleRnn} serves these sizes: tanh, {@code units} one or two whole vectors,
   * gate rows a whole number of vectors.
   */
  static boolean coversSimpleRnn(Lanes lanes, int units, int stride, Activation act) {
    return act == Activation.TANH && oneOrTwoVectors(lanes, units, stride);
  }

  /**
   * Whether {@code units} fill one or two whole vectors and gate blocks of {@code stride} floats a
   * whole number of them: the sizes every template serves.
   */
  private static boolean oneOrTwoVectors(Lanes lanes, int units, int stride) {
    int l = lanes.species().length();
    return units > 0 && units % l == 0 && units <= 2 * l && stride % l == 0 && stride >= units;
  }

  /** The SimpleRNN tanh step for these sizes, which {@link #coversSimpleRnn} must accept. */
  static SimpleRnnStep simpleRnn(Lanes lanes, int units, int stride) {
    return SIMPLE_RNN.computeIfAbsent(
        new Sizes(lanes, units, stride),
        sizes -> define(SizedSimpleRnn.class, sizes, SimpleRnnStep.class));
  }

  /**
   * Whether {@link #lstm} serves these sizes: tanh and sigmoid, {@code units} one or two whole
   * vectors (every sum, activation and update in registers), gate blocks a whole number of vectors.
   */
  static boolean coversLstm(Lanes lanes, int units, int stride, Activation act, Activation recAct) {
    return act == Activation.TANH
        && recAct == Activation.SIGMOID
        && oneOrTwoVectors(lanes, units, stride);
  }

  /** The LSTM step for these sizes, which {@link #coversLstm} must accept. */
  static LstmStep lstm(Lanes lanes, int units, int stride) {
    return LSTM.computeIfAbsent(
        new Sizes(lanes, units, stride), sizes -> define(SizedLstm.class, sizes, LstmStep.class));
  }

  /**
   * The LSTM step for these sizes over a recurrent kernel in a segment ({@link #lstm}'s step is
   * also one), which {@link #coversLstm} must accept.
   */
  static AlignedLstmStep.OverSegment lstmOverSegment(Lanes lanes, int units, int stride) {
    return (AlignedLstmStep.OverSegment) lstm(lanes, units, stride);
  }

  /**
   * Whether {@link #lstmPanels} and {@link #gruPanels} serve these sizes: tanh and sigmoid, 512-bit
   * vectors, {@code units} whole panels of four vectors filling the gate blocks ({@code stride ==
   * units}).
   */
  static boolean coversPanels(
      Lanes lanes, int units, int stride, Activation act, Activation recAct) {
    return act == Activation.TANH
        && recAct == Activation.SIGMOID
        && lanes.species().length() * 4 == RecurrentPanels.WIDTH
        && units > 0
        && units % RecurrentPanels.WIDTH == 0
        && stride == units;
  }

  /**
   * The LSTM step over a recurrent kernel in panels, in an aligned segment, for these sizes, which
   * {@link #coversPanels} must accept.
   */
  static AlignedLstmStep.OverSegment lstmPanels(Lanes lanes, int units, int stride) {
    return LSTM_PANELS.computeIfAbsent(
        new Sizes(lanes, units, stride),
        sizes -> define(SizedLstmPanels.class, sizes, AlignedLstmStep.OverSegment.class));
  }

  /**
   * The GRU step ({@code reset_after=True} with a recurrent bias) over a recurrent kernel in
   * panels, in an aligned segment, for these sizes, which {@link #coversPanels} must accept.
   */
  static AlignedGruStep.OverSegment gruPanels(Lanes lanes, int units, int stride) {
    return GRU_PANELS.computeIfAbsent(
        new Sizes(lanes, units, stride),
        sizes -> define(SizedGruPanels.class, sizes, AlignedGruStep.OverSegment.class));
  }

  /**
   * Whether {@link #gru} serves these sizes: {@code reset_after=True} with a recurrent bias, tanh
   * and sigmoid, {@code units} one or two whole vectors, gate blocks a whole number of vectors.
   */
  static boolean coversGru(
      Lanes lanes,
      int units,
      int stride,
      Activation act,
      Activation recAct,
      boolean withRecurrentBias) {
    return withRecurrentBias
        && act == Activation.TANH
        && recAct == Activation.SIGMOID
        && oneOrTwoVectors(lanes, units, stride);
  }

  /**
   * The GRU step for these sizes over a recurrent kernel in a segment ({@link #gru}'s step is also
   * one), which {@link #coversGru} must accept.
   */
  static AlignedGruStep.OverSegment gruOverSegment(Lanes lanes, int units, int stride) {
    return (AlignedGruStep.OverSegment) gru(lanes, units, stride);
  }

  /** The GRU step for these sizes, which {@link #coversGru} must accept. */
  static GruStep gru(Lanes lanes, int units, int stride) {
    return GRU.computeIfAbsent(
        new Sizes(lanes, units, stride), sizes -> define(SizedGru.class, sizes, GruStep.class));
  }

  /**
   * The sizes a template's hidden class was defined with, for its static initializer.
   *
   * @param template the hidden class's own lookup ({@code MethodHandles.lookup()} there)
   * @throws IllegalStateException in the template itself, which is never meant to be loaded
   */
  static Sizes sizesOf(MethodHandles.Lookup template) {
    Sizes sizes;
    try {
      sizes = MethodHandles.classData(template, "_", Sizes.class);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
    if (sizes == null) {
      throw new IllegalStateException("a template: SizedSteps defines the classes to use from it");
    }
    return sizes;
  }

  private static <T> T define(Class<?> template, Sizes sizes, Class<T> type) {
    try (InputStream in = template.getResourceAsStream(template.getSimpleName() + ".class")) {
      if (in == null) {
        throw new IllegalStateException("class file of " + template.getName() + " not found");
      }
      MethodHandles.Lookup hidden =
          MethodHandles.lookup().defineHiddenClassWithClassData(in.readAllBytes(), sizes, true);
      return type.cast(
          hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class)).invoke());
    } catch (Throwable e) {
      throw new IllegalStateException(
          "cannot specialise " + template.getSimpleName() + " to " + sizes, e);
    }
  }
}
