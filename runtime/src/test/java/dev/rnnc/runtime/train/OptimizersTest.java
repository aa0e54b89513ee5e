package dev.rnnc.runtime.train;

import static dev.rnnc.runtime.train.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every optimizer, clipping mode and schedule against Keras 3.15 trajectories. */
class OptimizersTest {

  static Stream<JsonNode> cases() {
    return Fixtures.cases("optimizers.json").stream();
  }

  static Optimizer optimizer(JsonNode c) {
    JsonNode k = c.get("config");
    Optimizer.Options<?> options =
        switch (c.get("optimizer").asText()) {
          case "SGD" ->
              SGD.builder()
                  .momentum(k.path("momentum").asDouble(0))
                  .nesterov(k.path("nesterov").asBoolean());
          case "Adam" ->
              Adam.builder()
                  .beta1(k.path("beta_1").asDouble(0.9))
                  .beta2(k.path("beta_2").asDouble(0.999))
                  .epsilon(k.path("epsilon").asDouble(1e-7))
                  .amsgrad(k.path("amsgrad").asBoolean());
          case "AdamW" -> AdamW.builder().amsgrad(k.path("amsgrad").asBoolean());
          case "RMSprop" ->
              RMSprop.builder()
                  .rho(k.path("rho").asDouble(0.9))
                  .momentum(k.path("momentum").asDouble(0))
                  .epsilon(k.path("epsilon").asDouble(1e-7))
                  .centered(k.path("centered").asBoolean());
          case "Adagrad" ->
              Adagrad.builder()
                  .initialAccumulatorValue(k.path("initial_accumulator_value").asDouble(0.1))
                  .epsilon(k.path("epsilon").asDouble(1e-7));
          default -> throw new IllegalArgumentException(c.get("optimizer").asText());
        };
    if (k.has("learning_rate")) {
      options.learningRate(k.get("learning_rate").asDouble());
    }
    if (k.has("weight_decay")) {
      options.weightDecay(k.get("weight_decay").asDouble());
    }
    options
        .clipnorm(k.path("clipnorm").asDouble(0))
        .clipvalue(k.path("clipvalue").asDouble(0))
        .globalClipnorm(k.path("global_clipnorm").asDouble(0));
    if (k.has("schedule")) {
      double initial = k.get("initial_learning_rate").asDouble();
      long steps = k.get("decay_steps").asLong();
      options.learningRate(
          k.get("schedule").asText().equals("exponential")
              ? new ExponentialDecay(
                  initial, steps, k.get("decay_rate").asDouble(), k.get("staircase").asBoolean())
              : new CosineDecay(
                  initial,
                  steps,
                  k.get("alpha").asDouble(),
                  k.path("warmup_target").asDouble(Double.NaN),
                  k.path("warmup_steps").asLong(0)));
    }
    return switch (options) {
      case SGD.Builder b -> b.build();
      case Adam.Builder b -> b.build();
      case AdamW.Builder b -> b.build();
      case RMSprop.Builder b -> b.build();
      case Adagrad.Builder b -> b.build();
      default -> throw new IllegalStateException();
    };
  }

  static float[][] initial(JsonNode c) {
    List<float[]> params = new ArrayList<>();
    c.get("initial").forEach(p -> params.add(Fixtures.floats(p)));
    return params.toArray(float[][]::new);
  }

  static float[][] gradients(JsonNode c, int step) {
    List<float[]> grads = new ArrayList<>();
    c.get("gradients").get(step).forEach(g -> grads.add(Fixtures.floats(g)));
    return grads.toArray(float[][]::new);
  }

