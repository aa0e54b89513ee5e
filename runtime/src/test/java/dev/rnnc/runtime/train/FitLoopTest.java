package dev.rnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Whole fits against Keras 3.15's {@code model.fit}: history values and final weights. */
class FitLoopTest {

  static Stream<JsonNode> cases() {
    return Fixtures.cases("fit.json").stream();
  }

  static DenseModel model(JsonNode c) {
    JsonNode o = c.get("optimizer");
    Optimizer optimizer =
        o.get("name").asText().equals("sgd")
            ? SGD.builder()
                .learningRate(o.get("learning_rate").asDouble())
                .momentum(o.path("momentum").asDouble(0))
                .build()
            : Adam.builder().learningRate(o.get("learning_rate").asDouble()).build();
    boolean sigmoid = "sigmoid".equals(c.get("activation").asText(null));
    Loss loss =
        c.get("loss").asText().equals("mse") ? new MeanSquaredError() : new BinaryCrossentropy();
    List<MeanMetricWrapper> metrics = new ArrayList<>();
    c.get("metrics")
        .forEach(m -> metrics.add((MeanMetricWrapper) Metrics.get(m.asText(), 1, false)));
    return new DenseModel(
        c.get("features").asInt(),
        sigmoid,
        Fixtures.floats(c.get("kernel")),
        Fixtures.floats(c.get("bias")),
        optimizer,
        loss,
        metrics,
        c.get("batch_size").asInt());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fitsAsKerasFits(JsonNode c) {
    DenseModel model = model(c);
    float[] x = Fixtures.floats(c.get("x"));
    float[] y = Fixtures.floats(c.get("y"));
    model.data(x, y);
    TrainingData train =
        TrainingData.of(y.length, model)
            .withSampleWeights(Fixtures.floats(c.get("sample_weight")))
            .withClasses(i -> Math.round(y[i]));
    FitOptions options =
        new FitOptions()
            .epochs(c.get("epochs").asInt())
            .batchSize(c.get("batch_size").asInt())
            .shuffle(false)
            .verbose(0)
            .validationSplit(c.get("validation_split").asDouble());
    if (!c.get("class_weight").isNull()) {
      Map<Integer, Double> classWeight = new HashMap<>();
      c.get("class_weight")
          .fields()
          .forEachRemaining(
              e -> classWeight.put(Integer.valueOf(e.getKey()), e.getValue().asDouble()));
      options.classWeight(classWeight);
    }
    TrainingData validation = null;
    if (!c.get("validation_x").isNull()) {
      float[] vx = Fixtures.floats(c.get("validation_x"));
      float[] vy = Fixtures.floats(c.get("validation_y"));
      DenseModel view =
          model; // the same weights over other arrays: a second step object reading them
      validation =
          TrainingData.of(
              vy.length,
              (order, from, count, weights, training) -> {
                view.data(vx, vy);
                try {
                  return view.step(order, from, count, weights, training);
                } finally {
                  view.data(x, y);
                }
              });
    }
    History history =
        new FitLoop(model.optimizer, model.metrics, model.state()).fit(train, validation, options);
    List<String> keys = new ArrayList<>();
    c.get("history_keys").forEach(k -> keys.add(k.asText()));
    assertEquals(keys, history.keys());
    String name = c.get("case").asText();
    for (String key : keys) {
      double[] expected = Fixtures.doubles(c.get("history").get(key));
      List<Double> actual = history.get(key);
      for (int e = 0; e < expected.length; e++) {
        assertCloseFit(expected[e], actual.get(e), name + " " + key + " epoch " + e);
      }
    }
    double[] kernel = Fixtures.doubles(c.get("final_kernel"));
    for (int f = 0; f < kernel.length; f++) {
      assertCloseFit(kernel[f], model.kernel[f], name + " kernel " + f);
    }
    assertCloseFit(c.get("final_bias").get(0).asDouble(), model.bias[0], name + " bias");
  }

  /** Three epochs of float32 training in two implementations: 1e-5 relative. */
  static void assertCloseFit(double expected, double actual, String what) {
    assertTrue(
        Math.abs(expected - actual) <= 1e-5 * Math.abs(expected) + 1e-6,
        () -> what + ": expected " + expected + ", was " + actual);
  }
}
