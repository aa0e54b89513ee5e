package dev.rnnc.parity;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A Keras golden fixture of the plain cases ({@code /fixtures/<case>.json} beside its weight file,
 * written by {@code tools/goldens/generate.py}): one batch, checked as {@link BatchFixture}
 * describes, or several variable-length runs, each checked the same way.
 *
 * @param name the case
 * @param root the fixture's JSON tree
 */
record ParityFixture(String name, JsonNode root) implements BatchFixture {

  /** Reads {@code /fixtures/<name>.json} from the test classpath. */
  static ParityFixture load(String name) {
    return new ParityFixture(name, FixtureArrays.readFixture(name));
  }

  /** The Keras weight file ({@code .weights.h5} or {@code .keras}) as a file-system path. */
  Path weights() {
    return resource(root.get("weights").asText());
  }

  /** A path to another fixture file, for tests that load a file meant for a different model. */
  static Path resource(String file) {
    return FixtureArrays.resource(file, "missing fixture file /fixtures/" + file);
  }

  /** The one-line Keras description of the model, for messages. */
  String description() {
    return root.get("description").asText();
  }

  /** One (input, expected) pair of a variable-length fixture. */
  record Run(int timesteps, float[][][] input, JsonNode expected) {}

  /** The runs of a variable-length fixture, each with its own number of timesteps. */
  List<Run> runs() {
    JsonNode runs = root.get("runs");
    assertNotNull(runs, name + " has no runs");
    List<Run> result = new ArrayList<>();
    for (JsonNode run : runs) {
      result.add(
          new Run(
              run.get("timesteps").asInt(),
              FixtureArrays.floats3(run.get("input")),
              run.get("expected")));
    }
    return result;
  }

  /** As {@link #checkFloat(Function, Function)} for one run of a variable-length fixture. */
  void checkFloat(Run run, Function<float[][], ?> single, Function<float[][][], ?> batch) {
    checkFloat(" (T=" + run.timesteps() + ")", run.input(), run.expected(), single, batch);
  }
}
