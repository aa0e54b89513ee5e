package dev.rnnc.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * M1 single-sample latency: the rnnc-generated model against the plain scalar Java baseline with
 * the same weights, in the same JVM run. Both write into a pre-allocated output, so {@code -prof gc}
 * shows what each allocates per call.
 *
 * <p>How to run: {@code java -jar benchmarks/target/benchmarks.jar M1Benchmark -prof gc}, or
 * {@code java -cp benchmarks/target/benchmarks.jar dev.rnnc.benchmarks.Report} for the ratio and
 * GFLOP/s table.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class M1Benchmark {
  private RnncM1 rnnc;
  private ScalarM1 scalar;
  private final float[][] window = new float[30][1];
  private final float[] out = new float[1];

  /** Seeded Keras-default weights and a random window. */
  @Setup
  public void setUp() {
    rnnc = RnncM1.create(42);
    scalar = new ScalarM1(rnnc);
    SplittableRandom random = new SplittableRandom(7);
    for (float[] step : window) {
      step[0] = (float) random.nextDouble(-1, 1);
    }
  }

  /** The generated model. */
  @Benchmark
  public float[] rnnc() {
    rnnc.predictInto(window, out);
    return out;
  }

  /** The plain scalar baseline. */
  @Benchmark
  public float[] scalar() {
    return scalar.predict(window, out);
  }
}
