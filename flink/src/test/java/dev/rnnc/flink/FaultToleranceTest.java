package dev.rnnc.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.flink.Fixtures.CollectingSink;
import dev.rnnc.flink.examples.Forecast;
import dev.rnnc.flink.examples.Reading;
import dev.rnnc.flink.examples.RnncStationModels_StationStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keyed step's states are Flink state: a job killed mid-stream and restored from its last
 * checkpoint, or stopped with a savepoint and resumed at another parallelism, emits exactly the
 * forecasts of an uninterrupted plain loop per station — no state update lost or applied twice.
 */
class FaultToleranceTest {
  /** Each station's first days (4 stations: 800 readings, 8 checkpoints at the source's rate). */
  private static final int DAYS = 200;

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(3)
              .build());

  @BeforeEach
  void clear() {
    CollectingSink.clear();
    FailOnce.FAILED.set(false);
    FailOnce.RESTORED.set(false);
  }

  @Test
  void aFailureRestoredFromTheLastCheckpointChangesNoForecast() throws Exception {
    Configuration config = new Configuration();
    config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
    config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(50));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
    env.setParallelism(2);
    env.enableCheckpointing(100);
    env.fromSource(
            Fixtures.source(Fixtures.firstDays(DAYS), 100),
            WatermarkStrategy.noWatermarks(),
            "days")
        .setParallelism(1)
        .keyBy((Reading r) -> r.station)
        .process(Fixtures.step(factory()))
        .map(new FailOnce()) // fails once, after a checkpoint, past the model's state updates
        .sinkTo(new CollectingSink());
    env.execute("fail once");

    assertTrue(FailOnce.FAILED.get(), "the injected failure happened");
    assertTrue(FailOnce.RESTORED.get(), "the job restarted from a checkpoint, not from scratch");
    assertTrue(
        CollectingSink.EMITTED.get() > Fixtures.firstDays(DAYS).size(),
        "the readings after the checkpoint were replayed");
    Fixtures.assertMatchesPlainLoop(DAYS);
  }

  @Test
  void statesMoveWithTheirKeysWhenTheJobIsRescaled(@TempDir Path savepoints) throws Exception {
    List<Reading> readings = Fixtures.firstDays(DAYS);
    // parallelism 2 until a third of the readings is through, then stop with a savepoint
    StreamExecutionEnvironment first = StreamExecutionEnvironment.getExecutionEnvironment();
    first.setParallelism(2);
    first.enableCheckpointing(100); // the source advances by checkpoints
    job(first, readings);
    JobClient running = first.executeAsync("before rescaling");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (CollectingSink.RESULTS.size() < readings.size() / 3 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    String savepoint =
        running
            .stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
            .get(60, TimeUnit.SECONDS);
    int before = CollectingSink.RESULTS.size();
    assertTrue(before < readings.size(), "stopped mid-stream, after " + before + " readings");

    // parallelism 3 from the savepoint: the source and every station's states go on
    Configuration config = new Configuration();
    config.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
    StreamExecutionEnvironment second = StreamExecutionEnvironment.getExecutionEnvironment(config);
    second.setParallelism(3);
    second.enableCheckpointing(100);
    job(second, readings);
    second.execute("after rescaling");

    assertEquals(readings.size(), CollectingSink.EMITTED.get(), "no reading lost or repeated");
    Fixtures.assertMatchesPlainLoop(DAYS);
  }

  private static void job(StreamExecutionEnvironment env, List<Reading> readings) {
    env.fromSource(Fixtures.source(readings, 100), WatermarkStrategy.noWatermarks(), "days")
        .uid("days")
        .setParallelism(1)
        .keyBy((Reading r) -> r.station)
        .process(Fixtures.step(factory()))
        .uid("forecaster")
        .sinkTo(new CollectingSink())
        .uid("sink");
  }

  private static ModelFactory<dev.rnnc.flink.examples.StationModels.StationStream> factory() {
    return ModelFactory.seeded(Fixtures.SEED, RnncStationModels_StationStream::create);
  }

  /**
   * Passes forecasts through, and throws once: on the first attempt, 50 records after this instance
   * learnt that a checkpoint completed. Records whether a later attempt was restored.
   */
  static final class FailOnce
      implements MapFunction<Forecast, Forecast>, CheckpointListener, CheckpointedFunction {
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicBoolean RESTORED = new AtomicBoolean();

    private transient boolean checkpointed;
    private transient int sinceCheckpoint;

    @Override
    public Forecast map(Forecast forecast) {
      if (checkpointed && ++sinceCheckpoint >= 50 && FAILED.compareAndSet(false, true)) {
        throw new IllegalStateException("injected failure at " + forecast);
      }
      return forecast;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      checkpointed = true;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {}

    @Override
    public void initializeState(FunctionInitializationContext context) {
      if (context.isRestored()) {
        RESTORED.set(true);
      }
    }
  }
}
