package dev.rnnc.benchmarks;

import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * M1 throughput: one operation is a batch of {@value #BATCH} windows on two threads. rnnc (the
 * generated batch call, and its single-sample call in a loop) and the scalar baseline split the
 * batch in halves, one model instance per thread ({@link TwoThreads}); ONNX Runtime runs the whole
 * batch as one tensor with two intra-op threads. Samples per second are {@value #BATCH} divided by
 * the time per batch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class M1ThroughputBenchmark {
  static final int BATCH = 256;
  private static final int HALF = BATCH / 2;

  private final RnncM1[] rnnc = new RnncM1[2];
  private final ScalarM1[] scalar = new ScalarM1[2];
  private final float[][][][] halves = new float[2][][][];
  private final float[][][] outHalves = new float[2][][];
  private OrtPeer onnx;
  private TwoThreads threads;
  private final float[][][] windows = new float[BATCH][30][1];
  private final float[][] out = new float[BATCH][1];

  /** Loads the shared weights twice (an instance per thread) and a seeded random batch. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    for (int i = 0; i < 2; i++) {
      rnnc[i] = RnncM1.load(ModelFiles.weights("m1"));
      scalar[i] = new ScalarM1(rnnc[i]);
    }
    for (int i = 0; i < 2; i++) { // views of the batch's halves: the same window and output rows
      halves[i] = Arrays.copyOfRange(windows, i * HALF, (i + 1) * HALF);
      outHalves[i] = Arrays.copyOfRange(out, i * HALF, (i + 1) * HALF);
    }
    onnx = OrtPeer.floats("m1_b" + BATCH, new long[] {BATCH, 30, 1}, new long[] {BATCH, 1}, 2);
    threads = new TwoThreads();
    SplittableRandom random = new SplittableRandom(9);
    for (float[][] window : windows) {
      for (float[] step : window) {
        step[0] = (float) random.nextDouble(-1, 1);
      }
    }
  }

  /** Stops the helper thread and releases ONNX Runtime's session. */
  @TearDown(Level.Trial)
  public void tearDown() {
    threads.close();
    onnx.close();
  }

  /** The generated batch call, one instance per thread: windows in lockstep chunks. */
  @Benchmark
  public float[][] rnnc() {
    threads.run(
        () -> rnnc[0].predictInto(halves[0], outHalves[0]),
        () -> rnnc[1].predictInto(halves[1], outHalves[1]));
    return out;
  }

  /**
   * The generated single-sample call, one instance per thread, a window at a time (the batch call
   * before lockstep).
   */
  @Benchmark
  public float[][] rnncSingle() {
    threads.run(() -> rnncHalf(0), () -> rnncHalf(1));
    return out;
  }

  private void rnncHalf(int half) {
    for (int i = half * HALF; i < (half + 1) * HALF; i++) {
      rnnc[half].predictInto(windows[i], out[i]);
    }
  }

  /** The plain scalar baseline, one instance per thread. */
  @Benchmark
  public float[][] scalar() {
    threads.run(() -> scalarHalf(0), () -> scalarHalf(1));
    return out;
  }

  private void scalarHalf(int half) {
    for (int i = half * HALF; i < (half + 1) * HALF; i++) {
      scalar[half].predict(windows[i], out[i]);
    }
  }

  /** ONNX Runtime Java: the batch as one (256, 30, 1) tensor, two intra-op threads. */
  @Benchmark
  public float onnx() {
    for (int i = 0; i < BATCH; i++) {
      onnx.put(i, windows[i]);
    }
    onnx.run();
    return onnx.output().get(BATCH - 1);
  }
}
