package dev.rnnc.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.flink.Fixtures.CollectingSink;
import dev.rnnc.flink.examples.Reading;
import dev.rnnc.flink.examples.RnncStationModels_StationStream;
import dev.rnnc.flink.examples.StationModels.StationStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Four stations' readings, interleaved, through one keyed step at parallelism 2: every station's
 * forecasts are exactly those of a model of its own fed the station's series in a plain loop, and
 * each parallel task made one model.
 */
class RnncKeyedStepTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  static final AtomicInteger MODELS_MADE = new AtomicInteger();

  @BeforeEach
  void clear() {
    CollectingSink.clear();
    MODELS_MADE.set(0);
  }

  @Test
  void interleavedKeysMatchAPlainLoopPerKey() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    ModelFactory<StationStream> counted =
        context -> {
          MODELS_MADE.incrementAndGet();
          return RnncStationModels_StationStream.create(Fixtures.SEED);
        };
    env.fromData(Fixtures.STREAM)
        .setParallelism(1) // one source keeps each station's days in order
        .keyBy((Reading r) -> r.station)
        .process(Fixtures.step(counted))
        .sinkTo(new CollectingSink());
    env.execute("keyed step");

    Fixtures.assertMatchesPlainLoop();
    assertEquals(Fixtures.STREAM.size(), CollectingSink.EMITTED.get());
    assertEquals(2, MODELS_MADE.get(), "one model per parallel task, not per key");
  }

  @Test
  void weightsShippedInTheJobGraphLoadInEveryTask() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("station", ".rnnc");
    try {
      dev.rnnc.runtime.io.RnncWeights.save(
          file,
          dev.rnnc.runtime.RnncModel.of(RnncStationModels_StationStream.create(Fixtures.SEED)));
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(2);
      env.fromData(Fixtures.STREAM)
          .setParallelism(1)
          .keyBy((Reading r) -> r.station)
          .process(
              Fixtures.step(ModelFactory.embedded(file, RnncStationModels_StationStream::load)))
          .sinkTo(new CollectingSink());
      env.execute("embedded weights");
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
    Fixtures.assertMatchesPlainLoop();
    assertTrue(CollectingSink.RESULTS.size() > 1000);
  }

  @Test
  void weightsFromFlinksDistributedCache(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = dir.resolve("station.rnnc");
    dev.rnnc.runtime.io.RnncWeights.save(
        file, dev.rnnc.runtime.RnncModel.of(RnncStationModels_StationStream.create(Fixtures.SEED)));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    env.registerCachedFile(file.toUri().toString(), "station-weights");
    env.fromData(Fixtures.STREAM)
        .setParallelism(1)
        .keyBy((Reading r) -> r.station)
        .process(
            Fixtures.step(
                ModelFactory.cachedFile("station-weights", RnncStationModels_StationStream::load)))
        .sinkTo(new CollectingSink());
    env.execute("cached weights");
    Fixtures.assertMatchesPlainLoop();
  }

  @Test
  void aModelWithoutStatesFailsTheJobSayingWhy() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    env.fromData(1f, 2f)
        .keyBy(x -> 0)
        .process(
            RnncKeyedStep.of(
                    ModelFactory.seeded(
                        1L, dev.rnnc.flink.examples.RnncStationModels_Windowed::create),
                    (m, x, y) -> {})
                .input(4, (Float event, float[] x) -> {})
                .output(1, (Float event, float[] y) -> y[0], Float.class)
                .<Integer>build())
        .sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>());
    Exception e =
        org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> env.execute("no"));
    java.util.Optional<IllegalArgumentException> cause =
        org.apache.flink.util.ExceptionUtils.findThrowable(e, IllegalArgumentException.class);
    assertTrue(cause.isPresent(), () -> "no IllegalArgumentException in " + e);
    assertEquals(
        "Windowed carries no state from call to call: declare its recurrent layers stateful ="
            + " true (or score it with RnncBatchScorer)",
        cause.get().getMessage());
  }
}
