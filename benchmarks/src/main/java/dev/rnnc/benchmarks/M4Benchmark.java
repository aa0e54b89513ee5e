package dev.rnnc.benchmarks;

import java.io.IOException;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * M4 single-sample latency: rnnc, the scalar baseline and ONNX Runtime Java on {@code models/m4.*}.
 * A call takes well under a microsecond, close to the cost of reading the clock, so each timed
 * sample is {@value #CALLS} back-to-back calls (the percentiles are of their mean).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class M4Benchmark {
  static final int CALLS = 10;

  private RnncM4 rnnc;
  private ScalarM4 scalar;
  private OrtPeer onnx;
  private float[][] sequence;
  private final float[] out = new float[1];

  /** Loads the shared weights and the first check sample. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    rnnc = RnncM4.load(ModelFiles.weights("m4"));
    scalar = new ScalarM4(rnnc);
    onnx = OrtPeer.floats("m4", new long[] {1, 10, 5}, new long[] {1, 1}, 1);
    sequence = ModelFiles.floatSample(ModelFiles.checks("m4"), 0);
  }

  /** Releases ONNX Runtime's native session. */
  @TearDown(Level.Trial)
  public void tearDown() {
    onnx.close();
  }

  /** The generated model. */
  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float rnnc() {
    float sum = 0;
    for (int i = 0; i < CALLS; i++) {
      rnnc.predictInto(sequence, out);
      sum += out[0];
    }
    return sum;
  }

  /** The plain scalar baseline. */
  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float scalar() {
    float sum = 0;
    for (int i = 0; i < CALLS; i++) {
      sum += scalar.predict(sequence, out)[0];
    }
    return sum;
  }

  /** ONNX Runtime Java, one intra-op thread. */
  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float onnx() {
    float sum = 0;
    for (int i = 0; i < CALLS; i++) {
      onnx.put(0, sequence);
      onnx.run();
      sum += onnx.output().get(0);
    }
    return sum;
  }
}
