package dev.rnnc.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Floors, not models: the bare pieces of a recurrent step written with literal sizes and 512-bit
 * vectors, to tell what bounds the generated code (docs/performance.md, "What bounds each target").
 * Each recurrent product feeds its sums back as the next step's state (scaled, to stay finite), so
 * steps wait on each other as in a real layer.
 *
 * <ul>
 *   <li>{@link #simpleRnn32Product}: M4's SimpleRNN(32) product, h·U with U (4 KB) in L1, sums
 *       split four ways over k: per step.
 *   <li>{@link #lstm64Product} / {@link #lstm64ProductSerpentine}: M1's first layer, h·U with U (64
 *       KB) streaming from L2, every step from the first row or, serpentine, odd steps from the
 *       last (the rows the previous step read last are still in L1): per step.
 *   <li>{@link #lstmGroupsInL1}: the lockstep kernel's inner loop (one group of units, four
 *       sequences: 4 loads of U, 4 broadcasts, 16 FMAs per row) over 64 rows in L1, 1024 FMAs: the
 *       FMA rate it reaches.
 *   <li>{@link #sigmoidLoop}: the fused steps' fast sigmoid over 16 vectors with the input clamped
 *       by Java's vector max/min (VectorMath before this benchmark), and {@link
 *       #sigmoidLoopBlendClamp} clamped by compare and blend (VectorMath now).
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 3, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class StepFloorBenchmark {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
  private static final int STEPS = 30;

  private final float[] u32 = new float[32 * 32];
  private final float[] bias32 = new float[32];
  private final float[] h32 = new float[32];
  private final float[] u64 = new float[64 * 256];
  private final float[] p64 = new float[256];
  private final float[] h64 = new float[64];
  private final float[] uGroup = new float[64 * 64];
  private final float[] hGroup = new float[4 * 64];
  private final float[] activations = new float[256];

  /** Seeded random weights and states. */
  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(1);
    for (float[] array : new float[][] {u32, bias32, u64, p64, uGroup, hGroup, activations}) {
      for (int i = 0; i < array.length; i++) {
        array[i] = (float) random.nextDouble(-0.2, 0.2);
      }
    }
  }

  /** SimpleRNN(32) h·U + b, four partial sums per output vector. */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public float simpleRnn32Product() {
    FloatVector b0 = FloatVector.fromArray(S, bias32, 0), b1 = FloatVector.fromArray(S, bias32, 16);
    FloatVector zero = FloatVector.zero(S);
    for (int t = 0; t < STEPS; t++) {
      FloatVector a0 = b0,
          a1 = b1,
          c0 = zero,
          c1 = zero,
          d0 = zero,
          d1 = zero,
          e0 = zero,
          e1 = zero;
      for (int k = 0; k < 32; k += 4) {
        int row = k * 32;
        FloatVector x0 = FloatVector.broadcast(S, h32[k]),
            x1 = FloatVector.broadcast(S, h32[k + 1]);
        FloatVector x2 = FloatVector.broadcast(S, h32[k + 2]),
            x3 = FloatVector.broadcast(S, h32[k + 3]);
        a0 = FloatVector.fromArray(S, u32, row).fma(x0, a0);
        a1 = FloatVector.fromArray(S, u32, row + 16).fma(x0, a1);
        c0 = FloatVector.fromArray(S, u32, row + 32).fma(x1, c0);
        c1 = FloatVector.fromArray(S, u32, row + 48).fma(x1, c1);
        d0 = FloatVector.fromArray(S, u32, row + 64).fma(x2, d0);
        d1 = FloatVector.fromArray(S, u32, row + 80).fma(x2, d1);
        e0 = FloatVector.fromArray(S, u32, row + 96).fma(x3, e0);
        e1 = FloatVector.fromArray(S, u32, row + 112).fma(x3, e1);
      }
      a0.add(c0).add(d0.add(e0)).mul(0.05f).intoArray(h32, 0);
      a1.add(c1).add(d1.add(e1)).mul(0.05f).intoArray(h32, 16);
    }
    return h32[0];
  }

  /** LSTM(64) h·U + projection, every step from U's first row. */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public float lstm64Product() {
    return lstm64(false);
  }

  /** The same, odd steps from U's last row. */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public float lstm64ProductSerpentine() {
    return lstm64(true);
  }

  private float lstm64(boolean serpentine) {
    for (int t = 0; t < STEPS; t++) {
      FloatVector a0 = FloatVector.fromArray(S, p64, 0), a1 = FloatVector.fromArray(S, p64, 16);
      FloatVector a2 = FloatVector.fromArray(S, p64, 32), a3 = FloatVector.fromArray(S, p64, 48);
      FloatVector a4 = FloatVector.fromArray(S, p64, 64), a5 = FloatVector.fromArray(S, p64, 80);
      FloatVector a6 = FloatVector.fromArray(S, p64, 96), a7 = FloatVector.fromArray(S, p64, 112);
      FloatVector a8 = FloatVector.fromArray(S, p64, 128), a9 = FloatVector.fromArray(S, p64, 144);
      FloatVector a10 = FloatVector.fromArray(S, p64, 160),
          a11 = FloatVector.fromArray(S, p64, 176);
      FloatVector a12 = FloatVector.fromArray(S, p64, 192),
          a13 = FloatVector.fromArray(S, p64, 208);
      FloatVector a14 = FloatVector.fromArray(S, p64, 224),
          a15 = FloatVector.fromArray(S, p64, 240);
      boolean back = serpentine && (t & 1) == 1;
      int k = back ? 63 : 0;
      int dk = back ? -1 : 1;
      for (int n = 0; n < 64; n++, k += dk) {
        int row = k * 256;
        FloatVector x = FloatVector.broadcast(S, h64[k]);
        a0 = FloatVector.fromArray(S, u64, row).fma(x, a0);
        a1 = FloatVector.fromArray(S, u64, row + 16).fma(x, a1);
        a2 = FloatVector.fromArray(S, u64, row + 32).fma(x, a2);
        a3 = FloatVector.fromArray(S, u64, row + 48).fma(x, a3);
        a4 = FloatVector.fromArray(S, u64, row + 64).fma(x, a4);
        a5 = FloatVector.fromArray(S, u64, row + 80).fma(x, a5);
        a6 = FloatVector.fromArray(S, u64, row + 96).fma(x, a6);
        a7 = FloatVector.fromArray(S, u64, row + 112).fma(x, a7);
        a8 = FloatVector.fromArray(S, u64, row + 128).fma(x, a8);
        a9 = FloatVector.fromArray(S, u64, row + 144).fma(x, a9);
        a10 = FloatVector.fromArray(S, u64, row + 160).fma(x, a10);
        a11 = FloatVector.fromArray(S, u64, row + 176).fma(x, a11);
        a12 = FloatVector.fromArray(S, u64, row + 192).fma(x, a12);
        a13 = FloatVector.fromArray(S, u64, row + 208).fma(x, a13);
        a14 = FloatVector.fromArray(S, u64, row + 224).fma(x, a14);
        a15 = FloatVector.fromArray(S, u64, row + 240).fma(x, a15);
      }
      a0.add(a4).add(a8.add(a12)).mul(0.01f).intoArray(h64, 0);
      a1.add(a5).add(a9.add(a13)).mul(0.01f).intoArray(h64, 16);
      a2.add(a6).add(a10.add(a14)).mul(0.01f).intoArray(h64, 32);
      a3.add(a7).add(a11.add(a15)).mul(0.01f).intoArray(h64, 48);
    }
    return h64[0];
  }

  /** Four sequences' gate sums of one 16-unit group over 64 rows: 1024 FMAs. */
  @Benchmark
  public float lstmGroupsInL1() {
    FloatVector zero = FloatVector.zero(S);
    FloatVector i0 = zero,
        f0 = zero,
        o0 = zero,
        g0 = zero,
        i1 = zero,
        f1 = zero,
        o1 = zero,
        g1 = zero;
    FloatVector i2 = zero,
        f2 = zero,
        o2 = zero,
        g2 = zero,
        i3 = zero,
        f3 = zero,
        o3 = zero,
        g3 = zero;
    for (int k = 0, row = 0; k < 64; k++, row += 64) {
      FloatVector wi = FloatVector.fromArray(S, uGroup, row),
          wf = FloatVector.fromArray(S, uGroup, row + 16);
      FloatVector wo = FloatVector.fromArray(S, uGroup, row + 32),
          wg = FloatVector.fromArray(S, uGroup, row + 48);
      FloatVector x = FloatVector.broadcast(S, hGroup[k]);
      i0 = wi.fma(x, i0);
      f0 = wf.fma(x, f0);
      o0 = wo.fma(x, o0);
      g0 = wg.fma(x, g0);
      x = FloatVector.broadcast(S, hGroup[64 + k]);
      i1 = wi.fma(x, i1);
      f1 = wf.fma(x, f1);
      o1 = wo.fma(x, o1);
      g1 = wg.fma(x, g1);
      x = FloatVector.broadcast(S, hGroup[128 + k]);
      i2 = wi.fma(x, i2);
      f2 = wf.fma(x, f2);
      o2 = wo.fma(x, o2);
      g2 = wg.fma(x, g2);
      x = FloatVector.broadcast(S, hGroup[192 + k]);
      i3 = wi.fma(x, i3);
      f3 = wf.fma(x, f3);
      o3 = wo.fma(x, o3);
      g3 = wg.fma(x, g3);
    }
    FloatVector sum =
        i0.add(f0)
            .add(o0.add(g0))
            .add(i1.add(f1).add(o1.add(g1)))
            .add(i2.add(f2).add(o2.add(g2)).add(i3.add(f3).add(o3.add(g3))));
    return sum.lane(0);
  }

  /**
   * The fast sigmoid (the [13/6] rational tanh of x/2) over 16 vectors, in place, clamped by
   * max/min.
   */
  @Benchmark
  public float sigmoidLoop() {
    for (int j = 0; j < 256; j += 16) {
      FloatVector x = FloatVector.fromArray(S, activations, j).mul(0.5f).max(-9f).min(9f);
      FloatVector y = x.mul(x);
      FloatVector y2 = y.mul(y);
      FloatVector y4 = y2.mul(y2);
      FloatVector p =
          y2.fma(
                  y2.broadcast(-2.76076847742355e-16f),
                  y.fma(2.00018790482477e-13f, -8.60467152213735e-11f))
              .fma(
                  y4,
                  y.fma(5.12229709037114e-08f, 1.48572235717979e-05f)
                      .fma(y2, y.fma(6.37261928875436e-04f, 4.89352455891786e-03f)));
      FloatVector q =
          y.fma(1.19825839466702e-06f, 1.18534705686654e-04f)
              .fma(y2, y.fma(2.26843463243900e-03f, 4.89352518554385e-03f));
      // Back to [-0.2, 0.2] so that every call sees the same inputs' range.
      x.mul(p).div(q).fma(0.5f, 0.5f).sub(0.5f).mul(0.4f).intoArray(activations, j);
    }
    return activations[5];
  }

  /**
   * {@link #sigmoidLoop} clamping by compare and blend (an unordered compare is false: NaN stays).
   */
  @Benchmark
  public float sigmoidLoopBlendClamp() {
    for (int j = 0; j < 256; j += 16) {
      FloatVector x = FloatVector.fromArray(S, activations, j).mul(0.5f);
      x =
          x.blend(9f, x.compare(VectorOperators.GT, 9f))
              .blend(-9f, x.compare(VectorOperators.LT, -9f));
      FloatVector y = x.mul(x);
      FloatVector y2 = y.mul(y);
      FloatVector y4 = y2.mul(y2);
      FloatVector p =
          y2.fma(
                  y2.broadcast(-2.76076847742355e-16f),
                  y.fma(2.00018790482477e-13f, -8.60467152213735e-11f))
              .fma(
                  y4,
                  y.fma(5.12229709037114e-08f, 1.48572235717979e-05f)
                      .fma(y2, y.fma(6.37261928875436e-04f, 4.89352455891786e-03f)));
      FloatVector q =
          y.fma(1.19825839466702e-06f, 1.18534705686654e-04f)
              .fma(y2, y.fma(2.26843463243900e-03f, 4.89352518554385e-03f));
      // Back to [-0.2, 0.2] so that every call sees the same inputs' range.
      x.mul(p).div(q).fma(0.5f, 0.5f).sub(0.5f).mul(0.4f).intoArray(activations, j);
    }
    return activations[5];
  }
}
