package dev.rnnc.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Training throughput, rnnc against PyTorch (eager, CPU) and Keras 3 on TensorFlow (CPU) in one
 * run: {@code tools/bench/train_peers.py} times the models, batches and thread count in the peers
 * (warm-up, then the median of repeated timings), JMH times rnnc's full training step ({@link
 * TrainingBenchmark}: forward, backward, Adam) with the GC profiler, then the peer script runs
 * again and each peer's faster pass per point is kept (so that a disturbed pass cannot flatter
 * rnnc). Prints per model and batch: time per step, samples/s, rnnc's samples/s divided by each
 * peer's (above 1: rnnc is faster), GFLOP/s of the step ({@link Flops#lstmTraining}, the same count
 * for everyone) and bytes rnnc allocates per step.
 *
 * <pre>
 * ./mvnw -q package -pl benchmarks -am -DskipTests
 * $JAVA_HOME/bin/java -cp benchmarks/target/benchmarks.jar dev.rnnc.benchmarks.TrainingReport \
 *     [--python .venv/bin/python] [--threads 1] [--batches 32,128] [--quick] [--no-peers] [--doc FILE]
 * </pre>
 *
 * Run from the repository root (the peer script's path is relative to it). {@code --threads}
 * (default 1) is both rnnc's {@code FitOptions.threads} (the batch split into that many shards,
 * {@link TrainingBenchmark#threads}) and the peers' intra-op thread count. {@code --quick} is a
 * smoke run (6 s of warm-up, two 1 s measurements; a few peer steps), not a measurement: rnnc's
 * step is not fully compiled by then. {@code --doc FILE} replaces the part of FILE between {@value
 * #BEGIN} and {@value #END} with the table.
 */
public final class TrainingReport {
  static final String BEGIN = "<!-- training-report:begin -->";
  static final String END = "<!-- training-report:end -->";
  private static final ObjectMapper JSON = new ObjectMapper();

  private TrainingReport() {}

  /** One implementation's step on one model and batch. */
  private record Row(String impl, double stepSeconds, double bytes) {}

  /** Runs rnnc's benchmark and the peers, then prints the table. */
  public static void main(String[] args) throws RunnerException, IOException, InterruptedException {
    String python = Files.exists(Path.of(".venv/bin/python")) ? ".venv/bin/python" : "python3";
    String script = "tools/bench/train_peers.py";
    int threads = 1;
    List<String> batches = List.of("32", "128");
    boolean quick = false;
    boolean peers = true;
    Path doc = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--python" -> python = args[++i];
        case "--script" -> script = args[++i];
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--batches" -> batches = List.of(args[++i].split(","));
        case "--quick" -> quick = true;
        case "--no-peers" -> peers = false;
        case "--doc" -> doc = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    List<String> command =
        new ArrayList<>(
            List.of(python, script, "--models", "M1", "M2", "M3", "--threads", "" + threads));
    command.add("--batches");
    command.addAll(batches);
    if (quick) {
      command.addAll(List.of("--warmup", "2", "--repeats", "3", "--steps", "2"));
    }
    // the peers before and after rnnc's JMH, each point's faster pass kept: on a shared host one
    // pass alone measured PyTorch's steps up to 1.45x slower than its script run alone minutes
    // later (docs/performance.md), which would flatter rnnc
    Map<String, Row> before = peers ? peers(command) : Map.of();
    // model -> batch -> rows
    Map<String, Map<Integer, List<Row>>> rows = new LinkedHashMap<>();
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .include("dev\\.rnnc\\.benchmarks\\.TrainingBenchmark\\.")
            .param("batch", batches.toArray(String[]::new))
            .param("threads", "" + threads)
            .addProfiler(GCProfiler.class);
    if (quick) {
      options
          .warmupIterations(3)
          .warmupTime(TimeValue.seconds(2))
          .measurementIterations(2)
          .measurementTime(TimeValue.seconds(1));
    }
    for (RunResult result : new Runner(options.build()).run()) {
      String model = result.getParams().getBenchmark().replaceAll(".*\\.", "").toUpperCase();
      int batch = Integer.parseInt(result.getParams().getParam("batch"));
      Result<?> primary = result.getPrimaryResult();
      Result<?> gc = result.getSecondaryResults().get("gc.alloc.rate.norm");
      rows.computeIfAbsent(model, k -> new LinkedHashMap<>())
          .computeIfAbsent(batch, k -> new ArrayList<>())
          .add(
              new Row(
                  "rnnc",
                  primary.getScore() * secondsPer(primary.getScoreUnit()),
                  gc == null ? Double.NaN : gc.getScore()));
    }
    if (peers) {
      for (Map.Entry<String, Row> after : peers(command).entrySet()) {
        Row first = before.get(after.getKey());
        Row faster =
            first != null && first.stepSeconds() < after.getValue().stepSeconds()
                ? first
                : after.getValue();
        String[] point = after.getKey().split("/", 3);
        rows.computeIfAbsent(point[0], k -> new LinkedHashMap<>())
            .computeIfAbsent(Integer.parseInt(point[1]), k -> new ArrayList<>())
            .add(faster);
      }
    }
    String markdown = table(rows, quick, threads);
    System.out.println();
    System.out.println(markdown);
    if (doc != null) {
      String text = Files.readString(doc);
      int begin = text.indexOf(BEGIN);
      int end = text.indexOf(END);
      if (begin < 0 || end < begin) {
        throw new IllegalStateException(doc + " has no " + BEGIN + " ... " + END + " section");
      }
      Files.writeString(
          doc, text.substring(0, begin + BEGIN.length()) + "\n" + markdown + text.substring(end));
      System.out.println("wrote " + doc);
    }
  }

  /**
   * Runs the peer script once: per {@code model/batch/implementation}, its median step.
   *
   * @param command the script and its arguments
   */
  private static Map<String, Row> peers(List<String> command)
      throws IOException, InterruptedException {
    System.out.println("peers: " + String.join(" ", command));
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("the peer script failed (exit " + process.exitValue() + ")");
    }
    String[] lines = out.strip().split("\n");
    Map<String, Row> steps = new LinkedHashMap<>();
    for (JsonNode r : JSON.readTree(lines[lines.length - 1]).path("results")) {
      String impl =
          (r.path("framework").asText().equals("torch") ? "PyTorch " : "")
              + r.path("version").asText()
              + " ("
              + r.path("threads").asInt()
              + (r.path("threads").asInt() == 1 ? " thread)" : " threads)");
      steps.put(
          r.path("model").asText() + "/" + r.path("batch").asInt() + "/" + impl,
          new Row(impl, r.path("step_seconds").asDouble(), Double.NaN));
    }
    return steps;
  }

  private static String table(
      Map<String, Map<Integer, List<Row>>> rows, boolean quick, int threads) {
    StringBuilder md = new StringBuilder();
    md.append("Training step (forward, backward, Adam), rnnc on ")
        .append(threads == 1 ? "one thread" : threads + " threads")
        .append(quick ? " — SMOKE RUN (--quick), not a measurement" : "")
        .append(
            "\n\n| model | batch | implementation | step | samples/s | rnnc ÷ this | GFLOP/s | B/step |\n")
        .append("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (Map.Entry<String, Map<Integer, List<Row>>> model : rows.entrySet()) {
      double flops = trainingFlops(model.getKey());
      for (Map.Entry<Integer, List<Row>> batch : model.getValue().entrySet()) {
        int b = batch.getKey();
        Row rnnc =
            batch.getValue().stream().filter(r -> r.impl().equals("rnnc")).findFirst().orElse(null);
        boolean first = true;
        for (Row row : batch.getValue()) {
          double samples = b / row.stepSeconds();
          md.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %s | %s | %.2f ms | %,.0f | %s | %.2f | %s |%n",
                  first ? model.getKey() : "",
                  first ? b : "",
                  row.impl(),
                  row.stepSeconds() * 1e3,
                  samples,
                  rnnc == null || row == rnnc
                      ? ""
                      : String.format(Locale.ROOT, "%.2f×", row.stepSeconds() / rnnc.stepSeconds()),
                  flops * b / row.stepSeconds() / 1e9,
                  Double.isNaN(row.bytes())
                      ? (row == rnnc ? "?" : "")
                      : String.format(Locale.ROOT, "%.0f", row.bytes())));
          first = false;
        }
      }
    }
    md.append(
        String.format(
            Locale.ROOT,
            "%nFLOPs per sample (forward + backward, multiply-add = 2, Flops.java): M1 %.2f M, M2"
                + " %.1f M, M3 %.1f M.%n",
            TrainM1.trainingFlops() / 1e6,
            TrainM2.trainingFlops() / 1e6,
            TrainM3.trainingFlops() / 1e6));
    return md.toString();
  }

  private static double trainingFlops(String model) {
    return switch (model) {
      case "M1" -> TrainM1.trainingFlops();
      case "M2" -> TrainM2.trainingFlops();
      case "M3" -> TrainM3.trainingFlops();
      default -> throw new IllegalArgumentException("no FLOP count for " + model);
    };
  }

  private static double secondsPer(String unit) {
    return switch (unit.replace("/op", "")) {
      case "ns" -> 1e-9;
      case "us" -> 1e-6;
      case "ms" -> 1e-3;
      case "s" -> 1;
      default -> throw new IllegalStateException("unexpected unit " + unit);
    };
  }
}
