package dev.rnnc.testing;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;

/**
 * Counts the bytes a warmed-up call allocates, with the JVM's per-thread allocation counter (a
 * count, not a timing). Shared by the allocation tests of chain, graph and cell models; JMH
 * {@code -prof gc} in benchmarks/ measures the same for the benchmark models.
 */
public final class Allocations {
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  private Allocations() {}

  /**
   * Bytes per call of {@code call} once warm. Warm-up is timed, not counted, and steady state is
   * reached when C2 has compiled the kernels (the Vector API allocates until then), which takes
   * longer on a loaded machine: rounds of 2,000 calls run until two in a row allocate nothing, or
   * for at most 30 s; the last round's figure is returned.
   */
  public static long bytesPerCall(Runnable call) {
    long warmUpEnd = System.nanoTime() + 2_000_000_000L;
    for (int i = 0; i < 20_000 || System.nanoTime() < warmUpEnd; i++) {
      call.run();
    }
    long thread = Thread.currentThread().threadId();
    long deadline = System.nanoTime() + 30_000_000_000L;
    int calls = 2_000;
    int cleanRounds = 0;
    long perCall;
    do {
      long before = THREADS.getThreadAllocatedBytes(thread);
      for (int i = 0; i < calls; i++) {
        call.run();
      }
      perCall = (THREADS.getThreadAllocatedBytes(thread) - before) / calls;
      cleanRounds = perCall == 0 ? cleanRounds + 1 : 0;
    } while (cleanRounds < 2 && System.nanoTime() < deadline);
    return perCall;
  }
}
