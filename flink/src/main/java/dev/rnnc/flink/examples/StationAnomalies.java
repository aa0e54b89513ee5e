package dev.rnnc.flink.examples;

import dev.rnnc.flink.ModelFactory;
import dev.rnnc.flink.RnncKeyedStep;
import dev.rnnc.flink.examples.StationModels.StationStream;
import dev.rnnc.flink.examples.StationModels.Windowed;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.io.RnncWeights;
import dev.rnnc.runtime.train.FitOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

/**
 * A sensor-anomaly job: four weather stations (the Seattle observations, one year per station)
 * report daily, interleaved; a stateful LSTM per station forecasts tomorrow's maximum temperature
 * from each reading, and when tomorrow's reading arrives its surprise — the forecast error in units
 * of the errors seen in training — is the day's anomaly score. One model per Flink task serves
 * every station of that task; each station's LSTM state (h and c) is Flink keyed state.
 *
 * <p>The forecaster is trained first, in Java, on two-week windows of the first three stations
 * (2012–2014); its weights go into the job graph ({@link ModelFactory#embedded}) and load into the
 * stateful twin in every task.
 *
 * <pre>{@code ./mvnw -q -pl flink exec:exec}</pre>
 */
public final class StationAnomalies {
  /** Scores above this are reported. */
  public static final double ANOMALY = 3.0;

  /** An anomalous day: a POJO for Flink. */
  public static class Anomaly {
    public String station;
    public long epochDay;
    public float observed;
    public float forecast;
    public float score;

    public Anomaly() {}

    @Override
    public String toString() {
      return String.format(
          "%s  %s  observed %5.1f °C, forecast %5.1f °C, score %.1f",
          station, LocalDate.ofEpochDay(epochDay), observed, forecast, score);
    }
  }

  /** What a run found. */
  public record Result(int readings, double sigma, List<Anomaly> anomalies) {}

  private StationAnomalies() {}

  /** Runs the example: trains (20 epochs), then runs the job at parallelism 2. */
  public static void main(String[] args) throws Exception {
    Result result = run(20, 2);
    System.out.printf(
        "streamed %d readings of 4 stations; training-period forecast error %.2f °C (RMS)%n",
        result.readings(), result.sigma());
    System.out.printf("days with an anomaly score above %.0f:%n", ANOMALY);
    result.anomalies().forEach(a -> System.out.println("  " + a));
  }

  /** Trains for {@code epochs} epochs, then streams every station's days at {@code parallelism}. */
  public static Result run(int epochs, int parallelism) throws Exception {
    List<List<Reading>> stations = Stations.series();
    List<Reading> training = new ArrayList<>();
    stations.subList(0, 3).forEach(training::addAll);
    Stations.Scale scale = Stations.Scale.fit(training);
    Path weights = train(stations.subList(0, 3), scale, epochs);
    try {
      double sigma = trainingError(stations.subList(0, 3), scale, weights);
      return stream(stations, scale, weights, sigma, parallelism);
    } finally {
      Files.deleteIfExists(weights);
    }
  }

  /** Trains the windowed forecaster and writes its weights to a temporary rnnc weight file. */
  static Path train(List<List<Reading>> stations, Stations.Scale scale, int epochs)
      throws IOException {
    List<float[][]> xs = new ArrayList<>();
    List<float[]> ys = new ArrayList<>();
    for (List<Reading> station : stations) {
      float[][] scaled = new float[station.size()][4];
      for (int d = 0; d < station.size(); d++) {
        scale.write(station.get(d), scaled[d]);
      }
      for (int end = StationModels.DAYS; end < station.size(); end++) {
        xs.add(java.util.Arrays.copyOfRange(scaled, end - StationModels.DAYS, end));
        ys.add(new float[] {scaled[end][Stations.TEMP_MAX]});
      }
    }
    Windowed model = RnncStationModels_Windowed.create(42L);
    model.fit(
        xs.toArray(float[][][]::new),
        ys.toArray(float[][]::new),
        new FitOptions().epochs(epochs).batchSize(32).seed(7).verbose(0));
    Path file = Files.createTempFile("stations", ".rnnc");
    RnncWeights.save(file, RnncModel.of(model));
    return file;
  }

