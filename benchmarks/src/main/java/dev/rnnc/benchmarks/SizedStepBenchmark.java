package dev.rnnc.benchmarks;

import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.nn.Cells;
import dev.rnnc.runtime.simd.Activation;
import dev.rnnc.runtime.simd.GruStep;
import dev.rnnc.runtime.simd.LstmStep;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One recurrent step, alone, through the shared kernel ({@code Cells.lstm}/{@code gruResetAfter},
 * sizes as arguments) and through the step sized for the layer ({@code Cells.lstmStep}/{@code
 * gruStep}, sizes constant to the JIT where {@code SizedSteps} covers them): the two in one JVM, so
 * their ratio is a same-run figure, and what {@code -prof perfasm} shows of each is the kernel
 * alone. {@value #STEPS} steps per call, each from the state the one before left, over a seeded
 * projection per timestep (no input product, no head).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(
    value = 3,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class SizedStepBenchmark {
  static final int STEPS = 30;

  /** Units of the layer: M5's LSTM(16) and LSTM(32), M4's GRU(32). */
  @Param({"16", "32"})
  int units;

  private int stride;
  private LstmStep lstmStep;
  private LstmStep lstmAligned;
  private GruStep gruStep;
  private float[] lstmU, lstmProjection, gruU, gruProjection, gruBias;
  private float[] c, h, scratch;

  /** Seeded weights (scaled so that the states stay inside the activations' working range). */
  @Setup
  public void setUp() {
    stride = PackedLayout.padded(units);
    lstmStep = Cells.lstmStep(units, stride, Activation.TANH, Activation.SIGMOID);
    gruStep = Cells.gruStep(units, stride, Activation.TANH, Activation.SIGMOID, true);
    SplittableRandom random = new SplittableRandom(17);
    double scale = 1 / Math.sqrt(units);
    lstmU = random(random, units * 4 * stride, scale);
    lstmProjection = random(random, STEPS * 4 * stride, 1);
    lstmAligned = SizedLstmTwinCheck.alignedStep(units, stride, lstmU);
    gruU = random(random, units * 3 * stride, scale);
    gruProjection = random(random, STEPS * 3 * stride, 1);
    gruBias = random(random, 6 * stride, 0.1);
    c = new float[stride];
    h = new float[stride];
    scratch = new float[4 * stride];
  }

  private static float[] random(SplittableRandom random, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (random.nextDouble(-1, 1) * scale);
    }
    return a;
  }

  /** LSTM steps through the shared kernel. */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public float lstmShared() {
    for (int t = 0; t < STEPS; t++) {
      Cells.lstm(
          lstmProjection,
          t * 4 * stride,
          lstmU,
          units,
          stride,
          scratch,
          c,
          h,
          Activation.TANH,
          Activation.SIGMOID);
    }
    return h[0];
  }

  /**
   * LSTM steps through the step made for the layer's sizes as generated models make it, reading an
   * aligned copy of U ({@code benchmarks/twins/lstm_step_twin.c} is its C twin: {@code
   * benchmarks/step-twin.sh}).
   */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public float lstmSizedAligned() {
    for (int t = 0; t < STEPS; t++) {
      lstmAligned.step(lstmProjection, t * 4 * stride, lstmU, scratch, c, h);
    }
    return h[0];
  }

  /** LSTM steps through the step made for the layer's sizes. */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public float lstmSized() {
    for (int t = 0; t < STEPS; t++) {
      lstmStep.step(lstmProjection, t * 4 * stride, lstmU, scratch, c, h);
    }
    return h[0];
  }

  /** GRU ({@code reset_after}) steps through the shared kernel. */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public float gruShared() {
    for (int t = 0; t < STEPS; t++) {
      Cells.gruResetAfter(
          gruProjection,
          t * 3 * stride,
          gruU,
          gruBias,
          3 * stride,
          units,
          stride,
          scratch,
          h,
          Activation.TANH,
          Activation.SIGMOID);
    }
    return h[0];
  }

  /** GRU ({@code reset_after}) steps through the step made for the layer's sizes. */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public float gruSized() {
    for (int t = 0; t < STEPS; t++) {
      gruStep.step(gruProjection, t * 3 * stride, gruU, gruBias, 3 * stride, scratch, h);
    }
    return h[0];
  }
}
