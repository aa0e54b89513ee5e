package dev.rnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The progress bar, character for character, against Keras 3.15's Progbar replayed on a fake clock.
 */
class ProgbarTest {

  static Stream<JsonNode> cases() {
    return Fixtures.cases("progbar.json").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void printsWhatKerasPrints(JsonNode c) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    double[] now = {1000.0};
    Progbar bar =
        new Progbar(c.get("target").asInt(), c.get("verbose").asInt(), "step", out, () -> now[0]);
    for (JsonNode u : c.get("updates")) {
      now[0] = 1000.0 + u.get("seconds").asDouble();
      Logs logs = new Logs();
      u.get("values").forEach(v -> logs.put(v.get(0).asText(), v.get(1).asDouble()));
      bar.update(u.get("current").asInt(), logs, u.get("finalize").asBoolean());
    }
    assertEquals(c.get("expected").asText(), bytes.toString(StandardCharsets.UTF_8));
  }
}
