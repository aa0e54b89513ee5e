package dev.rnnc.runtime.train;

import static dev.rnnc.runtime.train.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Streaming metrics against Keras 3.15: the running result after every batch, weights and masks
 * included.
 */
class MetricsTest {

  static Stream<JsonNode> cases() {
    return Fixtures.cases("metrics.json").stream();
  }

  static MeanMetricWrapper metric(String kerasClass) {
    return switch (kerasClass) {
      case "BinaryAccuracy" -> new BinaryAccuracy();
      case "CategoricalAccuracy" -> new CategoricalAccuracy();
      case "SparseCategoricalAccuracy" -> new SparseCategoricalAccuracy();
      case "MeanAbsoluteError" -> (MeanMetricWrapper) Metrics.meanAbsoluteError();
      case "MeanSquaredError" -> (MeanMetricWrapper) Metrics.meanSquaredError();
      default -> throw new IllegalArgumentException(kerasClass);
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesKeras(JsonNode c) {
    MeanMetricWrapper metric = metric(c.get("metric").asText());
    assertEquals(c.get("name").asText(), metric.name());
    OutputLayout layout = OutputLayout.sequence(c.get("timesteps").asInt(), c.get("width").asInt());
    int batch = 0;
    for (JsonNode u : c.get("updates")) {
      metric.update(
          layout,
          u.get("samples").asInt(),
          Fixtures.floats(u.get("y_true")),
          Fixtures.floats(u.get("y_pred")),
          Fixtures.floats(u.get("weights")),
          Fixtures.booleans(u.get("mask")));
      assertClose(
          u.get("expected").asDouble(),
          metric.result(),
          c.get("case").asText() + " after batch " + batch++);
    }
    metric.reset();
    assertEquals(0, metric.result());
  }

  @Test
  void sparseIntLabelsEqualFloatLabels() {
    JsonNode c =
        cases()
            .filter(n -> n.get("case").asText().equals("sparse_categorical_accuracy_seq_masked"))
            .findFirst()
            .orElseThrow();
    var metric = new SparseCategoricalAccuracy();
    OutputLayout layout = OutputLayout.sequence(c.get("timesteps").asInt(), c.get("width").asInt());
    for (JsonNode u : c.get("updates")) {
      float[] labels = Fixtures.floats(u.get("y_true"));
      int[] ints = new int[labels.length];
      for (int i = 0; i < labels.length; i++) {
        ints[i] = (int) labels[i];
      }
      metric.update(
          layout,
          u.get("samples").asInt(),
          ints,
          Fixtures.floats(u.get("y_pred")),
          null,
          Fixtures.booleans(u.get("mask")));
      assertClose(u.get("expected").asDouble(), metric.result(), "sparse int labels");
    }
  }

  @Test
  void lossTrackerWeighsBatchesBySize() {
    Mean tracker = Mean.lossTracker();
    for (JsonNode t : Fixtures.read("metrics.json").get("loss_tracker")) {
      tracker.update(t.get("loss").asDouble(), t.get("samples").asInt());
      assertClose(t.get("expected").asDouble(), tracker.result(), "loss tracker");
    }
  }

  @Test
  void kerasIdentifiersResolveAsKerasResolvesThem() {
    assertInstanceOf(BinaryAccuracy.class, Metrics.get("accuracy", 1, false));
    assertInstanceOf(SparseCategoricalAccuracy.class, Metrics.get("accuracy", 5, true));
    assertInstanceOf(CategoricalAccuracy.class, Metrics.get("acc", 5, false));
    assertEquals("acc", Metrics.get("acc", 5, false).name());
    assertEquals("mae", Metrics.get("mae", 3, false).name());
    assertEquals(Metric.Direction.DOWN, Metrics.get("mse", 3, false).direction());
    assertEquals(Metric.Direction.UP, Metrics.get("accuracy", 3, false).direction());
    assertThrows(IllegalArgumentException.class, () -> Metrics.get("f1", 3, false));
  }
}