  static String[] names(int n) {
    String[] names = new String[n];
    for (int i = 0; i < n; i++) {
      names[i] = "v" + i;
    }
    return names;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void followsKerasTrajectory(JsonNode c) {
    String name = c.get("case").asText();
    Optimizer optimizer = optimizer(c);
    float[][] params = initial(c);
    optimizer.build(names(params.length), params);
    JsonNode expected = c.get("expected");
    for (int step = 0; step < expected.size(); step++) {
      assertClose(
          c.get("learning_rates").get(step).asDouble(),
          optimizer.learningRate(),
          name + " lr " + step);
      optimizer.apply(params, gradients(c, step));
      for (int i = 0; i < params.length; i++) {
        assertClose(
            Fixtures.doubles(expected.get(step).get(i)),
            params[i],
            name + " step " + step + " v" + i);
      }
    }
    assertEquals(c.get("iterations").asLong(), optimizer.iterations());
    OptimizerState state = optimizer.state();
    List<String> kerasSlots = new ArrayList<>();
    c.get("slots")
        .fieldNames()
        .forEachRemaining(path -> kerasSlots.add(path.substring(path.indexOf('/') + 1)));
    assertEquals(
        kerasSlots.stream().sorted().toList(), state.slots().keySet().stream().sorted().toList());
    c.get("slots")
        .fields()
        .forEachRemaining(
            e ->
                assertClose(
                    Fixtures.doubles(e.getValue()),
                    state.slot(e.getKey().substring(e.getKey().indexOf('/') + 1)),
                    name + " slot " + e.getKey()));
  }

  /**
   * Padding lanes (zero value, zero gradient) stay exactly zero, weight decay and clipping
   * included.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void paddingStaysZero(JsonNode c) {
    Optimizer optimizer = optimizer(c);
    float[][] params = initial(c);
    int columns = c.get("shapes").get(0).get(1).asInt();
    for (int step = 0; step < c.get("expected").size(); step++) {
      optimizer.apply(params, gradients(c, step));
      for (int row = 0; row < params[0].length / columns; row++) {
        assertEquals(0f, params[0][row * columns + columns - 1]);
      }
      assertEquals(0f, params[1][params[1].length - 1]);
    }
  }

  /**
   * Export after some steps, import into a fresh optimizer, continue: bit-identical to not
   * stopping.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void resumesBitIdentically(JsonNode c) {
    int steps = c.get("expected").size();
    Optimizer straight = optimizer(c);
    float[][] straightParams = initial(c);
    for (int step = 0; step < steps; step++) {
      straight.apply(straightParams, gradients(c, step));
    }
    Optimizer first = optimizer(c);
    float[][] params = initial(c);
    for (int step = 0; step < 2; step++) {
      first.apply(params, gradients(c, step));
    }
    OptimizerState saved = first.state();
    Optimizer resumed = optimizer(c);
    resumed.loadState(saved); // before build: waits for the first step
    for (int step = 2; step < steps; step++) {
      resumed.apply(params, gradients(c, step));
    }
    for (int i = 0; i < params.length; i++) {
      assertArrayEquals(straightParams[i], params[i]);
    }
    assertEquals(straight.iterations(), resumed.iterations());
    assertEquals(straight.state().slots().keySet(), resumed.state().slots().keySet());
    straight.state().slots().forEach((k, v) -> assertArrayEquals(v, resumed.state().slot(k), k));
  }

  @Test
  void gradientsAreNotWritten() {
    Optimizer optimizer = SGD.builder().clipvalue(0.1).build();
    float[][] grads = {{1f, -2f}};
    optimizer.apply(new float[][] {{0f, 0f}}, grads);
    assertArrayEquals(new float[] {1f, -2f}, grads[0]);
  }

  @Test
  void settingTheRateOfAScheduleIsRefused() {
    Optimizer optimizer = SGD.builder().learningRate(new ExponentialDecay(0.1, 10, 0.5)).build();
    assertThrows(IllegalStateException.class, () -> optimizer.setLearningRate(0.01));
    Optimizer constant = new Adam();
    constant.setLearningRate(0.1);
    assertEquals(0.1f, constant.learningRate());
  }

  @Test
  void badStatesAndShapesAreRejected() {
    Optimizer adam = new Adam();
    float[][] params = {{1f, 2f}};
    adam.apply(params, new float[][] {{0.1f, 0.2f}});
    assertThrows(IllegalArgumentException.class, () -> adam.apply(params, new float[][] {{0.1f}}));
    assertThrows(IllegalArgumentException.class, () -> adam.loadState(new RMSprop().state()));
    OptimizerState state = adam.state();
    Optimizer other = new Adam();
    other.build(new String[] {"w"}, params);
    var e = assertThrows(IllegalArgumentException.class, () -> other.loadState(state));
    assertEquals(
        "adam state: slot w_momentum is missing; state slots: [param0_momentum, param0_velocity]",
        e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> SGD.builder().clipnorm(1).clipvalue(1).build());
  }
}
