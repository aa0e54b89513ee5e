package dev.rnnc.benchmarks;

import dev.rnnc.runtime.nn.Cells;
import dev.rnnc.runtime.simd.Activation;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One LSTM(64) step of M1's first layer (row-major U, 64 KB) for eight sequences: in lockstep
 * ({@code Cells.lstmSteps}, the batch calls' chunks) against one sequence at a time ({@code
 * Cells.lstm}), per timestep; random weights and projections, thirty steps from zero states.
 * Against the product alone at the FMA peak (8 × 64 × 256 multiply-adds, 8192 512-bit FMAs, about
 * 2.3 µs) it tells how much of a lockstep step the product is (docs/performance.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(
    value = 3,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class LockstepStepBenchmark {
  static final int UNITS = 64, STRIDE = 64, GATES = 256, T = 30, N = 8;
  private final float[] u = new float[UNITS * GATES];
  private final float[] proj = new float[N * T * GATES];
  private final float[] h = new float[N * STRIDE];
  private final float[] c = new float[N * STRIDE];
  private final float[] gates = new float[N * GATES];
  private final float[] h1 = new float[STRIDE];
  private final float[] c1 = new float[STRIDE];
  private final float[] g1 = new float[GATES];

  /** Seeded random recurrent kernel and projections. */
  @Setup
  public void setUp() {
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < u.length; i++) u[i] = (float) r.nextDouble(-0.2, 0.2);
    for (int i = 0; i < proj.length; i++) proj[i] = (float) r.nextDouble(-1, 1);
  }

  /** 30 lockstep steps of 8 sequences: 30 x 8 x 64 x 256 MACs. */
  @Benchmark
  @OperationsPerInvocation(T)
  public float lockstep() {
    Arrays.fill(h, 0f);
    Arrays.fill(c, 0f);
    for (int t = 0; t < T; t++) {
      Cells.lstmSteps(
          N,
          proj,
          t * GATES,
          T * GATES,
          u,
          UNITS,
          STRIDE,
          gates,
          c,
          h,
          STRIDE,
          Activation.TANH,
          Activation.SIGMOID);
    }
    return h[0];
  }

  /** The same 8 sequences one at a time (30 steps each). */
  @Benchmark
  @OperationsPerInvocation(T)
  public float single() {
    float sum = 0;
    for (int b = 0; b < N; b++) {
      Arrays.fill(h1, 0f);
      Arrays.fill(c1, 0f);
      for (int t = 0; t < T; t++) {
        Cells.lstm(
            proj,
            b * T * GATES + t * GATES,
            u,
            UNITS,
            STRIDE,
            g1,
            c1,
            h1,
            Activation.TANH,
            Activation.SIGMOID);
      }
      sum += h1[0];
    }
    return sum;
  }
}
