package dev.rnnc.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two models of the RTNeural comparison that the M-suite lacks ({@code
 * benchmarks/peer-rtneural.sh}): M4's GRU twin per sequence and M5 at 16 units per streamed step,
 * both on seeded random weights (a step's time does not depend on the values: every kernel is
 * branch-free). M1, M4 and M5 at 32 units are {@link M1Benchmark}, {@link M4Benchmark} and {@link
 * M5Benchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class PeerBenchmark {
  static final int CALLS = 10;
  static final int STEPS = 100;

  private RnncM4Gru gru;
  private RnncM5Lstm16 lstm16;
  private final float[][] sequence = new float[10][5];
  private final float[] signal = new float[STEPS];
  private final float[] reading = new float[1];
  private final float[] out = new float[1];

  /** Seeded weights and inputs. */
  @Setup(Level.Trial)
  public void setUp() {
    gru = RnncM4Gru.create(4);
    lstm16 = RnncM5Lstm16.create(5);
    SplittableRandom random = new SplittableRandom(6);
    for (float[] step : sequence) {
      for (int f = 0; f < step.length; f++) {
        step[f] = (float) random.nextDouble(-1, 1);
      }
    }
    for (int i = 0; i < STEPS; i++) {
      signal[i] = (float) random.nextDouble(-1, 1);
    }
  }

  /** M4's GRU twin, one sequence per call, as {@link M4Benchmark#rnnc}. */
  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float m4Gru() {
    float sum = 0;
    for (int i = 0; i < CALLS; i++) {
      gru.predictInto(sequence, out);
      sum += out[0];
    }
    return sum;
  }

  /** M5 at 16 units, one streamed step per call, as {@link M5Benchmark#rnnc}. */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public float m5Lstm16() {
    lstm16.resetStates();
    float sum = 0;
    for (float v : signal) {
      reading[0] = v;
      lstm16.step(reading, out);
      sum += out[0];
    }
    return sum;
  }
}
