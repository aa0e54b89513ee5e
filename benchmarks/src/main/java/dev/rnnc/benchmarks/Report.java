package dev.rnnc.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmark suite and prints, per model and implementation: p50 and p99 latency, the ratio
 * of ONNX Runtime's and the scalar baseline's p50 to this one (above 1: this one is faster),
 * achieved GFLOP/s at p50, and bytes allocated per call; then M1's throughput on two threads. With
 * {@code --doc FILE} it also replaces the part of FILE between {@value #BEGIN} and {@value #END}
 * with the same tables in Markdown ({@code docs/performance.md}).
 *
 * <p>Two passes, because JMH's SampleTime mode allocates for its own samples (it showed kilobytes
 * per call for code that allocates nothing): latency in SampleTime mode, all benchmarks in one JMH
 * run; then bytes per call with the GC profiler in AverageTime mode, one run per benchmark class,
 * warmed up for 20,000 rnnc calls (so that every kernel, the once-per-call ones too, runs C2 code;
 * at most 30 s).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.rnnc.benchmarks.Report [--doc docs/performance.md] [regex...]
 * </pre>
 *
 * The regexes select benchmarks as JMH's do (default: all of {@code dev.rnnc.benchmarks.M*}).
 */
public final class Report {
  static final String BEGIN = "<!-- report:begin -->";
  static final String END = "<!-- report:end -->";

  private Report() {}

  /** A model row's constants: name, description, FLOPs per call, the target. */
  private record Model(String benchmark, String label, double flops, String target) {}

  private static final List<Model> MODELS =
      List.of(
          new Model(
              "M1Benchmark",
              "M1 (30,1) → LSTM64 seq → LSTM32 → Dense16 relu → Dense1",
              M1.flops(),
              "≤ 13 µs"),
          new Model(
              "M2Benchmark",
              "M2 tokens T=200 → Emb(10000,64) → LSTM128 → Dense1 sigmoid",
              M2.flops(),
              "≤ 280 µs"),
          new Model("M3Benchmark", "M3 (100,32) → GRU256 → Dense10", M3.flops(), "≤ 400 µs"),
          new Model(
              "M4Benchmark", "M4 (10,5) → SimpleRNN32 → Dense1 sigmoid", M4.flops(), "≤ 0.5 µs"),
          new Model(
              "M5Benchmark",
              "M5 streaming (1) → LSTM32 → Dense1, per step",
              M5.flopsPerStep(),
              "≤ 60 ns/step"));

  /** One benchmark's numbers, times in nanoseconds per call. */
  private record Row(String impl, double p50, double p99, double bytes) {}

