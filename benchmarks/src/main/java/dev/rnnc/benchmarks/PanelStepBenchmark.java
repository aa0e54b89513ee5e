package dev.rnnc.benchmarks;

import dev.rnnc.runtime.Initializer;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.nn.Cells;
import dev.rnnc.runtime.simd.Activation;
import dev.rnnc.runtime.simd.LstmStep;
import java.util.List;
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
 * One LSTM step over a recurrent kernel in panels (layers wider than 64 units: M2's LSTM(128)),
 * alone, through the shared kernel ({@code Cells.lstmPanels}, sizes as arguments, U a heap array)
 * and through the model's step ({@code Cells.lstmPanelsStep}: sized, U read from a 64-byte aligned
 * copy): the two in one JVM, so their ratio is a same-run figure. {@value #STEPS} steps per call,
 * each from the state the one before left.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(
    value = 3,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class PanelStepBenchmark {
  static final int STEPS = 20;

  /** Units of the layer: M2's LSTM(128), and 256. */
  @Param({"128", "256"})
  int units;

  private LstmStep step;
  private float[] u, projection, c, h, scratch;

  /** Seeded weights (scaled so that the states stay inside the activations' working range). */
  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(17);
    Variable kernel =
        new Variable(
            "recurrent_kernel",
            PackedLayout.recurrentPanels(units, units, 0, 1, 3, 2),
            new float[units * 4 * units],
            Initializer.orthogonal());
    kernel.set(random(random, units * 4 * units, 1 / Math.sqrt(units)));
    u = kernel.storage();
    step =
        Cells.lstmPanelsStep(
            List.of(new Layer("lstm", "LSTM", List.of(kernel))),
            u,
            units,
            units,
            Activation.TANH,
            Activation.SIGMOID);
    projection = random(random, STEPS * 4 * units, 1);
    c = new float[units];
    h = new float[units];
    scratch = new float[4 * units];
  }

  private static float[] random(SplittableRandom random, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (random.nextDouble(-1, 1) * scale);
    }
    return a;
  }

  /** Steps through the shared kernel. */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public float shared() {
    for (int t = 0; t < STEPS; t++) {
      Cells.lstmPanels(
          projection,
          t * 4 * units,
          u,
          units,
          units,
          scratch,
          c,
          h,
          Activation.TANH,
          Activation.SIGMOID);
    }
    return h[0];
  }

  /** Steps through the model's step (sized, aligned copy of U). */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public float sized() {
    for (int t = 0; t < STEPS; t++) {
      step.step(projection, t * 4 * units, u, scratch, c, h);
    }
    return h[0];
  }
}
