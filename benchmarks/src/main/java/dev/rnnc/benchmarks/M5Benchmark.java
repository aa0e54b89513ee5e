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
 * M5 streaming: one timestep per call with carried state, {@value #STEPS} steps per timed sample (a
 * step is far below the clock's resolution), state reset before each sample. rnnc is the generated
 * step call {@link M5#step}; the baseline is {@link ScalarM5}. No ONNX Runtime peer: a session run
 * per step costs microseconds of call overhead alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class M5Benchmark {
  static final int STEPS = 100;

  private RnncM5 rnnc;
  private ScalarM5 scalar;
  private M5Stream hand;
  private final float[] signal = new float[STEPS];
  private final float[] reading = new float[1];
  private final float[] out = new float[1];

  /** Loads the weights; the signal is a seeded random walk in [-1, 1]. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    rnnc = RnncM5.load(ModelFiles.weights("m5"));
    scalar = new ScalarM5(rnnc);
    hand = new M5Stream(rnnc);
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < STEPS; i++) {
      signal[i] = (float) random.nextDouble(-1, 1);
    }
  }

  /** The generated step call. */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public float rnnc() {
    rnnc.resetStates();
    float sum = 0;
    for (float v : signal) {
      reading[0] = v;
      rnnc.step(reading, out);
      sum += out[0];
    }
    return sum;
  }

  /**
   * The runtime's cell driven by hand ({@link M5Stream}): what the generated step call replaced.
   */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public float handWritten() {
    hand.reset();
    float sum = 0;
    for (float v : signal) {
      sum += hand.step(v);
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
