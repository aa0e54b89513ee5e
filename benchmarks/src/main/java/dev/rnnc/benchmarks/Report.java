package dev.rnnc.benchmarks;

import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link M1Benchmark} with the GC profiler and prints, from that one run: latency of rnnc and
 * of the scalar baseline, their ratio, achieved GFLOP/s and bytes allocated per call.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.rnnc.benchmarks.Report}
 */
public final class Report {
  private Report() {}

  /** Runs the suite and prints the table. */
  public static void main(String[] args) throws RunnerException {
    Options options = new OptionsBuilder().include(M1Benchmark.class.getSimpleName()).addProfiler(GCProfiler.class).build();
    Collection<RunResult> results = new Runner(options).run();
    double rnnc = Double.NaN;
    double scalar = Double.NaN;
    System.out.println();
    System.out.println("M1 (30,1) -> LSTM64 seq -> LSTM32 -> Dense16 relu -> Dense1, batch 1, one thread");
    System.out.printf(Locale.ROOT, "%-8s %12s %10s %10s%n", "impl", "µs/call", "GFLOP/s", "B/call");
    for (RunResult result : results) {
      String name = result.getParams().getBenchmark().replaceAll(".*\\.", "");
      double micros = result.getPrimaryResult().getScore();
      var gc = result.getSecondaryResults().get("gc.alloc.rate.norm");
      double bytes = gc == null ? Double.NaN : gc.getScore();
      System.out.printf(Locale.ROOT, "%-8s %12.2f %10.2f %10.1f%n", name, micros, M1.flops() / (micros * 1e3), bytes);
      if (name.equals("rnnc")) {
        rnnc = micros;
      } else if (name.equals("scalar")) {
        scalar = micros;
      }
    }
    System.out.printf(Locale.ROOT, "rnnc is %.1fx faster than the scalar baseline%n", scalar / rnnc);
  }
}
