package dev.rnnc.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Assertions;

/**
 * Asserts that a warmed-up call allocates nothing, with the JVM's per-thread allocation counter (a
 * count of bytes, not a timing). Shared through runtime's test-jar by the allocation tests of the
 * examples (chain, graph and cell models) and of the benchmark models.
 *
 * <p>The policy, chosen so that an allocating call cannot pass by accident:
 *
 * <ol>
 *   <li>The counter is checked first: supported, enabled, reading 0 over an empty window, and
 *       moving by at least the size of a 1 MiB array allocated on purpose.
 *   <li>Warm-up rounds may allocate: until C2 has compiled and inlined the kernels, Vector API code
 *       runs in the interpreter or as C1 code, which boxes every vector. Warm-up lasts a fixed
 *       minimum (calls and time), then goes on while the JIT is still compiling (the JVM's total
 *       compilation time grew during the last round), up to 30 s. Whether a warm-up round allocated
 *       never ends or extends the warm-up: the measured window is not chosen by the quantity it
 *       measures.
 *   <li>Then {@link #MEASURED_ROUNDS} measured rounds must each allocate exactly 0 bytes, counted
 *       raw over the round (not a per-call average, which integer division rounds down to 0 for
 *       anything under one byte a call, nor "the last round" or "two clean rounds in a row").
 *   <li>The one exception is JIT noise, and it is bounded: a measured round that allocated while
 *       HotSpot compiled code or deoptimized this thread's code (JFR's {@code jdk.Compilation} and
 *       {@code jdk.Deoptimization} events in the round's window) is reported with those events and
 *       replaced by another round, at most {@link #MAX_REPLACED_ROUNDS} times. A deoptimized method
 *       runs in the interpreter, which boxes vectors, until it is compiled again. Seen: in
 *       GraphAllocationTest, 1,248 bytes in the fifth measured round of 2,000 calls, a round in
 *       which the JIT compiled, after 39 clean rounds; and with a call that does nothing but
 *       increment a float in place, 72 and 896 bytes in the two rounds in which HotSpot compiled
 *       the measuring loop on stack and then deoptimized it (an {@code unstable_if} uncommon trap
 *       in the test thread). A round that allocated with no JIT event in it fails at once, and a
 *       call that allocates on every call fails however many rounds are excused.
 * </ol>
 *
 * Every round's byte count is printed, with the JIT events of replaced rounds. On failure the
 * message holds the same, and where the allocations happen (JFR allocation samples of further
 * calls), so that a failure seen once (in CI, in one JIT history) can be traced.
 */
public final class Allocations {
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

  /** The measured rounds after warm-up, each of which must allocate exactly 0 bytes. */
  public static final int MEASURED_ROUNDS = 5;

  /**
   * The most measured rounds that may allocate while the JIT compiles or deoptimizes (each is
   * reported and replaced by another round); one more fails the test.
   */
  public static final int MAX_REPLACED_ROUNDS = 3;

  private static final long WARM_UP_LIMIT_NANOS = 30_000_000_000L;

  /**
   * How far outside a round a JIT event still counts as in it (JFR's and nanoTime's clocks differ a
   * little).
   */
  private static final long JIT_EVENT_MARGIN_NANOS = 2_000_000L;

  private static final int PROBE_BYTES = 1 << 20;

  /** Where the counter probe's array goes, so that escape analysis cannot remove it. */
  @SuppressWarnings("unused")
  private static volatile Object sink;

  private static boolean counterChecked;

  private Allocations() {}

  /**
   * {@link #assertAllocatesNothing(Runnable, String, int, long, int)} with the defaults for calls
   * of up to some tens of microseconds: at least 20,000 warm-up calls and 2 s, rounds of 2,000
   * calls.
   */
  public static void assertAllocatesNothing(Runnable call, String what) {
    assertAllocatesNothing(call, what, 20_000, 2_000_000_000L, 2_000);
  }

