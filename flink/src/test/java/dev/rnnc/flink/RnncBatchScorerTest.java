package dev.rnnc.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rnnc.flink.examples.Reading;
import dev.rnnc.flink.examples.RnncStationModels_Windowed;
import dev.rnnc.flink.examples.StationModels;
import dev.rnnc.flink.examples.StationModels.Windowed;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Batch scoring of a bounded input in batch execution mode: every two-week window of every station,
 * scored at parallelism 2 by the windowed model's batch call, gets the forecast the same model
 * gives it outside Flink.
 */
class RnncBatchScorerTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  /** A window of a station's days: a POJO for Flink (its {@code float[][]} needs no Kryo). */
  public static class Window {
    public String id;
    public float[][] values;

    public Window() {}

    Window(String id, float[][] values) {
      this.id = id;
      this.values = values;
    }
  }

  /** A window's score: a POJO for Flink. */
  public static class Scored {
    public String id;
    public float forecast;

    public Scored() {}

    Scored(String id, float forecast) {
      this.id = id;
      this.forecast = forecast;
    }
  }

  @Test
  void everyWindowGetsTheModelsForecast() throws Exception {
    List<Window> windows = new ArrayList<>();
    float[] x = new float[4];
    for (List<Reading> station : Fixtures.STATIONS) {
      for (int start = 0; start + StationModels.DAYS <= station.size(); start += 7) {
        float[][] values = new float[StationModels.DAYS][];
        for (int d = 0; d < StationModels.DAYS; d++) {
          Fixtures.SCALE.write(station.get(start + d), x);
          values[d] = x.clone();
        }
        windows.add(new Window(station.getFirst().station + "/" + start, values));
      }
    }

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    env.setParallelism(2);
    Map<String, Float> got = new HashMap<>();
    RnncBatchScorer<Window, Scored, Windowed> scorer =
        RnncBatchScorer.of(
                ModelFactory.<Windowed>seeded(Fixtures.SEED, RnncStationModels_Windowed::create),
                Windowed::predict)
            .window((Window w) -> w.values)
            .output((Window w, float[] y) -> new Scored(w.id, y[0]), Scored.class)
            .batchSize(16)
            .build();
    try (CloseableIterator<Scored> scored =
        scorer.score(env.fromData(windows).rebalance()).executeAndCollect()) {
      scored.forEachRemaining(s -> got.put(s.id, s.forecast));
    }
    assertEquals(windows.size(), got.size());
    Windowed model = RnncStationModels_Windowed.create(Fixtures.SEED);
    for (Window w : windows) {
      float expected = model.predict(new float[][][] {w.values})[0][0];
      // lockstep chunks and single samples may differ in the last bits
      assertEquals(expected, got.get(w.id), 1e-6f * Math.max(1f, Math.abs(expected)), w.id);
    }
  }
}
