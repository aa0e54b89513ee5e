package dev.rnnc.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** {@link Allocations} passes a call that allocates nothing and fails one that allocates rarely. */
class AllocationsTest {
  /** Where the test calls put what they allocate, so that escape analysis cannot remove it. */
  @SuppressWarnings("unused")
  private static volatile Object sink;

  private int calls;

  @Test
  void aCallThatAllocatesNothingPasses() {
    float[] state = new float[8];
    Allocations.assertAllocatesNothing(
        () -> state[calls++ & 7] += 1, "in-place update", 1_000, 0, 1_000);
  }

  @Test
  void warmUpMayAllocate() {
    Allocations.assertAllocatesNothing(
        () -> {
          if (calls++ < 500) {
            sink = new float[4]; // like the boxed vectors of C1 code before C2 compiles the kernel
          }
        },
        "allocates during warm-up only",
        1_000,
        0,
        1_000);
  }

  /**
   * 16 bytes every 1,000th call: under one byte a call, which a per-call average (bytes / calls,
   * integer division) reported as 0. Every measured round sees them.
   */
  @Test
  void aCallThatAllocatesUnderOneByteACallFails() {
    AssertionFailedError e =
        assertThrows(
            AssertionFailedError.class,
            () ->
                Allocations.assertAllocatesNothing(
                    () -> {
                      if (++calls % 1_000 == 0) {
                        sink = new byte[1];
                      }
                    },
                    "rare allocation",
                    1_000,
                    0,
                    2_000));
    assertTrue(e.getMessage().startsWith("rare allocation: warm-up "), e.getMessage());
    assertTrue(
        e.getMessage().contains("every measured round must allocate 0 bytes"), e.getMessage());
  }

  @Test
  void theCounterCounts() {
    Allocations.checkCounter(); // throws unless it moves by at least 1 MiB over a 1 MiB array
  }

  @Test
  void everyRoundIsReported() {
    assertEquals(
        "[81920 x3, 0, 16, 0 x2]",
        Allocations.runs(List.of(81920L, 81920L, 81920L, 0L, 16L, 0L, 0L)));
  }
}
