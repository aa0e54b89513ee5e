package dev.rnnc.graphs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Graph models allocate nothing per allocation-free call once warm, like chain models
 * ({@code dev.rnnc.examples.AllocationTest}, whose counting this repeats): several inputs of
 * variable length grow their arrays once, merges and shared layers write into owned scratch.
 */
class GraphAllocationTest {
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** Bytes per call once warm: rounds of 2,000 calls until two in a row allocate nothing, or 30 s. */
  private static long bytesPerCall(Runnable call) {
    long warmUpEnd = System.nanoTime() + 2_000_000_000L;
    for (int i = 0; i < 20_000 || System.nanoTime() < warmUpEnd; i++) {
      call.run();
    }
    long thread = Thread.currentThread().threadId();
    long deadline = System.nanoTime() + 30_000_000_000L;
    int cleanRounds = 0;
    long perCall;
    do {
      long before = THREADS.getThreadAllocatedBytes(thread);
      for (int i = 0; i < 2_000; i++) {
        call.run();
      }
      perCall = (THREADS.getThreadAllocatedBytes(thread) - before) / 2_000;
      cleanRounds = perCall == 0 ? cleanRounds + 1 : 0;
    } while (cleanRounds < 2 && System.nanoTime() < deadline);
    return perCall;
  }

  @Test
  void encoderDecoderWithTwoVariableInputsAllocatesNothing() {
    var model = RnncMultiInputModels_Seq2Seq.create(7);
    int[] encoder = {3, 14, 15, 9, 26, 5};
    int[] decoder = {2, 7, 18, 28};
    float[] out = new float[10];
    assertEquals(0, bytesPerCall(() -> model.predictInto(encoder, decoder, out)), "bytes per predictInto call");
  }
}
