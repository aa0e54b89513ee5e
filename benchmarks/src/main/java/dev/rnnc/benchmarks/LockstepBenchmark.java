package dev.rnnc.benchmarks;

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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Batch calls of GRU, SimpleRNN and Embedding models, one thread: a batch of {@value #BATCH}
 * windows of {@link G1} (GRU) and {@link R1} (SimpleRNN), of {@value #WIDE_BATCH} windows of {@link
 * G3} (M3's GRU(256), U in panels), and of {@value #WIDE_BATCH} token sequences of {@link E2} (M2's
 * Embedding → LSTM(128)), through the generated batch call (lockstep chunks, {@code Cells.gruSteps}
 * / {@code simpleRnnSteps} / {@code gruStepsPanels} / {@code lstmStepsPanels}) against the
 * generated single-sample call in a loop, which is what their batch calls did before those layers
 * had a lockstep form. Same instance and weights, same run; the ratio of each pair is the result.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class LockstepBenchmark {
  static final int BATCH = 256;
  static final int WIDE_BATCH = 32;

  private RnncG1 gru;
  private RnncR1 simpleRnn;
  private RnncG3 wideGru;
  private RnncE2 embeddingLstm;
  private final int[][] tokens = new int[WIDE_BATCH][200];
  private final float[][] tokenOut = new float[WIDE_BATCH][1];
  private final float[][][] wideWindows = new float[WIDE_BATCH][100][32];
  private final float[][] wideOut = new float[WIDE_BATCH][10];
  private final float[][][] windows = new float[BATCH][30][1];
  private final float[][] out = new float[BATCH][1];

  /** Seeded random weights and batch. */
  @Setup(Level.Trial)
  public void setUp() {
    gru = RnncG1.create(5);
    simpleRnn = RnncR1.create(6);
    wideGru = RnncG3.create(7);
    embeddingLstm = RnncE2.create(8);
    SplittableRandom random = new SplittableRandom(9);
    for (float[][] window : windows) {
      for (float[] step : window) {
        step[0] = (float) random.nextDouble(-1, 1);
      }
    }
    for (int[] sequence : tokens) {
      for (int t = 0; t < sequence.length; t++) {
        sequence[t] = random.nextInt(10000);
      }
    }
    for (float[][] window : wideWindows) {
      for (float[] step : window) {
        for (int f = 0; f < step.length; f++) {
          step[f] = (float) random.nextDouble(-1, 1);
        }
      }
    }
  }

  /** G1's batch call: windows in lockstep chunks. */
  @Benchmark
  public float[][] gruLockstep() {
    gru.predictInto(windows, out);
    return out;
  }

  /** G1's single-sample call, a window at a time. */
  @Benchmark
  public float[][] gruOneAtATime() {
    for (int i = 0; i < BATCH; i++) {
      gru.predictInto(windows[i], out[i]);
    }
    return out;
  }

  /** R1's batch call: windows in lockstep chunks. */
  @Benchmark
  public float[][] simpleRnnLockstep() {
    simpleRnn.predictInto(windows, out);
    return out;
  }

  /** R1's single-sample call, a window at a time. */
  @Benchmark
  public float[][] simpleRnnOneAtATime() {
    for (int i = 0; i < BATCH; i++) {
      simpleRnn.predictInto(windows[i], out[i]);
    }
    return out;
  }

  /** G3's batch call: windows in lockstep chunks, U in panels. */
  @Benchmark
  public float[][] wideGruLockstep() {
    wideGru.predictInto(wideWindows, wideOut);
    return wideOut;
  }

  /** G3's single-sample call, a window at a time. */
  @Benchmark
  public float[][] wideGruOneAtATime() {
    for (int i = 0; i < WIDE_BATCH; i++) {
      wideGru.predictInto(wideWindows[i], wideOut[i]);
    }
    return wideOut;
  }

  /** E2's batch call: token sequences in lockstep chunks, U in panels. */
  @Benchmark
  public float[][] embeddingLstmLockstep() {
    embeddingLstm.predictInto(tokens, tokenOut);
    return tokenOut;
  }

  /** E2's single-sample call, a sequence at a time. */
  @Benchmark
  public float[][] embeddingLstmOneAtATime() {
    for (int i = 0; i < WIDE_BATCH; i++) {
      embeddingLstm.predictInto(tokens[i], tokenOut[i]);
    }
    return tokenOut;
  }
}
