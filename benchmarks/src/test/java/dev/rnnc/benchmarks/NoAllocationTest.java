package dev.rnnc.benchmarks;

import dev.rnnc.testing.Allocations;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated benchmark models (LSTM, embedding, GRU and SimpleRNN layers) and M5's stream
 * allocate nothing per call once compiled. A vector that crosses a call C2 did not inline is boxed,
 * which would allocate on every step, so this guards the kernels' structure too. Counted with the
 * JVM's per-thread allocation counter (a count, not a timing) in a JVM that, like an application,
 * uses a single vector width. The policy (warm-up, then rounds that must all allocate 0 bytes, each
 * round printed) is that of {@link Allocations}.
 *
 * <p>"Once compiled" matters: a kernel runs as C1 code, in which every Vector API operation
 * allocates, until C2 compiles it after some 15,000 invocations (or loop iterations). The Dense
 * kernels run once per call, so the slow models (M2, M3: a millisecond a call) would need seconds
 * of warm-up each; {@link #warmUpSharedKernels} compiles those shared kernels with the fast models
 * first.
 */
class NoAllocationTest {
  @BeforeAll
  static void warmUpSharedKernels() throws IOException {
    RnncM4 m4 = RnncM4.load(ModelFiles.weights("m4"));
    RnncM1 m1 = RnncM1.load(ModelFiles.weights("m1"));
    float[][] x4 = ModelFiles.floatSample(ModelFiles.checks("m4"), 0);
    float[][] x1 = ModelFiles.floatSample(ModelFiles.checks("m1"), 0);
    float[] out = new float[1];
    for (int i = 0; i < 30_000; i++) {
      m4.predictInto(x4, out);
      m1.predictInto(x1, out);
    }
  }

  @Test
  void m1() throws IOException {
    RnncM1 model = RnncM1.load(ModelFiles.weights("m1"));
    float[][] x = ModelFiles.floatSample(ModelFiles.checks("m1"), 0);
    float[] out = new float[1];
    assertNoAllocation("M1", 20_000, () -> model.predictInto(x, out));
  }

  @Test
  void m2() throws IOException {
    RnncM2 model = RnncM2.load(ModelFiles.weights("m2"));
    int[] ids = ModelFiles.tokenSample(ModelFiles.checks("m2"), 0);
    float[] out = new float[1];
    assertNoAllocation("M2", 1_500, () -> model.predictInto(ids, out));
  }

  @Test
  void m3() throws IOException {
    RnncM3 model = RnncM3.load(ModelFiles.weights("m3"));
    float[][] x = ModelFiles.floatSample(ModelFiles.checks("m3"), 0);
    float[] out = new float[10];
    assertNoAllocation("M3", 1_500, () -> model.predictInto(x, out));
  }

  @Test
  void m4() throws IOException {
    RnncM4 model = RnncM4.load(ModelFiles.weights("m4"));
    float[][] x = ModelFiles.floatSample(ModelFiles.checks("m4"), 0);
    float[] out = new float[1];
    assertNoAllocation("M4", 50_000, () -> model.predictInto(x, out));
  }

  @Test
  void m5Stream() throws IOException {
    RnncM5 model = RnncM5.load(ModelFiles.weights("m5"));
    float[] reading = {0.25f};
    float[] out = new float[1];
    assertNoAllocation("M5 step", 200_000, () -> model.step(reading, out));
  }

  /**
   * Asserts that {@code call} allocates nothing once warm: at least {@code warmUp} calls and 2 s
   * first (and on while the JIT is still compiling), then every one of {@link
   * Allocations#MEASURED_ROUNDS} rounds of {@code warmUp / 10} calls (at least 100) must allocate
   * exactly 0 bytes. The 2 s, as in the examples' allocation tests: the JIT's compile time only
   * grows when a compilation ends, so a long one still queued or running on a loaded machine does
   * not show; once, in a CI run beside other builds on the machine, M5's step warmed up in 0.3 s
   * and its second measured round allocated 1,808 bytes with no JIT event in it (not reproduced in
   * three runs alone).
   */
  private static void assertNoAllocation(String what, int warmUp, Runnable call) {
    Allocations.assertAllocatesNothing(
        call, what, warmUp, 2_000_000_000L, Math.max(100, warmUp / 10));
  }
}
