package dev.rnnc.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.function.LongToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * The command line every example takes: {@code --full} runs the tutorial's full size instead of the
 * quick default; {@code --out DIR} says where the PNGs go (default {@code target/rnnc-examples});
 * {@code --seeds N} repeats a comparison over N seeds (run-to-run variation) where an example
 * supports it.
 *
 * @param full whether to run at the tutorial's full size
 * @param output the directory for pictures and other files the example writes
 * @param seeds how many seeds a comparison runs (default 1)
 */
public record ExampleOptions(boolean full, Path output, int seeds) {

  /** Parses {@code args}; an unknown argument is an error naming the ones that exist. */
  public static ExampleOptions parse(String... args) {
    Locale.setDefault(Locale.ROOT); // numbers print with a decimal point everywhere
    boolean full = false;
    Path output = Path.of("target", "rnnc-examples");
    int seeds = 1;
    List<String> list = List.of(args);
    for (int i = 0; i < list.size(); i++) {
      switch (list.get(i)) {
        case "--full" -> full = true;
        case "--out" -> {
          if (i + 1 == list.size()) {
            throw new IllegalArgumentException("--out needs a directory");
          }
          output = Path.of(list.get(++i));
        }
        case "--seeds" -> {
          if (i + 1 == list.size() || !list.get(i + 1).matches("[1-9][0-9]*")) {
            throw new IllegalArgumentException("--seeds needs a positive count");
          }
          seeds = Integer.parseInt(list.get(++i));
        }
        default ->
            throw new IllegalArgumentException(
                "unknown argument '" + list.get(i) + "'; expected --full, --out DIR or --seeds N");
      }
    }
    return new ExampleOptions(full, output, seeds);
  }

  /** A file in the output directory, which is created if needed. */
  public Path file(String name) {
    try {
      Files.createDirectories(output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return output.resolve(name).toAbsolutePath().normalize();
  }

  /** {@code score} of seeds 0 .. {@link #seeds} - 1, for {@link #spread}. */
  public double[] overSeeds(LongToDoubleFunction score) {
    return LongStream.range(0, seeds).mapToDouble(score).toArray();
  }

  /** A seed sweep's result: "{@code what} over N seeds: mean m, range lo-hi, each [..]". */
  public static String spread(String what, double[] values, String format) {
    DoubleSummaryStatistics stats = Arrays.stream(values).summaryStatistics();
    return "%s over %d seeds: mean %s, range %s-%s, each %s"
        .formatted(
            what,
            values.length,
            format.formatted(stats.getAverage()),
            format.formatted(stats.getMin()),
            format.formatted(stats.getMax()),
            Arrays.stream(values)
                .mapToObj(format::formatted)
                .collect(Collectors.joining(", ", "[", "]")));
  }

  /** Prints an example's title, underlined, and the size it runs at. */
  public void banner(String title) {
    System.out.println();
    System.out.println(title);
    System.out.println("=".repeat(title.length()));
    System.out.println(full ? "(full size)" : "(quick size; --full runs the tutorial's size)");
  }
}
