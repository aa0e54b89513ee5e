package dev.rnnc.testing;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Assertions;

/**
 * Counts the bytes a warmed-up call allocates, with the JVM's per-thread allocation counter (a
 * count, not a timing). Shared by the allocation tests of chain, graph and cell models; JMH
 * {@code -prof gc} in benchmarks/ measures the same for the benchmark models.
 */
public final class Allocations {
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  private Allocations() {}

  /**
   * Asserts that {@code call} allocates nothing once warm ({@link #bytesPerCall}); if it does, the
   * failure names where, from JFR's allocation samples of further calls, so that a failure seen
   * once (in CI, in one JIT history) can be traced.
   */
  public static void assertAllocatesNothing(Runnable call, String what) {
    long bytes = bytesPerCall(call);
    if (bytes != 0) {
      Assertions.fail(what + ": " + bytes + " bytes per call; where (JFR allocation samples, top frames):\n"
          + allocationSites(call));
    }
  }

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

  /** The allocating frames of 20,000 more calls, most sampled weight first, as text. */
  private static String allocationSites(Runnable call) {
    Map<String, Long> weights = new HashMap<>();
    try (Recording recording = new Recording()) {
      recording.enable("jdk.ObjectAllocationSample").withStackTrace().with("throttle", "off");
      recording.start();
      for (int i = 0; i < 20_000; i++) {
        call.run();
      }
      recording.stop();
      Path file = Files.createTempFile("allocations", ".jfr");
      try {
        recording.dump(file);
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
          if (event.getStackTrace() == null) {
            continue;
          }
          String frames = event.getStackTrace().getFrames().stream().limit(6).map(Allocations::frame)
              .collect(Collectors.joining(" <- "));
          weights.merge(event.getClass("objectClass").getName() + " at " + frames, event.getLong("weight"), Long::sum);
        }
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      return "(no JFR recording: " + e + ")";
    }
    return weights.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .limit(8).map(e -> e.getValue() + " B  " + e.getKey()).collect(Collectors.joining("\n"));
  }

  private static String frame(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName() + ":" + frame.getLineNumber()
        + " (" + frame.getType() + ")";
  }
}
