package dev.rnnc.benchmarks;

import java.io.IOException;
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
 * M5 streaming: one timestep per call with carried state, {@value #STEPS} steps per timed sample
 * (a step is far below the clock's resolution), state reset before each sample. rnnc is
 * {@link M5Stream}, the runtime's cell driven by hand (rnnc generates no streaming API yet);
 * the baseline is {@link ScalarM5}. No ONNX Runtime peer: a session run per step costs
 * microseconds of call overhead alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class M5Benchmark {
  static final int STEPS = 100;

  private M5Stream rnnc;
  private ScalarM5 scalar;
  private final float[] signal = new float[STEPS];

  /** Loads the weights; the signal is a seeded random walk in [-1, 1]. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    RnncM5 model = RnncM5.load(ModelFiles.weights("m5"));
    rnnc = new M5Stream(model);
    scalar = new ScalarM5(model);
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < STEPS; i++) {
      signal[i] = (float) random.nextDouble(-1, 1);
    }
  }

  /** The runtime's fused LSTM step. */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public float rnnc() {
    rnnc.reset();
    float sum = 0;
    for (float v : signal) {
      sum += rnnc.step(v);
    }
    return sum;
  }

  /** The plain scalar baseline. */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public float scalar() {
    scalar.reset();
    float sum = 0;
    for (float v : signal) {
      sum += scalar.step(v);
    }
    return sum;
  }
}
