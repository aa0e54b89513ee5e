package dev.rnnc.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.flink.examples.StationAnomalies;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The example job runs end to end at parallelism 2 (trained briefly: 2 epochs). */
class StationAnomaliesTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @Test
  void scoresEveryStationsDays() throws Exception {
    StationAnomalies.Result result = StationAnomalies.run(2, 2);
    assertEquals(1461, result.readings());
    assertTrue(result.sigma() > 0.5 && result.sigma() < 10, "RMS error " + result.sigma());
    for (StationAnomalies.Anomaly a : result.anomalies()) {
      assertTrue(a.score > StationAnomalies.ANOMALY, a.toString());
      assertTrue(a.station.startsWith("station-20"), a.toString());
    }
  }
}
