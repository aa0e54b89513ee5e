package dev.rnnc.benchmarks;

import dev.rnnc.runtime.nn.CellGradients;
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
 * The LSTM recurrent kernel's gradient after the time loop ({@code
 * CellGradients.lstmRecurrentKernelGradient}, {@code dU += Σ h_{t-1}ᵀ·dz_t}) alone, at the shape of
 * one training shard: M2's LSTM(128) over 200 timesteps for 16 sequences (batch 32 on two threads),
 * M1's first layer, LSTM(64) over 30 timesteps for 64 (batch 128 on two). Its rate against the
 * core's peak separates the product's code from the step's memory traffic.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class RecurrentKernelGradientBenchmark {
  /** Units, timesteps and sequences of a shard. */
  @Param({"128x200x16", "64x30x64"})
  public String shape;

  private int units;
  private int timesteps;
  private int batch;
  private int record;
  private float[] saved;
  private float[] dProjection;
  private float[] dU;

  /** Random records and projection gradients. */
  @Setup(Level.Trial)
  public void setUp() {
    String[] parts = shape.split("x");
    units = Integer.parseInt(parts[0]);
    timesteps = Integer.parseInt(parts[1]);
    batch = Integer.parseInt(parts[2]);
    record = CellGradients.lstmRecord(units);
    SplittableRandom random = new SplittableRandom(11);
    saved = new float[timesteps * batch * record];
    dProjection = new float[batch * timesteps * 4 * units];
    dU = new float[units * 4 * units];
    for (int i = 0; i < saved.length; i++) {
      saved[i] = (float) random.nextDouble(-1, 1);
    }
    for (int i = 0; i < dProjection.length; i++) {
      dProjection[i] = (float) random.nextDouble(-0.1, 0.1);
    }
  }

  /** One shard's {@code dU}, summed into the same array call after call. */
  @Benchmark
  public float[] recurrentKernelGradient() {
    CellGradients.lstmRecurrentKernelGradient(
        batch,
        timesteps,
        saved,
        record,
        units,
        units,
        dProjection,
        4 * units,
        timesteps * 4 * units,
        dU);
    return dU;
  }
}