  /** Runs the suite, prints the tables and optionally writes them into a Markdown file. */
  public static void main(String[] args) throws RunnerException, IOException {
    Path doc = null;
    List<String> includes = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--doc")) {
        doc = Path.of(args[++i]);
      } else {
        includes.add(args[i]);
      }
    }
    if (includes.isEmpty()) {
      includes.add("dev\\.rnnc\\.benchmarks\\.M.*Benchmark");
    }
    ChainedOptionsBuilder latency = new OptionsBuilder();
    includes.forEach(latency::include);
    Map<String, Map<String, Row>> byClass = new LinkedHashMap<>();
    for (RunResult result : new Runner(latency.build()).run()) {
      String[] name = names(result);
      Result<?> primary = result.getPrimaryResult();
      double toNanos = nanosPer(primary.getScoreUnit());
      byClass
          .computeIfAbsent(name[0], k -> new LinkedHashMap<>())
          .put(
              name[1],
              new Row(
                  name[1],
                  primary.getStatistics().getPercentile(50) * toNanos,
                  primary.getStatistics().getPercentile(99) * toNanos,
                  Double.NaN));
    }
    for (Map.Entry<String, Map<String, Row>> entry : byClass.entrySet()) {
      Row rnnc = entry.getValue().get("rnnc");
      double callNanos = rnnc == null ? 0 : rnnc.p50();
      if (entry.getKey().equals("M1ThroughputBenchmark")) {
        callNanos /= M1ThroughputBenchmark.BATCH;
      }
      int warmUpSeconds = (int) Math.min(6, Math.max(1, Math.ceil(20_000 * callNanos / 1e9 / 5)));
      Collection<RunResult> allocation =
          new Runner(
                  new OptionsBuilder()
                      .include("dev\\.rnnc\\.benchmarks\\." + entry.getKey() + "\\.")
                      .mode(Mode.AverageTime)
                      .addProfiler(GCProfiler.class)
                      .warmupIterations(5)
                      .warmupTime(TimeValue.seconds(warmUpSeconds))
                      .measurementIterations(1)
                      .measurementTime(TimeValue.seconds(2))
                      .build())
              .run();
      for (RunResult result : allocation) {
        Row row = entry.getValue().get(names(result)[1]);
        Result<?> gc = result.getSecondaryResults().get("gc.alloc.rate.norm");
        if (row != null && gc != null) {
          entry
              .getValue()
              .put(row.impl(), new Row(row.impl(), row.p50(), row.p99(), gc.getScore()));
        }
      }
    }
    String markdown =
        latencyTable(byClass) + "\n" + throughputTable(byClass.get("M1ThroughputBenchmark"));
    System.out.println();
    System.out.println(markdown);
    if (doc != null) {
      writeInto(doc, markdown);
      System.out.println("wrote " + doc);
    }
  }

  /** {class, method} of a result, e.g. {"M1Benchmark", "rnnc"}. */
  private static String[] names(RunResult result) {
    return result.getParams().getBenchmark().replaceAll(".*\\.benchmarks\\.", "").split("\\.");
  }

  private static String latencyTable(Map<String, Map<String, Row>> byClass) {
    StringBuilder md = new StringBuilder();
    md.append(
            "Latency, batch 1, one thread (JMH SampleTime; ratios are other p50 / this p50, above 1 = this is faster)")
        .append(
            "\n\n| model | implementation | p50 | p99 | vs ONNX Runtime | vs scalar | GFLOP/s | B/call | target |\n")
        .append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for (Model model : MODELS) {
      Map<String, Row> rows = byClass.get(model.benchmark());
      if (rows == null) {
        continue;
      }
      Row onnx = rows.get("onnx");
      Row scalar = rows.get("scalar");
      boolean first = true;
      for (Row row : ordered(rows)) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s | %s | %.1f | %s | %s |%n",
                first ? model.label() : "",
                implName(row.impl()),
                time(row.p50()),
                time(row.p99()),
                ratio(onnx, row),
                ratio(scalar, row),
                model.flops() / row.p50(),
                bytes(row.bytes()),
                first ? model.target() : ""));
        first = false;
      }
    }
    return md.toString();
  }

  private static String throughputTable(Map<String, Row> rows) {
    if (rows == null) {
      return "";
    }
    StringBuilder md = new StringBuilder();
    md.append("M1 throughput, batch ")
        .append(M1ThroughputBenchmark.BATCH)
        .append(", two threads (samples/s from the p50 time per batch; target ≥ 200k samples/s)")
        .append("\n\n| implementation | samples/s | batch p50 | batch p99 | GFLOP/s | B/sample |\n")
        .append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (Row row : ordered(rows)) {
      double perSample = row.p50() / M1ThroughputBenchmark.BATCH;
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %,.0f | %s | %s | %.1f | %s |%n",
              implName(row.impl()),
              1e9 / perSample,
              time(row.p50()),
              time(row.p99()),
              M1.flops() / perSample,
              bytes(row.bytes() / M1ThroughputBenchmark.BATCH)));
    }
    return md.toString();
  }

  /** rnnc first, then its prototypes, then the peers. */
  private static List<Row> ordered(Map<String, Row> rows) {
    List<String> order =
        List.of(
            "rnnc",
            "rnncSingle",
            "rowMajor",
            "unfused",
            "rnncPanelsFolded",
            "handWritten",
            "onnx",
            "scalar");
    ToIntFunction<Row> rank =
        r -> order.contains(r.impl()) ? order.indexOf(r.impl()) : order.size();
    return rows.values().stream().sorted(Comparator.comparingInt(rank)).toList();
  }

  /**
   * The peer's version as its jar states it (the benchmarked artifact, not a literal that could go
   * stale).
   */
  private static String onnxRuntimeVersion() {
    String version = ai.onnxruntime.OrtEnvironment.class.getPackage().getImplementationVersion();
    return version == null ? "(version unknown)" : version;
  }

  private static String implName(String method) {
    return switch (method) {
      case "rnnc" -> "rnnc";
      case "scalar" -> "scalar Java baseline";
      case "onnx" -> "ONNX Runtime Java " + onnxRuntimeVersion();
      case "unfused" -> "rnnc kernels, unfused (before)";
      case "rnncSingle" -> "rnnc, one window at a time (before: no lockstep)";
      case "rowMajor" -> "rnnc kernels, row-major U (before: no panels)";
      case "rnncPanelsFolded" ->
          "rnnc kernels, panels + embedding folded into the projection (prototype)";
      case "handWritten" -> "rnnc kernels driven by hand (before: no generated step call)";
      default -> method;
    };
  }

  private static String ratio(Row other, Row row) {
    return other == null || other == row
        ? ""
        : String.format(Locale.ROOT, "%.2f×", other.p50() / row.p50());
  }

  private static String time(double nanos) {
    if (nanos >= 1e6) {
      return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }
    if (nanos >= 1e3) {
      return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f ns", nanos);
  }

  private static String bytes(double b) {
    return Double.isNaN(b) ? "?" : String.format(Locale.ROOT, "%.0f", b);
  }

  private static double nanosPer(String unit) {
    return switch (unit.replace("/op", "")) {
      case "ns" -> 1;
      case "us" -> 1e3;
      case "ms" -> 1e6;
      case "s" -> 1e9;
      default -> throw new IllegalStateException("unexpected unit " + unit);
    };
  }

  private static void writeInto(Path doc, String markdown) throws IOException {
    String text = Files.readString(doc);
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalStateException(
          doc + " has no " + BEGIN + " ... " + END + " section to replace");
    }
    Files.writeString(
        doc, text.substring(0, begin + BEGIN.length()) + "\n" + markdown + text.substring(end));
  }
}
