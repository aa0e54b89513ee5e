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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * M2 single-sample latency: rnnc, the variants of {@link PanelM2} (row-major U as before; folded
 * embedding), the scalar baseline and ONNX Runtime Java on {@code models/m2.*}. Warm-up is long (20
 * s) because a kernel reaches C2 only after some 15,000 invocations and the Dense head's run once
 * per call, a millisecond apart; until then they run as C1 code, slowly and allocating.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class M2Benchmark {
  /**
   * Calls cycle through this many random sequences, so table rows come from cache as in use, not
   * from L1.
   */
  static final int INPUTS = 64;

  private RnncM2 rnnc;
  private ScalarM2 scalar;
  private PanelM2 rowMajor;
  private PanelM2 folded;
  private OrtPeer onnx;
  private final int[][] inputs = new int[INPUTS][200];
  private int next;
  private final float[] out = new float[1];

  /** Loads the shared weights and the first check sample. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    rnnc = RnncM2.load(ModelFiles.weights("m2"));
    scalar = new ScalarM2(rnnc);
    rowMajor = new PanelM2(rnnc, false, false);
    folded = new PanelM2(rnnc, true, true);
    onnx = OrtPeer.tokens("m2", new long[] {1, 200}, new long[] {1, 1}, 1);
    SplittableRandom random = new SplittableRandom(11);
    for (int[] ids : inputs) {
      for (int t = 0; t < ids.length; t++) {
        ids[t] = random.nextInt(10000);
      }
    }
  }

  /** Releases ONNX Runtime's native session. */
  @TearDown(Level.Trial)
  public void tearDown() {
    onnx.close();
  }

  /** The generated model. */
  @Benchmark
  public float[] rnnc() {
    rnnc.predictInto(nextInput(), out);
    return out;
  }

  private int[] nextInput() {
    next = (next + 1) % INPUTS;
    return inputs[next];
  }

  /** {@link PanelM2}: the recurrent kernel row-major, as generated before the panel layout. */
  @Benchmark
  public float[] rowMajor() {
    return rowMajor.predict(nextInput(), out);
  }

  /** {@link PanelM2}: panel layout, and the input projection folded into the embedding. */
  @Benchmark
  public float[] rnncPanelsFolded() {
    return folded.predict(nextInput(), out);
  }

  /** The plain scalar baseline. */
  @Benchmark
  public float[] scalar() {
    return scalar.predict(nextInput(), out);
  }

  /** ONNX Runtime Java, one intra-op thread. */
  @Benchmark
  public float onnx() {
    onnx.put(0, nextInput());
    onnx.run();
    return onnx.output().get(0);
  }
}