  /**
   * Asserts that {@code call} allocates nothing once warm (see the class comment for the policy).
   *
   * @param minWarmUpCalls the fewest calls before measuring (about C2's compile threshold for
   *     kernels that run once a call)
   * @param minWarmUpNanos the shortest warm-up time
   * @param callsPerRound the calls in each round, warm-up and measured
   */
  public static void assertAllocatesNothing(
      Runnable call, String what, int minWarmUpCalls, long minWarmUpNanos, int callsPerRound) {
    checkCounter();
    Path events;
    try {
      events = Files.createTempFile("jit", ".jfr");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Started before the warm-up, so that JFR's own start-up (class loading, compiles) falls into
    // it.
    try (Recording jit = new Recording()) {
      jit.enable("jdk.Deoptimization");
      jit.enable("jdk.Compilation").withThreshold(Duration.ZERO);
      jit.start();
      List<Long> warmUp = new ArrayList<>();
      long start = System.nanoTime();
      long calls = 0;
      boolean compiling = true;
      while (System.nanoTime() - start < WARM_UP_LIMIT_NANOS
          && (calls < minWarmUpCalls || System.nanoTime() - start < minWarmUpNanos || compiling)) {
        long jitBefore = jitMillis();
        warmUp.add(round(call, callsPerRound));
        calls += callsPerRound;
        compiling = jitMillis() != jitBefore;
      }
      String warmUpReport =
          "%s: warm-up %d rounds of %d calls (%.1f s%s), bytes %s"
              .formatted(
                  what,
                  warmUp.size(),
                  callsPerRound,
                  (System.nanoTime() - start) / 1e9,
                  compiling ? ", stopped at the 30 s limit while the JIT was still compiling" : "",
                  runs(warmUp));

      Instant anchor = Instant.now();
      long anchorNanos = System.nanoTime();
      List<String> measured = new ArrayList<>();
      List<String> replaced = new ArrayList<>();
      int clean = 0;
      while (clean < MEASURED_ROUNDS) {
        int n = MEASURED_ROUNDS - clean;
        long[] bytes = new long[n];
        long[] from = new long[n];
        long[] to = new long[n];
        for (int r = 0; r < n; r++) {
          from[r] = System.nanoTime();
          bytes[r] = round(call, callsPerRound);
          to[r] = System.nanoTime();
        }
        List<JitEvent> jitEvents = jitEvents(jit, events, anchor, anchorNanos);
        for (int r = 0; r < n; r++) {
          measured.add(String.valueOf(bytes[r]));
          if (bytes[r] == 0) {
            clean++;
            continue;
          }
          long lo = from[r] - JIT_EVENT_MARGIN_NANOS;
          long hi = to[r] + JIT_EVENT_MARGIN_NANOS;
          List<String> during =
              jitEvents.stream()
                  .filter(e -> e.from() <= hi && e.to() >= lo)
                  .map(JitEvent::what)
                  .distinct()
                  .toList();
          String report =
              warmUpReport + "; measured rounds of " + callsPerRound + " calls, bytes " + measured;
          if (during.isEmpty()) {
            System.out.println("[allocations] " + report);
            Assertions.fail(
                report
                    + ": measured round "
                    + measured.size()
                    + " allocated "
                    + bytes[r]
                    + " bytes with no JIT compilation or deoptimization in it; every measured round must allocate 0 bytes"
                    + (replaced.isEmpty() ? "" : " (replaced before: " + replaced + ")")
                    + ". Where (JFR allocation samples, top frames):\n"
                    + allocationSites(call));
          }
          replaced.add("round " + measured.size() + ": " + bytes[r] + " bytes during " + during);
          if (replaced.size() > MAX_REPLACED_ROUNDS) {
            System.out.println("[allocations] " + report);
            Assertions.fail(
                report
                    + ": more than "
                    + MAX_REPLACED_ROUNDS
                    + " measured rounds allocated while the JIT"
                    + " compiled or deoptimized: "
                    + replaced
                    + "; every measured round must allocate 0 bytes");
          }
        }
      }
      System.out.println(
          "[allocations] "
              + warmUpReport
              + "; measured rounds of "
              + callsPerRound
              + " calls, bytes "
              + measured
              + (replaced.isEmpty() ? "" : "; replaced as JIT noise: " + replaced));
    } finally {
      try {
        Files.deleteIfExists(events);
      } catch (IOException e) {
        // a temporary file left behind
      }
    }
  }

  /**
   * A JIT compilation (from, to) or a deoptimization (from = to) of this thread's code, in
   * nanoTime.
   */
  private record JitEvent(long from, long to, String what) {}

  /** The compilations and this thread's deoptimizations recorded so far, on the nanoTime scale. */
  private static List<JitEvent> jitEvents(
      Recording jit, Path file, Instant anchor, long anchorNanos) {
    long thread = Thread.currentThread().threadId();
    List<JitEvent> out = new ArrayList<>();
    try {
      jit.dump(file);
      for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
        long from = anchorNanos + Duration.between(anchor, event.getStartTime()).toNanos();
        long to = anchorNanos + Duration.between(anchor, event.getEndTime()).toNanos();
        if (event.getEventType().getName().equals("jdk.Deoptimization")) {
          if (event.getThread() != null && event.getThread().getJavaThreadId() == thread) {
            out.add(
                new JitEvent(
                    from,
                    to,
                    "deoptimization of "
                        + method(event.getValue("method"))
                        + " ("
                        + event.getString("reason")
                        + ")"));
          }
        } else {
          out.add(
              new JitEvent(
                  from,
                  to,
                  "compilation of "
                      + method(event.getValue("method"))
                      + " at tier "
                      + event.getValue("compileLevel")));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static String method(Object method) {
    return method instanceof RecordedMethod m
        ? m.getType().getName() + "." + m.getName()
        : String.valueOf(method);
  }

  /**
   * Every round's count in order, a run of equal counts as {@code count xrounds}: {@code [81920 x3,
   * 0 x120]}.
   */
  static String runs(List<Long> rounds) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < rounds.size(); ) {
      int j = i;
      while (j < rounds.size() && rounds.get(j).equals(rounds.get(i))) {
        j++;
      }
      parts.add(j - i == 1 ? String.valueOf(rounds.get(i)) : rounds.get(i) + " x" + (j - i));
      i = j;
    }
    return parts.toString();
  }

  /** The bytes this thread allocated over {@code calls} calls: the raw count, never divided. */
  private static long round(Runnable call, int calls) {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < calls; i++) {
      call.run();
    }
    return THREADS.getCurrentThreadAllocatedBytes() - before;
  }

  /** The JVM's total JIT compilation time so far in ms, or 0 where it is not monitored. */
  private static long jitMillis() {
    return JIT != null && JIT.isCompilationTimeMonitoringSupported()
        ? JIT.getTotalCompilationTime()
        : 0;
  }

  /**
   * Checks, once per JVM, that the counter is there and counts: supported and enabled, 0 over an
   * empty window (reading it allocates nothing), at least 1 MiB over a 1 MiB allocation.
   */
  public static synchronized void checkCounter() {
    if (counterChecked) {
      return;
    }
    assertTrue(
        THREADS.isThreadAllocatedMemorySupported(),
        "this JVM has no per-thread allocation counter");
    assertTrue(
        THREADS.isThreadAllocatedMemoryEnabled(), "the per-thread allocation counter is disabled");
    long before = THREADS.getCurrentThreadAllocatedBytes();
    long empty = THREADS.getCurrentThreadAllocatedBytes() - before;
    Assertions.assertEquals(0, empty, "the allocation counter moved over an empty window");
    before = THREADS.getCurrentThreadAllocatedBytes();
    sink = new byte[PROBE_BYTES];
    long probe = THREADS.getCurrentThreadAllocatedBytes() - before;
    sink = null;
    assertTrue(
        probe >= PROBE_BYTES,
        "the allocation counter moved by "
            + probe
            + " bytes over a "
            + PROBE_BYTES
            + "-byte allocation");
    counterChecked = true;
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
          String frames =
              event.getStackTrace().getFrames().stream()
                  .limit(6)
                  .map(Allocations::frame)
                  .collect(Collectors.joining(" <- "));
          weights.merge(
              event.getClass("objectClass").getName() + " at " + frames,
              event.getLong("weight"),
              Long::sum);
        }
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      return "(no JFR recording: " + e + ")";
    }
    if (weights.isEmpty()) {
      return "(no allocation sampled in 20,000 more calls)";
    }
    return weights.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .limit(8)
        .map(e -> e.getValue() + " B  " + e.getKey())
        .collect(Collectors.joining("\n"));
  }

  private static String frame(RecordedFrame frame) {
    return frame.getMethod().getType().getName()
        + "."
        + frame.getMethod().getName()
        + ":"
        + frame.getLineNumber()
        + " ("
        + frame.getType()
        + ")";
  }
}
