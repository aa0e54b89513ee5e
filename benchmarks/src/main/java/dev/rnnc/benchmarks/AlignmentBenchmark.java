package dev.rnnc.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How the alignment of a recurrent kernel's rows changes the cost of a small, L1-resident step
 * product: M5's {@code h·U} (32 rows of four 32-unit gate blocks, 256 512-bit FMAs, each with its
 * own 64-byte load of U), the loop shape of the runtime's two-group LSTM pass.
 *
 * <p>The JVM places a {@code float[]}'s data 16 bytes past an object boundary, and objects are
 * 8-byte aligned, so where a vector load of U falls within a cache line depends on where the array
 * landed (and moves with it at GC). This benchmark pins it: with {@code
 * -XX:ObjectAlignmentInBytes=64} every array's data starts 16 bytes past a 64-byte boundary, and
 * {@code offset} floats further on U's first row starts at 16 + 4·offset bytes mod 64 (offset 4:
 * 32-byte aligned; 12: 64-byte aligned). {@code nativeAligned} reads the same values from a 64-byte
 * aligned off-heap segment. A diagnostic of the machine and the JVM, not of rnnc's code paths.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 2,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:ObjectAlignmentInBytes=64"})
public class AlignmentBenchmark {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
  private static final int UNITS = 32;
  private static final int ROW = 4 * UNITS;

  /** Floats between the array's first element and U's first row. */
  @Param({"0", "4", "8", "12"})
  public int offset;

  private final float[] u = new float[UNITS * ROW + 16];
  private final float[] projection = new float[ROW];
  private final float[] h = new float[UNITS];
  private final float[] gates = new float[ROW];
  private MemorySegment aligned;

  /** Fills U with small values, on the heap and in the aligned segment. */
  @Setup
  public void setUp() {
    aligned = Arena.ofAuto().allocate(4L * UNITS * ROW, 64);
    for (int i = 0; i < UNITS * ROW; i++) {
      float v = (i % 7) * 0.01f - 0.03f;
      u[offset + i] = v;
      aligned.setAtIndex(ValueLayout.JAVA_FLOAT, i, v);
    }
    for (int i = 0; i < ROW; i++) {
      projection[i] = 0.01f * (i % 5);
    }
  }

  /** The product reading U from the heap array at {@code offset}. */
  @Benchmark
  public float heap() {
    heapProduct(u, offset);
    return gates[0];
  }

  /** The product reading U from the 64-byte aligned segment ({@code offset} unused). */
  @Benchmark
  public float nativeAligned() {
    nativeProduct(aligned);
    return gates[0];
  }

  @CompilerControl(CompilerControl.Mode.DONT_INLINE)
  private void heapProduct(float[] w, int base) {
    FloatVector i0 = FloatVector.fromArray(S, projection, 0),
        i1 = FloatVector.fromArray(S, projection, 16);
    FloatVector f0 = FloatVector.fromArray(S, projection, 32),
        f1 = FloatVector.fromArray(S, projection, 48);
    FloatVector o0 = FloatVector.fromArray(S, projection, 64),
        o1 = FloatVector.fromArray(S, projection, 80);
    FloatVector g0 = FloatVector.fromArray(S, projection, 96),
        g1 = FloatVector.fromArray(S, projection, 112);
    for (int k = 0; k < UNITS; k++) {
      int row = base + k * ROW;
      FloatVector hk = FloatVector.broadcast(S, h[k]);
      i0 = FloatVector.fromArray(S, w, row).fma(hk, i0);
      i1 = FloatVector.fromArray(S, w, row + 16).fma(hk, i1);
      f0 = FloatVector.fromArray(S, w, row + 32).fma(hk, f0);
      f1 = FloatVector.fromArray(S, w, row + 48).fma(hk, f1);
      o0 = FloatVector.fromArray(S, w, row + 64).fma(hk, o0);
      o1 = FloatVector.fromArray(S, w, row + 80).fma(hk, o1);
      g0 = FloatVector.fromArray(S, w, row + 96).fma(hk, g0);
      g1 = FloatVector.fromArray(S, w, row + 112).fma(hk, g1);
    }
    store(i0, i1, f0, f1, o0, o1, g0, g1);
  }

  @CompilerControl(CompilerControl.Mode.DONT_INLINE)
  private void nativeProduct(MemorySegment w) {
    ByteOrder order = ByteOrder.nativeOrder();
    FloatVector i0 = FloatVector.fromArray(S, projection, 0),
        i1 = FloatVector.fromArray(S, projection, 16);
    FloatVector f0 = FloatVector.fromArray(S, projection, 32),
        f1 = FloatVector.fromArray(S, projection, 48);
    FloatVector o0 = FloatVector.fromArray(S, projection, 64),
        o1 = FloatVector.fromArray(S, projection, 80);
    FloatVector g0 = FloatVector.fromArray(S, projection, 96),
        g1 = FloatVector.fromArray(S, projection, 112);
    for (int k = 0; k < UNITS; k++) {
      long row = 4L * k * ROW;
      FloatVector hk = FloatVector.broadcast(S, h[k]);
      i0 = FloatVector.fromMemorySegment(S, w, row, order).fma(hk, i0);
      i1 = FloatVector.fromMemorySegment(S, w, row + 64, order).fma(hk, i1);
      f0 = FloatVector.fromMemorySegment(S, w, row + 128, order).fma(hk, f0);
      f1 = FloatVector.fromMemorySegment(S, w, row + 192, order).fma(hk, f1);
      o0 = FloatVector.fromMemorySegment(S, w, row + 256, order).fma(hk, o0);
      o1 = FloatVector.fromMemorySegment(S, w, row + 320, order).fma(hk, o1);
      g0 = FloatVector.fromMemorySegment(S, w, row + 384, order).fma(hk, g0);
      g1 = FloatVector.fromMemorySegment(S, w, row + 448, order).fma(hk, g1);
    }
    store(i0, i1, f0, f1, o0, o1, g0, g1);
  }

  private void store(
      FloatVector i0,
      FloatVector i1,
      FloatVector f0,
      FloatVector f1,
      FloatVector o0,
      FloatVector o1,
      FloatVector g0,
      FloatVector g1) {
    i0.intoArray(gates, 0);
    i1.intoArray(gates, 16);
    f0.intoArray(gates, 32);
    f1.intoArray(gates, 48);
    o0.intoArray(gates, 64);
    o1.intoArray(gates, 80);
    g0.intoArray(gates, 96);
    g1.intoArray(gates, 112);
  }
}
