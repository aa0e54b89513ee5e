package dev.rnnc.flink;

import dev.rnnc.flink.examples.Forecast;
import dev.rnnc.flink.examples.Reading;
import dev.rnnc.flink.examples.RnncStationModels_StationStream;
import dev.rnnc.flink.examples.StationModels.StationStream;
import dev.rnnc.flink.examples.Stations;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** The stations' data, the reference plain loop, and a sink the tests read back. */
final class Fixtures {
  static final long SEED = 42L;

  static final List<List<Reading>> STATIONS = Stations.series();

  static final List<Reading> STREAM = Stations.interleaved(STATIONS);

  static final Stations.Scale SCALE = Stations.Scale.fit(STATIONS.getFirst());

  private Fixtures() {}

  /** The keyed step over the stations' stream, the model from {@code factory}. */
  static RnncKeyedStep<String, Reading, Forecast, StationStream> step(
      ModelFactory<StationStream> factory) {
    Stations.Scale scale = SCALE;
    return RnncKeyedStep.of(factory, StationStream::stepInto)
        .input(4, scale::write)
        .output(
            1,
            (Reading r, float[] y) -> new Forecast(r.station, r.day, r.tempMax, y[0]),
            Forecast.class)
        .build();
  }

  /** The first {@code days} days of every station, interleaved. */
  static List<Reading> firstDays(int days) {
    return STREAM.stream().filter(r -> r.day < days).toList();
  }

  /**
   * A checkpointable source of {@code readings} (parallelism 1, so each station's days stay in
   * order) that emits {@code perCheckpoint} readings per completed checkpoint: the stream advances
   * with the checkpoints, so that checkpoints, a failure and a savepoint happen mid-stream however
   * slow the machine is.
   */
  static org.apache.flink.connector.datagen.source.DataGeneratorSource<Reading> source(
      List<Reading> readings, int perCheckpoint) {
    List<Reading> copy = List.copyOf(readings);
    return new org.apache.flink.connector.datagen.source.DataGeneratorSource<>(
        index -> copy.get(index.intValue()),
        copy.size(),
        org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy.perCheckpoint(
            perCheckpoint),
        org.apache.flink.api.common.typeinfo.TypeInformation.of(Reading.class));
  }

  /** Each station's series through a model of its own, in a plain loop: station → outputs. */
  static Map<String, float[]> plainLoop() {
    return plainLoop(Integer.MAX_VALUE);
  }

  /** {@link #plainLoop()} of each station's first {@code days} days. */
  static Map<String, float[]> plainLoop(int days) {
    Map<String, float[]> expected = new HashMap<>();
    float[] x = new float[4];
    float[] y = new float[1];
    for (List<Reading> station : STATIONS) {
      StationStream model = RnncStationModels_StationStream.create(SEED);
      float[] outputs = new float[Math.min(days, station.size())];
      for (Reading r : station.subList(0, outputs.length)) {
        SCALE.write(r, x);
        model.stepInto(x, y);
        outputs[r.day] = y[0];
      }
      expected.put(station.getFirst().station, outputs);
    }
    return expected;
  }

  /**
   * Collects forecasts into {@link #RESULTS} by (station, day); a forecast emitted again (a replay
   * after a restore) must equal the first, else it goes to {@link #CONFLICTS}.
   */
  static final class CollectingSink implements Sink<Forecast> {
    static final Map<String, Float> RESULTS = new ConcurrentHashMap<>();
    static final Map<String, String> CONFLICTS = new ConcurrentHashMap<>();
    static final java.util.concurrent.atomic.AtomicLong EMITTED =
        new java.util.concurrent.atomic.AtomicLong();

    static void clear() {
      RESULTS.clear();
      CONFLICTS.clear();
      EMITTED.set(0);
    }

    @Override
    public SinkWriter<Forecast> createWriter(WriterInitContext context) {
      return new SinkWriter<>() {
        @Override
        public void write(Forecast f, Context context) {
          EMITTED.incrementAndGet();
          String key = f.station + "/" + f.day;
          Float before = RESULTS.putIfAbsent(key, f.output);
          if (before != null
              && Float.floatToRawIntBits(before) != Float.floatToRawIntBits(f.output)) {
            CONFLICTS.put(key, before + " then " + f.output);
          }
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {}
      };
    }
  }

  /** Asserts that the collected forecasts are exactly the plain loop's, every day of every key. */
  static void assertMatchesPlainLoop() {
    assertMatchesPlainLoop(Integer.MAX_VALUE);
  }

  /** {@link #assertMatchesPlainLoop()} for each station's first {@code days} days. */
  static void assertMatchesPlainLoop(int days) {
    org.junit.jupiter.api.Assertions.assertEquals(
        Map.of(), CollectingSink.CONFLICTS, "a forecast emitted twice with different values");
    Map<String, float[]> expected = plainLoop(days);
    int count = 0;
    for (Map.Entry<String, float[]> station : expected.entrySet()) {
      float[] outputs = station.getValue();
      for (int day = 0; day < outputs.length; day++) {
        Float got = CollectingSink.RESULTS.get(station.getKey() + "/" + day);
        org.junit.jupiter.api.Assertions.assertNotNull(
            got, "no forecast for " + station.getKey() + " day " + day);
        org.junit.jupiter.api.Assertions.assertEquals(
            Float.floatToRawIntBits(outputs[day]),
            Float.floatToRawIntBits(got),
            station.getKey() + " day " + day + ": " + got + " vs plain loop " + outputs[day]);
        count++;
      }
    }
    org.junit.jupiter.api.Assertions.assertEquals(count, CollectingSink.RESULTS.size());
  }
}
