package dev.rnnc.benchmarks;

import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.ShardPool;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One full training step of a batch, on {@link #threads} threads: forward through every layer
 * (saving what BPTT needs), the loss and its gradient, the backward pass, and Adam's update of
 * every weight (M2: the whole Embedding table). It is the generated model's {@code trainStep}, the
 * method {@code fit} calls per batch, reached through an exact method handle (it is private);
 * {@code fit} adds only its loop around it (metrics, logs, callbacks). The data are seeded random
 * samples, the same batch every step. Time per step; {@link TrainingReport} turns it into
 * samples/s, compares with PyTorch and Keras ({@code tools/bench/train_peers.py}) and adds bytes
 * allocated per step ({@code -prof gc}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10, time = 3) // the first steps run interpreted, seconds each
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class TrainingBenchmark {
  @Param({"32", "128"})
  public int batch;

  /**
   * {@code FitOptions.threads}: the batch split into this many shards on a {@code ShardPool}, as
   * {@code fit} does (the pool handed to the model's {@code trainPool} field, which {@code fit}
   * sets for its duration).
   */
  @Param({"1"})
  public int threads;

  /**
   * How M2's token ids are drawn: {@code uniform} over the 10,000 ids (the default, and the issue's
   * measurement: the fewest repeats a batch can have), or {@code zipf}, id {@code r} with weight
   * {@code 1 / (r + 1)}, as word frequencies in text roughly fall. Only rnnc's step depends on it
   * (it projects each distinct token of a batch once); PyTorch's and Keras' do not.
   */
  @Param({"uniform"})
  public String tokens;

  private ShardPool pool;

  private RnncTrainM1 m1;
  private MethodHandle m1Step;
  private float[][][] m1X;
  private float[][] m1Y;
  private RnncTrainM2 m2;
  private MethodHandle m2Step;
  private int[][] m2X;
  private float[][] m2Y;
  private RnncTrainM3 m3;
  private MethodHandle m3Step;
  private float[][][] m3X;
  private float[][] m3Y;
  private int[] order;

  /** Seeded Keras-default weights and one seeded batch per model. */
  @Setup(Level.Trial)
  public void setUp() throws ReflectiveOperationException {
    SplittableRandom random = new SplittableRandom(2026);
    order = new int[batch];
    for (int i = 0; i < batch; i++) {
      order[i] = i;
    }
    m1 = RnncTrainM1.create(1);
    m1X = new float[batch][30][1];
    m1Y = new float[batch][1];
    for (int i = 0; i < batch; i++) {
      for (int t = 0; t < 30; t++) {
        m1X[i][t][0] = (float) random.nextGaussian();
      }
      m1Y[i][0] = (float) random.nextGaussian();
    }
    m1Step = step(RnncTrainM1.class, float[][][].class);
    m2 = RnncTrainM2.create(2);
    m2X = new int[batch][200];
    m2Y = new float[batch][1];
    double[] zipf = "zipf".equals(tokens) ? zipfCumulative(10_000) : null;
    for (int i = 0; i < batch; i++) {
      for (int t = 0; t < 200; t++) {
        m2X[i][t] = zipf == null ? random.nextInt(10_000) : draw(zipf, random);
      }
      m2Y[i][0] = random.nextInt(2);
    }
    m2Step = step(RnncTrainM2.class, int[][].class);
    m3 = RnncTrainM3.create(3);
    m3X = new float[batch][100][8];
    m3Y = new float[batch][1];
    for (int i = 0; i < batch; i++) {
      for (int t = 0; t < 100; t++) {
        for (int f = 0; f < 8; f++) {
          m3X[i][t][f] = (float) random.nextGaussian();
        }
      }
      m3Y[i][0] = (float) random.nextGaussian();
    }
    m3Step = step(RnncTrainM3.class, float[][][].class);
    pool = ShardPool.forFit(new FitOptions().threads(threads));
    pool(RnncTrainM1.class).set(m1, pool);
    pool(RnncTrainM2.class).set(m2, pool);
    pool(RnncTrainM3.class).set(m3, pool);
  }

  /**
   * The cumulative weights of ids {@code 0 .. n - 1}, id {@code r} weighing {@code 1 / (r + 1)}.
   */
  private static double[] zipfCumulative(int n) {
    double[] cumulative = new double[n];
    double sum = 0;
    for (int r = 0; r < n; r++) {
      sum += 1.0 / (r + 1);
      cumulative[r] = sum;
    }
    for (int r = 0; r < n; r++) {
      cumulative[r] /= sum;
    }
    return cumulative;
  }

  /** An id drawn with the weights of {@code cumulative}. */
  private static int draw(double[] cumulative, SplittableRandom random) {
    int at = Arrays.binarySearch(cumulative, random.nextDouble());
    return Math.min(at < 0 ? -at - 1 : at, cumulative.length - 1);
  }

  /** Stops the pool's threads. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (pool != null) {
      pool.close();
    }
  }

  private static VarHandle pool(Class<?> model) throws ReflectiveOperationException {
    return MethodHandles.privateLookupIn(model, MethodHandles.lookup())
        .findVarHandle(model, "trainPool", ShardPool.class);
  }

  private static MethodHandle step(Class<?> model, Class<?> input)
      throws ReflectiveOperationException {
    return MethodHandles.privateLookupIn(model, MethodHandles.lookup())
        .findVirtual(
            model,
            "trainStep",
            MethodType.methodType(
                double.class,
                input,
                float[][].class,
                int[].class,
                int.class,
                int.class,
                float[].class,
                boolean.class));
  }

  /** M1: (30,1) → LSTM64 seq → LSTM32 → Dense16 relu → Dense1, Adam, MSE. */
  @Benchmark
  public double m1() throws Throwable {
    return (double) m1Step.invokeExact(m1, m1X, m1Y, order, 0, batch, (float[]) null, true);
  }

  /** M2: tokens T=200 → Embedding(10000, 64) → LSTM128 → Dense1 sigmoid, Adam, BCE. */
  @Benchmark
  public double m2() throws Throwable {
    return (double) m2Step.invokeExact(m2, m2X, m2Y, order, 0, batch, (float[]) null, true);
  }

  /** M3: (100, 8) → GRU128 → Dense1, Adam, MSE. */
  @Benchmark
  public double m3() throws Throwable {
    return (double) m3Step.invokeExact(m3, m3X, m3Y, order, 0, batch, (float[]) null, true);
  }
}
