package dev.rnnc.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Counts the bytes a warmed-up generated model allocates per allocation-free call, with the JVM's
 * per-thread allocation counter (a count, not a timing). JMH {@code -prof gc} in benchmarks/
 * measures the same for the benchmark models.
 */
class AllocationTest {
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  @Test
  void predictIntoAllocatesNothingAfterWarmUp() {
    RnncForecaster model = RnncForecaster.create(1);
    float[][] window = new float[30][1];
    SplittableRandom random = new SplittableRandom(5);
    for (float[] step : window) {
      step[0] = (float) random.nextDouble(-1, 1);
    }
    float[] out = new float[1];
    for (int i = 0; i < 20_000; i++) { // until C2 has compiled and inlined the kernels
      model.predictInto(window, out);
    }
    long thread = Thread.currentThread().threadId();
    long before = THREADS.getThreadAllocatedBytes(thread);
    int calls = 2_000;
    for (int i = 0; i < calls; i++) {
      model.predictInto(window, out);
    }
    long allocated = THREADS.getThreadAllocatedBytes(thread) - before;
    assertEquals(0, allocated / calls, "bytes allocated per predictInto call (" + allocated + " in " + calls + " calls)");
  }
}
