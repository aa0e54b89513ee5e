package dev.rnnc.benchmarks;

import java.io.IOException;
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
 * M1 single-sample latency (batch 1, one thread): rnnc, the scalar baseline, the same model with
 * rnnc's kernels called one by one as before the fused steps ({@link M1Unfused}), and ONNX Runtime
 * Java, all with the weights of {@code models/m1.*}. SampleTime, so the report reads percentiles.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class M1Benchmark {
  private RnncM1 rnnc;
  private ScalarM1 scalar;
  private M1Unfused unfused;
  private OrtPeer onnx;
  private float[][] window;
  private final float[] out = new float[1];

  /** Loads the shared weights and the first check sample. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    rnnc = RnncM1.load(ModelFiles.weights("m1"));
    scalar = new ScalarM1(rnnc);
    unfused = new M1Unfused(rnnc);
    onnx = OrtPeer.floats("m1", new long[] {1, 30, 1}, new long[] {1, 1}, 1);
    window = ModelFiles.floatSample(ModelFiles.checks("m1"), 0);
  }

  /** Releases ONNX Runtime's native session. */
  @TearDown(Level.Trial)
  public void tearDown() {
    onnx.close();
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

  /** rnnc's kernels called one by one per step, as generated code did before the fused steps. */
  @Benchmark
  public float[] unfused() {
    return unfused.predict(window, out);
  }

  /** ONNX Runtime Java, one intra-op thread. */
  @Benchmark
  public float onnx() {
    onnx.put(0, window);
    onnx.run();
    return onnx.output().get(0);
  }
}
