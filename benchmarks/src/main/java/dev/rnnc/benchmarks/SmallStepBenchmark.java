package dev.rnnc.benchmarks;

import dev.rnnc.runtime.Initializer;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.nn.Cells;
import dev.rnnc.runtime.simd.Activation;
import dev.rnnc.runtime.simd.GruStep;
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
 * One step of a small LSTM or GRU layer (M5's LSTM(32) and LSTM(16), the GRU(32) twin: one or two
 * vectors of units, U row-major and small enough for L1), alone: the sized step over the heap array
 * ({@code Cells.lstmStep(units, ...)}, {@code sized}) and the model's step over a 64-byte aligned
 * copy of U ({@code Cells.lstmStep(layers, ...)}, {@code aligned}). {@value #STEPS} steps per call,
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
public class SmallStepBenchmark {
  static final int STEPS = 20;

  /** Units of the layer: M5's two. */
  @Param({"32", "16"})
  int units;

  /** The layer: {@code lstm} or {@code gru} ({@code reset_after=True}). */
  @Param({"lstm", "gru"})
  String cell;

  /** Which step: {@code sized} (U a heap array) or {@code aligned} (U an aligned copy). */
  @Param({"sized", "aligned"})
  String step;

  private LstmStep lstm;
  private GruStep gru;
  private int blocks;
  private float[] u, projection, c, h, scratch, recurrentBias;

  /** Seeded weights (scaled so that the states stay inside the activations' working range). */
  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(17);
    blocks = cell.equals("lstm") ? 4 : 3;
    Variable kernel =
        new Variable(
            "recurrent_kernel",
            PackedLayout.matrix(units, units, PackedLayout.identity(blocks)),
            new float[units * blocks * units],
            Initializer.orthogonal());
    kernel.set(random(random, units * blocks * units, 1 / Math.sqrt(units)));
    u = kernel.storage();
    List<Layer> layers = List.of(new Layer("rnn", cell.toUpperCase(), List.of(kernel)));
    boolean aligned =
        switch (step) {
          case "sized" -> false;
          case "aligned" -> true;
          default -> throw new IllegalArgumentException(step);
        };
    Activation tanh = Activation.TANH, sigmoid = Activation.SIGMOID;
    if (blocks == 4) {
      lstm =
          aligned
              ? Cells.lstmStep(layers, u, units, units, tanh, sigmoid)
              : Cells.lstmStep(units, units, tanh, sigmoid);
    } else {
      gru =
          aligned
              ? Cells.gruStep(layers, u, units, units, tanh, sigmoid, true)
              : Cells.gruStep(units, units, tanh, sigmoid, true);
    }
    projection = random(random, STEPS * blocks * units, 1);
    recurrentBias = random(random, blocks * units, 0.1);
    c = new float[units];
    h = new float[units];
    scratch = new float[blocks * units];
  }

  private static float[] random(SplittableRandom random, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (random.nextDouble(-1, 1) * scale);
    }
    return a;
  }

  /** Steps through the chosen step. */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public float steps() {
    if (lstm != null) {
      for (int t = 0; t < STEPS; t++) {
        lstm.step(projection, t * 4 * units, u, scratch, c, h);
      }
    } else {
      for (int t = 0; t < STEPS; t++) {
        gru.step(projection, t * 3 * units, u, recurrentBias, 0, scratch, h);
      }
    }
    return h[0];
  }
}
