package dev.rnnc.flink.examples;

import dev.rnnc.flink.ModelFactory;
import dev.rnnc.flink.RnncKeyedStep;
import dev.rnnc.flink.examples.StationModels.StationStream;
import dev.rnnc.runtime.RnncModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

/**
 * A rough throughput measurement — wall clock, one run, not JMH — of the stateful step inside Flink
 * against the same model called in a plain loop, so that the integration's overhead is known.
 * Events: the stations' readings replayed under {@code KEYS} station names, interleaved.
 *
 * <ol>
 *   <li>plain loop: one model, {@code stepInto} per event, no per-key states (the step's own cost);
 *   <li>plain loop with per-key states: a {@code HashMap} of each key's {@code float[]}, swapped in
 *       and out around each step ({@code restoreStates}/{@code saveStates});
 *   <li>Flink, parallelism 1: sequence source → reading → {@code keyBy} → {@link RnncKeyedStep} →
 *       discarding sink (heap state backend, local MiniCluster);
 *   <li>the same Flink job with a keyed function that only reads and writes a {@code float[]} state
 *       of the same size and emits the same record (no model): Flink's own share.
 * </ol>
 *
 * <p>Flink at parallelism 1 runs two threads here (the source task and the keyed task, which a
 * {@code keyBy} separates), so its figures are per pipeline, not strictly per core.
 *
 * <pre>{@code ./mvnw -q -pl flink exec:exec -Dexample=dev.rnnc.flink.examples.StationThroughput}
 * </pre>
 */
public final class StationThroughput {
  private static final int KEYS = 100;

  private StationThroughput() {}

  /** Runs the measurement: {@code args[0]} events (default 2,000,000). */
  public static void main(String[] args) throws Exception {
    long events = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000L;
    System.out.printf(
        "rough measurement (wall clock, one run each after a warm-up run; %d cores, load average"
            + " %.1f at the start: other work on the machine moves these figures)%n",
        Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    plainLoop(events / 4, false); // warm-up
    report("plain loop, stepInto", events, plainLoop(events, false));
    plainLoop(events / 4, true);
    report("plain loop, stepInto + per-key states", events, plainLoop(events, true));
    flink(events / 10, true); // warm-up (also starts Flink's classes)
    report("Flink p=1, RnncKeyedStep", events, flink(events, true));
    flink(events / 10, false);
    report("Flink p=1, keyed state only", events, flink(events, false));
  }

  private static void report(String what, long events, long nanos) {
    System.out.printf(
        "  %-40s %,10.0f events/s  (%.2f µs per event)%n",
        what, events / (nanos / 1e9), nanos / 1e3 / events);
  }

  /** The {@code i}-th event: the stations' readings, replayed as {@link #KEYS} stations. */
  static Reading event(long i) {
    int key = (int) (i % KEYS);
    List<Reading> series = Holder.STATIONS.get(key % Holder.STATIONS.size());
    Reading day = series.get((int) ((i / KEYS) % series.size()));
    Reading r = new Reading();
    r.station = "station-" + key;
    r.day = day.day;
    r.epochDay = day.epochDay;
    r.precipitation = day.precipitation;
    r.tempMax = day.tempMax;
    r.tempMin = day.tempMin;
    r.wind = day.wind;
    return r;
  }

  /** The data and the scale, loaded once per JVM (the Flink tasks run in this JVM). */
  static final class Holder {
    static final List<List<Reading>> STATIONS = Stations.series();
    static final Stations.Scale SCALE = Stations.Scale.fit(STATIONS.getFirst());
  }

  private static long plainLoop(long events, boolean perKeyStates) {
    StationStream model = RnncStationModels_StationStream.create(42L);
    RnncModel rnnc = RnncModel.of(model);
    Map<String, float[]> states = new HashMap<>();
    float[] x = new float[4];
    float[] y = new float[1];
    float sum = 0;
    long start = System.nanoTime();
    for (long i = 0; i < events; i++) {
      Reading r = event(i);
      Holder.SCALE.write(r, x);
      if (perKeyStates) {
        float[] s = states.computeIfAbsent(r.station, k -> new float[rnnc.stateSize()]);
        rnnc.restoreStates(s);
        model.stepInto(x, y);
        rnnc.saveStates(s);
      } else {
        model.stepInto(x, y);
      }
      Forecast f = new Forecast(r.station, r.day, r.tempMax, y[0]);
      sum += f.output;
    }
    long nanos = System.nanoTime() - start;
    if (Float.isNaN(sum)) {
      System.out.println("(NaN)");
    }
    return nanos;
  }

  private static long flink(long events, boolean model) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    Stations.Scale scale = Holder.SCALE;
    DataStream<Reading> readings = env.fromSequence(0, events - 1).map(StationThroughput::event);
    DataStream<Forecast> forecasts =
        model
            ? readings
                .keyBy((Reading r) -> r.station)
                .process(
                    RnncKeyedStep.of(
                            ModelFactory.seeded(42L, RnncStationModels_StationStream::create),
                            StationStream::stepInto)
                        .input(4, scale::write)
                        .output(
                            1,
                            (Reading r, float[] y) ->
                                new Forecast(r.station, r.day, r.tempMax, y[0]),
                            Forecast.class)
                        .build())
            : readings.keyBy((Reading r) -> r.station).process(new StateOnly());
    forecasts.sinkTo(new DiscardingSink<>());
    long start = System.nanoTime();
    JobExecutionResult result = env.execute("throughput");
    long wall = System.nanoTime() - start;
    return Math.min(wall, result.getNetRuntime(java.util.concurrent.TimeUnit.NANOSECONDS));
  }

  /** Flink's share: the same keyed state traffic and output, no model. */
  static final class StateOnly extends KeyedProcessFunction<String, Reading, Forecast> {
    private transient ValueState<float[]> states;

    @Override
    public void open(OpenContext context) {
      states =
          getRuntimeContext()
              .getState(
                  new ValueStateDescriptor<>(
                      RnncKeyedStep.STATE_NAME,
                      PrimitiveArrayTypeInfo.FLOAT_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(Reading r, Context context, Collector<Forecast> out)
        throws Exception {
      float[] s = states.value();
      if (s == null) {
        s = new float[64];
      }
      s[0] += r.tempMax;
      states.update(s);
      out.collect(new Forecast(r.station, r.day, r.tempMax, s[0]));
    }
  }
}
