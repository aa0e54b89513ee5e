package dev.rnnc.benchmarks;

import dev.rnnc.runtime.nn.CellGradients;
import dev.rnnc.runtime.simd.Activation;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One LSTM backward timestep of a batch (the training step's BPTT body), with the gradient of
 * {@code h_{t-1}} computed as dot products against U ({@code dots}: {@code
 * CellGradients.lstmBackward}) or as a product over U transposed once per step ({@code transposed}:
 * {@code lstmBackwardTransposed}). Sizes of M1's first layer (64 units) and M2's LSTM (128 units).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class LstmBackwardBenchmark {
  @Param({"64", "128"})
  public int units;

  @Param({"32", "128"})
  public int batch;

  @Param({"dots", "transposed"})
  public String variant;

  private float[] projection;
  private float[] u;
  private float[] uT;
  private float[] saved;
  private float[] dh;
  private float[] dc;
  private float[] dhStart;
  private float[] dcStart;
  private float[] dProjection;
  private float[] dU;
  private float[] scratch;
  private boolean transposed;

  /** Random inputs, one forward step to fill the record. */
  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(7);
    int stride = units;
    int width = 4 * stride;
    projection = fill(random, batch * width, 1f);
    u = fill(random, units * width, 0.1f);
    uT = new float[CellGradients.lstmTransposedSize(stride)];
    CellGradients.lstmTranspose(u, units, stride, uT);
    saved = new float[batch * CellGradients.lstmRecord(stride)];
    float[] c = fill(random, batch * stride, 0.5f);
    float[] h = fill(random, batch * stride, 0.5f);
    CellGradients.lstmForward(
        batch,
        projection,
        0,
        width,
        u,
        units,
        stride,
        new float[batch * width],
        c,
        h,
        stride,
        Activation.TANH,
        Activation.SIGMOID,
        saved,
        0);
    dhStart = fill(random, batch * stride, 0.1f);
    dcStart = fill(random, batch * stride, 0.1f);
    dh = dhStart.clone();
    dc = dcStart.clone();
    dProjection = new float[batch * width];
    dU = new float[units * width];
    scratch = new float[CellGradients.lstmScratch(batch, stride)];
    transposed = variant.equals("transposed");
  }

  private static float[] fill(SplittableRandom random, int n, float scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian() * scale;
    }
    return v;
  }

  /** One backward timestep from the same dh and dc every time (copied in: 0.5-2% of the work). */
  @Benchmark
  public float step() {
    System.arraycopy(dhStart, 0, dh, 0, dh.length);
    System.arraycopy(dcStart, 0, dc, 0, dc.length);
    int stride = units;
    int width = 4 * stride;
    if (transposed) {
      CellGradients.lstmBackwardTransposed(
          batch,
          projection,
          0,
          width,
          u,
          units,
          stride,
          saved,
          0,
          null,
          0,
          0,
          dh,
          dc,
          stride,
          dProjection,
          dU,
          scratch,
          Activation.TANH,
          Activation.SIGMOID,
          uT);
    } else {
      CellGradients.lstmBackward(
          batch,
          projection,
          0,
          width,
          u,
          units,
          stride,
          saved,
          0,
          null,
          0,
          0,
          dh,
          dc,
          stride,
          dProjection,
          dU,
          scratch,
          Activation.TANH,
          Activation.SIGMOID);
    }
    return dh[0];
  }
}
