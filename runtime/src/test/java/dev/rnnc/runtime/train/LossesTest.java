package dev.rnnc.runtime.train;

import static dev.rnnc.runtime.train.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every loss against Keras 3.15: the reduced loss and its gradient, with weights and masks. */
class LossesTest {

  static Stream<JsonNode> cases() {
    return Fixtures.cases("losses.json").stream();
  }

  static Loss loss(JsonNode c) {
    JsonNode config = c.get("config");
    boolean logits = config.path("from_logits").asBoolean(false);
    double smoothing = config.path("label_smoothing").asDouble(0);
    return switch (c.get("loss").asText()) {
      case "MeanSquaredError" -> new MeanSquaredError();
      case "MeanAbsoluteError" -> new MeanAbsoluteError();
      case "Huber" -> new Huber(config.path("delta").asDouble(1.0));
      case "BinaryCrossentropy" -> new BinaryCrossentropy(logits, smoothing);
      case "CategoricalCrossentropy" -> new CategoricalCrossentropy(logits, smoothing);
      case "SparseCategoricalCrossentropy" -> new SparseCategoricalCrossentropy(logits);
      default -> throw new IllegalArgumentException(c.get("loss").asText());
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesKeras(JsonNode c) {
    Loss loss = loss(c);
    assertEquals(c.get("name").asText(), loss.name());
    OutputLayout layout =
        new OutputLayout(
            c.get("timesteps").asInt(), c.get("width").asInt(), c.get("width").asInt());
    int samples = c.get("samples").asInt();
    float[] yPred = Fixtures.floats(c.get("y_pred"));
    float[] gradient = new float[yPred.length];
    double value =
        loss.compute(
            layout,
            samples,
            Fixtures.floats(c.get("y_true")),
            yPred,
            Fixtures.floats(c.get("weights")),
            Fixtures.booleans(c.get("mask")),
            gradient);
    String name = c.get("case").asText();
    assertClose(c.get("expected_loss").asDouble(), value, name + " loss");
    assertClose(Fixtures.doubles(c.get("expected_gradient")), gradient, name + " gradient");
  }

  /**
   * Padded rows: same loss, same gradient on the real lanes, zeros on the padding, whatever it
   * held.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void paddedRowsGiveTheSameNumbers(JsonNode c) {
    Loss loss = loss(c);
    int width = c.get("width").asInt();
    int stride = width + 3;
    OutputLayout dense = new OutputLayout(c.get("timesteps").asInt(), width, width);
    OutputLayout padded = new OutputLayout(c.get("timesteps").asInt(), width, stride);
    int samples = c.get("samples").asInt();
    int rows = dense.rows(samples);
    float[] yPred = Fixtures.floats(c.get("y_pred"));
    float[] paddedPred = new float[rows * stride];
    Arrays.fill(paddedPred, Float.NaN);
    for (int r = 0; r < rows; r++) {
      System.arraycopy(yPred, r * width, paddedPred, r * stride, width);
    }
    float[] yTrue = Fixtures.floats(c.get("y_true"));
    float[] weights = Fixtures.floats(c.get("weights"));
    boolean[] mask = Fixtures.booleans(c.get("mask"));
    float[] gradient = new float[rows * width];
    float[] paddedGradient = new float[rows * stride];
    Arrays.fill(paddedGradient, 7f);
    double expected = loss.compute(dense, samples, yTrue, yPred, weights, mask, gradient);
    assertEquals(
        expected, loss.compute(padded, samples, yTrue, paddedPred, weights, mask, paddedGradient));
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < stride; i++) {
        float want = i < width ? gradient[r * width + i] : 0f;
        assertEquals(want, paddedGradient[r * stride + i], "row " + r + " lane " + i);
      }
    }
    assertEquals(
        expected,
        loss.compute(padded, samples, yTrue, paddedPred, weights, mask, null),
        "without gradient");
  }

  @Test
  void sparseIntLabelsEqualFloatLabels() {
    JsonNode c =
        Fixtures.cases("losses.json").stream()
            .filter(n -> n.get("case").asText().equals("sparse_cce_logits_seq_masked"))
            .findFirst()
            .orElseThrow();
    SparseCategoricalCrossentropy loss = new SparseCategoricalCrossentropy(true);
    OutputLayout layout = OutputLayout.sequence(c.get("timesteps").asInt(), c.get("width").asInt());
    float[] labels = Fixtures.floats(c.get("y_true"));
    int[] intLabels = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      intLabels[i] = (int) labels[i];
    }
    float[] yPred = Fixtures.floats(c.get("y_pred"));
    float[] gradient = new float[yPred.length];
    double value =
        loss.compute(
            layout,
            c.get("samples").asInt(),
            intLabels,
            yPred,
            null,
            Fixtures.booleans(c.get("mask")),
            gradient);
    assertClose(c.get("expected_loss").asDouble(), value, "loss");
    assertClose(Fixtures.doubles(c.get("expected_gradient")), gradient, "gradient");
  }

  @Test
  void labelsOutOfRangeAreRejected() {
    var loss = new SparseCategoricalCrossentropy(true);
    var layout = OutputLayout.of(3);
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> loss.compute(layout, 2, new int[] {0, 3}, new float[6], null, null, null));
    assertEquals(
        "sparse_categorical_crossentropy: label 3.0 of row 1 is outside [0, 3)", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> loss.compute(layout, 1, new float[] {-1}, new float[3], null, null, null));
  }

  @Test
  void shortArraysAreRejected() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new MeanSquaredError()
                    .compute(OutputLayout.of(2), 3, new float[6], new float[5], null, null, null));
    assertEquals("mean_squared_error: yPred has 5 values, the batch needs 6", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new MeanSquaredError()
                .compute(
                    OutputLayout.of(2), 3, new float[6], new float[6], new float[2], null, null));
  }
}