  /** The RMS forecast error (°C) of the stateful twin over the training stations, plain loop. */
  static double trainingError(List<List<Reading>> stations, Stations.Scale scale, Path weights)
      throws IOException {
    StationStream model = RnncStationModels_StationStream.load(weights);
    float[] x = new float[4];
    float[] y = new float[1];
    double squares = 0;
    int n = 0;
    for (List<Reading> station : stations) {
      model.resetStates();
      for (int d = 0; d + 1 < station.size(); d++) {
        scale.write(station.get(d), x);
        model.stepInto(x, y);
        if (d >= StationModels.DAYS) { // the first two weeks warm the state up
          double error = station.get(d + 1).tempMax - scale.unscale(Stations.TEMP_MAX, y[0]);
          squares += error * error;
          n++;
        }
      }
    }
    return Math.sqrt(squares / n);
  }

  private static Result stream(
      List<List<Reading>> stations,
      Stations.Scale scale,
      Path weights,
      double sigma,
      int parallelism)
      throws Exception {
    List<Reading> readings = Stations.interleaved(stations);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(parallelism);
    DataStream<Forecast> forecasts =
        env.fromData(readings)
            .setParallelism(1) // one source: each station's days in order
            .keyBy((Reading r) -> r.station)
            .process(
                RnncKeyedStep.of(
                        ModelFactory.embedded(weights, RnncStationModels_StationStream::load),
                        StationStream::stepInto)
                    .input(4, scale::write)
                    .output(
                        1,
                        (Reading r, float[] y) -> new Forecast(r.station, r.day, r.tempMax, y[0]),
                        Forecast.class)
                    .build())
            .uid("station-forecaster")
            .name("rnnc: station forecaster");
    DataStream<Anomaly> anomalies =
        forecasts
            .keyBy((Forecast f) -> f.station)
            .process(new Surprise(scale, sigma))
            .uid("surprise")
            .name("surprise");
    List<Anomaly> found = new ArrayList<>();
    try (CloseableIterator<Anomaly> it = anomalies.executeAndCollect("station anomalies")) {
      it.forEachRemaining(found::add);
    }
    found.sort(
        java.util.Comparator.comparing((Anomaly a) -> a.station).thenComparing(a -> a.epochDay));
    return new Result(readings.size(), sigma, found);
  }

  /**
   * Keeps each station's last forecast (°C) in keyed state; when the next day's reading arrives,
   * scores the forecast's error and emits the day if the score passes {@link #ANOMALY}.
   */
  static final class Surprise extends KeyedProcessFunction<String, Forecast, Anomaly> {
    private final Stations.Scale scale;
    private final double sigma;
    private transient ValueState<Float> lastForecast;

    Surprise(Stations.Scale scale, double sigma) {
      this.scale = scale;
      this.sigma = sigma;
    }

    @Override
    public void open(OpenContext context) {
      lastForecast =
          getRuntimeContext().getState(new ValueStateDescriptor<>("last-forecast", Types.FLOAT));
    }

    @Override
    public void processElement(Forecast f, Context context, Collector<Anomaly> out)
        throws IOException {
      Float expected = lastForecast.value();
      if (expected != null && f.day > StationModels.DAYS) {
        float score = (float) (Math.abs(f.observedMax - expected) / sigma);
        if (score > ANOMALY) {
          Anomaly a = new Anomaly();
          a.station = f.station;
          a.epochDay = dayOf(f);
          a.observed = f.observedMax;
          a.forecast = expected;
          a.score = score;
          out.collect(a);
        }
      }
      lastForecast.update(scale.unscale(Stations.TEMP_MAX, f.output));
    }

    private static long dayOf(Forecast f) {
      int year = Integer.parseInt(f.station.substring(f.station.indexOf('-') + 1));
      return LocalDate.of(year, 1, 1).plusDays(f.day).toEpochDay();
    }
  }
}
