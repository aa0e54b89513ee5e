package dev.rnnc.examples;

import dev.rnnc.examples.cells.CustomCells;
import dev.rnnc.examples.images.FashionRows;
import dev.rnnc.examples.interop.RoundTrip;
import dev.rnnc.examples.sentiment.Sentiment;
import dev.rnnc.examples.seq2seq.Addition;
import dev.rnnc.examples.streaming.WeatherStream;
import dev.rnnc.examples.weather.RecurrentKinds;
import dev.rnnc.examples.weather.WeatherForecast;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The README's main job: a tour of the examples, or one of them by name.
 *
 * <pre>
 * ./mvnw -q -pl examples exec:exec                          # the tour, each at its quick size
 * ./mvnw -q -pl examples exec:exec -Dexample=weather        # one example
 * ./mvnw -q -pl examples exec:exec -Dexample="weather --full"
 * </pre>
 *
 * <p>Each example is also a class with its own {@code main}, for a plain {@code java -cp ...}.
 */
public final class Main {
  /** An example the tour runs: it returns false when its own check failed. */
  @FunctionalInterface
  interface Example {
    boolean run(ExampleOptions options) throws Exception;
  }

  private static final Map<String, Example> EXAMPLES = new LinkedHashMap<>();

  static {
    EXAMPLES.put("interop", KerasForecaster::run);
    EXAMPLES.put("roundtrip", RoundTrip::run);
    EXAMPLES.put("weather", scoresOnly(WeatherForecast::run));
    EXAMPLES.put("compare", scoresOnly(RecurrentKinds::run));
    EXAMPLES.put("images", scoresOnly(FashionRows::run));
    EXAMPLES.put("sentiment", scoresOnly(Sentiment::run));
    EXAMPLES.put("seq2seq", scoresOnly(Addition::run));
    EXAMPLES.put("cells", CustomCells::run);
    EXAMPLES.put("streaming", scoresOnly(WeatherStream::run));
  }

  /** An example that reports scores but has no pass/fail check of its own. */
  @FunctionalInterface
  interface Scored {
    Object run(ExampleOptions options) throws Exception;
  }

  private static Example scoresOnly(Scored example) {
    return options -> {
      example.run(options);
      return true;
    };
  }

  private Main() {}

  /**
   * Runs the tour ({@code tour}, the default) or the example named first; the other arguments go to
   * the example(s). Exits with status 1 if an example's check failed.
   */
  public static void main(String[] args) throws Exception {
    // Maven passes -Dexample="weather --full" as one argument
    String[] rest =
        Arrays.stream(args)
            .flatMap(a -> Arrays.stream(a.strip().split("\\s+")))
            .filter(a -> !a.isEmpty())
            .toArray(String[]::new);
    String name = rest.length > 0 && !rest[0].startsWith("--") ? rest[0] : "tour";
    if (rest.length > 0 && rest[0].equals(name)) {
      rest = Arrays.copyOfRange(rest, 1, rest.length);
    }
    ExampleOptions options = ExampleOptions.parse(rest);
    boolean passed = true;
    if (name.equals("tour")) {
      for (Map.Entry<String, Example> example : EXAMPLES.entrySet()) {
        passed &= example.getValue().run(options);
      }
    } else if (EXAMPLES.containsKey(name)) {
      passed = EXAMPLES.get(name).run(options);
    } else {
      System.err.println(
          "unknown example '" + name + "'; expected tour or one of " + EXAMPLES.keySet());
      System.exit(2);
    }
    if (!passed) {
      System.exit(1);
    }
  }
}
