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
 * M3 single-sample latency: rnnc, {@link PanelM3} with a row-major U (before), the scalar baseline
 * and ONNX Runtime Java on {@code models/m3.*}. Warm-up is long (20 s) because a kernel reaches C2
 * only after some 15,000 invocations and the Dense head's run once per call, a millisecond apart;
 * until then they run as C1 code, slowly and allocating.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class M3Benchmark {
  private RnncM3 rnnc;
  private ScalarM3 scalar;
  private PanelM3 rowMajor;
  private OrtPeer onnx;
  private float[][] sequence;
  private final float[] out = new float[10];

  /** Loads the shared weights and the first check sample. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    rnnc = RnncM3.load(ModelFiles.weights("m3"));
    scalar = new ScalarM3(rnnc);
    rowMajor = new PanelM3(rnnc, false);
    onnx = OrtPeer.floats("m3", new long[] {1, 100, 32}, new long[] {1, 10}, 1);
    sequence = ModelFiles.floatSample(ModelFiles.checks("m3"), 0);
  }

  /** Releases ONNX Runtime's native session. */
  @TearDown(Level.Trial)
  public void tearDown() {
    onnx.close();
  }

  /** The generated model. */
  @Benchmark
  public float[] rnnc() {
    rnnc.predictInto(sequence, out);
    return out;
  }

  /** {@link PanelM3}: the recurrent kernel row-major, as generated before the panel layout. */
  @Benchmark
  public float[] rowMajor() {
    return rowMajor.predict(sequence, out);
  }

  /** The plain scalar baseline. */
  @Benchmark
  public float[] scalar() {
    return scalar.predict(sequence, out);
  }

  /** ONNX Runtime Java, one intra-op thread. */
  @Benchmark
  public float onnx() {
    onnx.put(0, sequence);
    onnx.run();
    return onnx.output().get(0);
  }
}
