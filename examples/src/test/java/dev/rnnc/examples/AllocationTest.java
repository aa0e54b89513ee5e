package dev.rnnc.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.management.ThreadMXBean;
import dev.rnnc.parity.RnncM1;
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

  /**
   * Bytes per call of {@code call} once warm. Warm-up is timed, not counted, and steady state is
   * reached when C2 has compiled the kernels (the Vector API allocates until then), which takes
   * longer on a loaded machine: rounds of 2,000 calls run until two in a row allocate nothing, or
   * for at most 30 s; the last round's figure is returned.
   */
  private static long bytesPerCall(Runnable call) {
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

  @Test
  void maskedBidirectionalAllocatesNothingAfterWarmUp() {
    RnncMaskedTagger model = RnncMaskedTagger.create(2);
    float[][] sequence = new float[12][3];
    SplittableRandom random = new SplittableRandom(6);
    for (int t = 0; t < 9; t++) { // three padded steps at the end
      for (int f = 0; f < 3; f++) {
        sequence[t][f] = (float) random.nextDouble(-1, 1);
      }
    }
    float[][] out = new float[12][4];
    assertEquals(0, bytesPerCall(() -> model.tagInto(sequence, out)), "bytes per tagInto call");
  }

  @Test
  void maskedStackedCellsAllocateNothingAfterWarmUp() {
    RnncMaskedStackedCells model = RnncMaskedStackedCells.create(4);
    float[][] sequence = new float[12][3];
    SplittableRandom random = new SplittableRandom(8);
    for (int t = 2; t < 9; t++) { // padding at both ends
      for (int f = 0; f < 3; f++) {
        sequence[t][f] = (float) random.nextDouble(-1, 1);
      }
    }
    float[][] out = new float[12][4];
    assertEquals(0, bytesPerCall(() -> model.tagInto(sequence, out)), "bytes per tagInto call");
  }

  @Test
  void streamingStepAllocatesNothingAfterWarmUp() {
    RnncSensorStream model = RnncSensorStream.create(3);
    float[] reading = {0.5f, -0.25f};
    float[] out = new float[1];
    assertEquals(0, bytesPerCall(() -> model.stepInto(reading, out)), "bytes per stepInto call");
  }

  @Test
  void lockstepBatchIntoAllocatesNothingAfterWarmUp() {
    RnncM1 model = RnncM1.create(4); // LSTM stack + Dense: batch calls run in lockstep chunks
    float[][][] batch = new float[9][30][1]; // a full chunk and a partial one
    SplittableRandom random = new SplittableRandom(7);
    for (float[][] window : batch) {
      for (float[] step : window) {
        step[0] = (float) random.nextDouble(-1, 1);
      }
    }
    float[][] out = new float[9][1];
    assertEquals(0, bytesPerCall(() -> model.predictInto(batch, out)), "bytes per batch predictInto call");
  }

  @Test
  void predictIntoAllocatesNothingAfterWarmUp() {
    RnncForecaster model = RnncForecaster.create(1);
    float[][] window = new float[30][1];
    SplittableRandom random = new SplittableRandom(5);
    for (float[] step : window) {
      step[0] = (float) random.nextDouble(-1, 1);
    }
    float[] out = new float[1];
    long bytes = bytesPerCall(() -> model.predictInto(window, out));
    assertEquals(0, bytes, "bytes allocated per predictInto call");
  }
}
