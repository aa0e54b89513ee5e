package dev.rnnc.parity;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnnc.examples.Forecaster;
import dev.rnnc.examples.RnncForecaster;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The example's model, trained in Keras and saved with its optimizer state as a {@code .keras} zip
 * ({@code examples/src/main/resources/forecaster.keras}), reproduces Keras' forecasts stored in
 * {@code forecaster-check.json}.
 */
class ForecasterParityTest {

  @Test
  void trainedForecasterMatchesKeras() throws Exception {
    JsonNode check;
    try (InputStream in =
        ForecasterParityTest.class.getResourceAsStream("/forecaster-check.json")) {
      assertNotNull(in, "missing /forecaster-check.json");
      check = new ObjectMapper().readTree(in);
    }
    URL url = ForecasterParityTest.class.getResource("/forecaster.keras");
    assertNotNull(url, "missing /forecaster.keras");
    Forecaster model = RnncForecaster.load(Path.of(url.toURI()));

    JsonNode input = check.get("input");
    float[][][] windows = new float[input.size()][][];
    for (int i = 0; i < windows.length; i++) {
      JsonNode window = input.get(i);
      windows[i] = new float[window.size()][1];
      for (int t = 0; t < window.size(); t++) {
        windows[i][t][0] = (float) window.get(t).get(0).asDouble();
      }
    }
    JsonNode expected = check.get("expected");
    for (int i = 0; i < windows.length; i++) {
      FixtureArrays.assertClose(
          "forecaster, window " + i + ", single call", expected.get(i), model.predict(windows[i]));
    }
    FixtureArrays.assertClose("forecaster, batch call", expected, model.predict(windows));
  }
}
