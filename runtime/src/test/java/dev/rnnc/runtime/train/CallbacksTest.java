package dev.rnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * EarlyStopping, ReduceLROnPlateau, ModelCheckpoint and CSVLogger against the decisions Keras 3.15
 * made.
 */
class CallbacksTest {

  static Stream<JsonNode> cases() {
    return Fixtures.cases("callbacks.json").stream();
  }

  static Callback callback(JsonNode c) {
    JsonNode k = c.get("config");
    if (c.get("callback").asText().equals("EarlyStopping")) {
      return EarlyStopping.builder()
          .monitor(k.get("monitor").asText())
          .patience(k.path("patience").asInt(0))
          .minDelta(k.path("min_delta").asDouble(0))
          .mode(k.path("mode").asText("auto"))
          .baseline(k.path("baseline").asDouble(Double.NaN))
          .startFromEpoch(k.path("start_from_epoch").asInt(0))
          .restoreBestWeights(k.path("restore_best_weights").asBoolean())
          .build();
    }
    return ReduceLROnPlateau.builder()
        .monitor(k.get("monitor").asText())
        .factor(k.get("factor").asDouble())
        .patience(k.get("patience").asInt())
        .cooldown(k.path("cooldown").asInt(0))
        .minLr(k.path("min_lr").asDouble(0))
        .minDelta(k.path("min_delta").asDouble(1e-4))
        .build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decidesAsKerasDecides(JsonNode c) {
    FakeContext context = new FakeContext();
    Callback callback = callback(c);
    callback.setContext(context);
    callback.onTrainBegin(new Logs());
    String monitor = c.get("config").get("monitor").asText();
    JsonNode decisions = c.get("decisions");
    for (int epoch = 0; epoch < decisions.size(); epoch++) {
      context.weights[0] = epoch; // the weights remember their epoch
      Logs logs = new Logs().put(monitor, c.get("values").get(epoch).asDouble()).put("other", 1.0);
      callback.onEpochEnd(epoch, logs);
      JsonNode d = decisions.get(epoch);
      String at = c.get("case").asText() + " epoch " + epoch;
      assertEquals(d.get("stop").asBoolean(), context.stop, at + " stop");
      assertEquals(
          (float) d.get("learning_rate").asDouble(), context.optimizer.learningRate(), at + " lr");
      List<String> names = new ArrayList<>();
      d.get("logs").fieldNames().forEachRemaining(names::add);
      assertEquals(names, logs.names(), at + " logs");
      if (logs.has("learning_rate")) {
        assertEquals(
            d.get("logs").get("learning_rate").asDouble(), logs.get("learning_rate"), 1e-9, at);
      }
    }
    if (callback instanceof EarlyStopping early) {
      assertEquals(c.get("best_epoch").asInt(), early.bestEpoch());
      assertEquals(c.get("stopped_epoch").asInt(), early.stoppedEpoch());
      callback.onTrainEnd(new Logs());
      if (c.get("config").path("restore_best_weights").asBoolean()) {
        assertEquals(early.bestEpoch(), context.weights[0], "restored the best epoch's weights");
      }
    }
  }

  @Test
  void autoModeNeedsAKnownDirection() {
    FakeContext context = new FakeContext();
    EarlyStopping early = EarlyStopping.builder().monitor("other").build();
    early.setContext(context);
    early.onTrainBegin(new Logs());
    assertThrows(
        IllegalArgumentException.class, () -> early.onEpochEnd(0, new Logs().put("other", 1)));
  }

  @Test
  void checkpointSavesTheEpochsKerasSaves(@TempDir Path dir) {
    JsonNode fixture = Fixtures.read("callbacks.json").get("checkpoint");
    FakeContext context = new FakeContext();
    List<String> saved = new ArrayList<>();
    ModelCheckpoint checkpoint =
        ModelCheckpoint.builder(dir.resolve("m-{epoch:02d}.weights.h5").toString())
            .saveBestOnly(true)
            .saveWeightsOnly(true)
            .saver(path -> saved.add(path.getFileName().toString()))
            .build();
    checkpoint.setContext(context);
    checkpoint.onTrainBegin(new Logs());
    JsonNode values = fixture.get("values");
    for (int epoch = 0; epoch < values.size(); epoch++) {
      checkpoint.onEpochBegin(epoch, new Logs());
      checkpoint.onEpochEnd(epoch, new Logs().put("val_loss", values.get(epoch).asDouble()));
    }
    List<String> expected = new ArrayList<>();
    fixture.get("saved").forEach(n -> expected.add(n.asText()));
    assertEquals(expected, saved);
  }

  @Test
  void checkpointChecksKerasExtensionsAndSavesThroughTheState(@TempDir Path dir)
      throws IOException {
    assertThrows(
        IllegalArgumentException.class,
        () -> ModelCheckpoint.builder("m.h5").saveWeightsOnly(true).build());
    assertThrows(IllegalArgumentException.class, () -> ModelCheckpoint.builder("m.bin").build());
    List<Path> saved = new ArrayList<>();
    FakeContext context = new FakeContext();
    TrainableState state =
        new TrainableState() {
          @Override
          public WeightSnapshot snapshot() {
            return WeightSnapshot.of();
          }

          @Override
          public void restore(WeightSnapshot snapshot) {}

          @Override
          public void save(Path path) {
            saved.add(path);
          }
        };
    ModelCheckpoint checkpoint =
        ModelCheckpoint.builder(dir.resolve("sub/e{epoch}-{loss:.3f}.keras").toString())
            .verbose(1)
            .build();
    checkpoint.setContext(new DelegatingContext(context, state));
    checkpoint.onTrainBegin(new Logs());
    checkpoint.onEpochEnd(4, new Logs().put("loss", 0.12345));
    assertEquals(List.of(dir.resolve("sub/e5-0.123.keras")), saved);
    assertTrue(Files.isDirectory(dir.resolve("sub")));
    assertTrue(
        context
            .printed()
            .contains("Epoch 5: saving model to " + dir.resolve("sub/e5-0.123.keras")));
  }

  static Stream<JsonNode> csvCases() {
    return Fixtures.cases("csv_logger.json").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("csvCases")
  void csvLoggerWritesWhatKerasWrites(JsonNode c, @TempDir Path dir) throws IOException {
    Path file = dir.resolve("log.csv");
    List<Logs> epochs = new ArrayList<>();
    for (JsonNode node : c.get("epochs")) {
      Logs logs = new Logs();
      node.fields().forEachRemaining(e -> logs.put(e.getKey(), Fixtures.number(e.getValue())));
      epochs.add(logs);
    }
    if (c.get("case").asText().equals("append_separator")) {
      for (Logs logs : epochs) { // two fits of one epoch each, appending
        CSVLogger logger = new CSVLogger(file, ";", true);
        logger.onTrainBegin(new Logs());
        logger.onEpochEnd(0, logs);
        logger.onTrainEnd(logs);
      }
    } else {
      CSVLogger logger = new CSVLogger(file);
      logger.onTrainBegin(new Logs());
      for (int epoch = 0; epoch < epochs.size(); epoch++) {
        logger.onEpochEnd(epoch, epochs.get(epoch));
      }
    }
    assertEquals(c.get("expected").asText(), Files.readString(file, StandardCharsets.UTF_8));
  }

  /** A context with another state. */
  private record DelegatingContext(FakeContext inner, TrainableState state) implements FitContext {
    @Override
    public int epochs() {
      return inner.epochs();
    }

    @Override
    public int steps() {
      return inner.steps();
    }

    @Override
    public int verbose() {
      return 0;
    }

    @Override
    public Optimizer optimizer() {
      return inner.optimizer();
    }

    @Override
    public Metric.Direction direction(String name) {
      return inner.direction(name);
    }

    @Override
    public void stopTraining() {
      inner.stopTraining();
    }

    @Override
    public boolean stopTrainingRequested() {
      return inner.stopTrainingRequested();
    }

    @Override
    public java.io.PrintStream out() {
      return inner.out();
    }
  }
}
