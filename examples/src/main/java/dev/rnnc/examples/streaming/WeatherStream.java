package dev.rnnc.examples.streaming;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.examples.ExampleOptions;
import dev.rnnc.examples.weather.RnncWeatherForecast_NextDayMax;
import dev.rnnc.examples.weather.SeattleWeather;
import dev.rnnc.examples.weather.Standardizer;
import dev.rnnc.examples.weather.WeatherData;
import dev.rnnc.examples.weather.WeatherForecast;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.train.EarlyStopping;
import dev.rnnc.runtime.train.FitOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streaming: a stateful model fed one reading at a time. The forecaster of {@link WeatherForecast}
 * is trained on two-week windows, its weights are copied into a stateful twin that takes one day
 * per call and carries its LSTM state from call to call ({@code setWeights(getWeights())}), and the
 * twin then reads the observations day by day, as a service would receive them: each day it
 * forecasts tomorrow's maximum, and when tomorrow comes, the surprise — the forecast error in units
 * of the errors seen in training — is the day's anomaly score. Prints the most surprising days of
 * 2015 and the per-reading latency.
 */
public final class WeatherStream {
  private static final double ANOMALY = 3.0;

  /** The forecaster's stateful twin: one day's four readings per call, state carried over. */
  @RnnModel(input = @Input(timesteps = 1, features = 4))
  public interface Streaming {
    @LSTM(units = 32, stateful = true)
    Layer memory();

    @Dense(units = 1)
    Layer forecast();

    void stepInto(float[] reading, float[] forecast);

    void resetStates();
  }

  private WeatherStream() {}

  /** Runs the example. */
  public static void main(String[] args) {
    run(ExampleOptions.parse(args));
  }

  /** Trains, streams, scores; returns the per-reading latencies in nanoseconds, sorted. */
  public static long[] run(ExampleOptions options) {
    options.banner("Streaming: a stateful LSTM reads the weather one day at a time");
    List<SeattleWeather.Day> days = SeattleWeather.bundled();
    WeatherData data = WeatherData.of(days, WeatherForecast.DAYS);
    WeatherForecast.NextDayMax trained = RnncWeatherForecast_NextDayMax.create(42L);
    trained.fit(
        data.trainX(),
        data.trainY(),
        new FitOptions()
            .epochs(options.full() ? 300 : 60)
            .validationSplit(WeatherData.VALIDATION_SPLIT)
            .seed(7)
            .verbose(0)
            .callbacks(
                EarlyStopping.builder()
                    .monitor("val_loss")
                    .patience(8)
                    .restoreBestWeights(true)
                    .build()));
    Streaming stream = RnncWeatherStream_Streaming.create(0L);
    RnncModel.of(stream).setWeights(RnncModel.of(trained).getWeights());
    System.out.println("trained on 14-day windows; weights copied into the stateful twin");

    Standardizer scale = data.scale();
    float[] errors = new float[days.size()]; // errors[d]: the forecast for day d made on d - 1
    long[] latencies = new long[days.size() - 1];
    // passes that let the JIT compile the step (~15,000 calls), then the one that counts
    for (int pass = 0; pass < 11; pass++) {
      stream.resetStates();
      stream(stream, days, scale, errors, latencies);
    }

    // the typical surprise: errors before 2015 (the stream's first two weeks warm the state up)
    int firstTest = indexOf(days, java.time.LocalDate.of(2015, 1, 1));
    double sigma = rms(errors, WeatherForecast.DAYS, firstTest);
    System.out.printf(
        "streamed %d days; forecast error before 2015 %.2f °C (RMS), in 2015 %.2f °C (MAE)%n",
        days.size(), sigma, mae(errors, firstTest, days.size()));

    System.out.printf(
        "days of 2015 with an anomaly score above %.0f (|error| / RMS error):%n", ANOMALY);
    List<Integer> anomalies = new ArrayList<>();
    for (int d = firstTest; d < days.size(); d++) {
      if (Math.abs(errors[d]) / sigma > ANOMALY) {
        anomalies.add(d);
      }
    }
    for (int d : anomalies) {
      SeattleWeather.Day day = days.get(d);
      System.out.printf(
          "  %s  observed %5.1f °C, forecast %5.1f °C, score %.1f%n",
          day.date(), day.tempMax(), day.tempMax() - errors[d], Math.abs(errors[d]) / sigma);
    }
    if (anomalies.isEmpty()) {
      System.out.println("  none");
    }
    Arrays.sort(latencies);
    System.out.printf(
        "latency per reading (wall clock, one thread; JMH in benchmarks/ is the measurement of"
            + " record): p50 %.2f µs, p99 %.2f µs over %d readings%n",
        latencies[latencies.length / 2] / 1e3,
        latencies[(int) (latencies.length * 0.99)] / 1e3,
        latencies.length);
    return latencies;
  }

  /** Feeds every day but the last; records each forecast's error and each call's latency. */
  private static void stream(
      Streaming stream,
      List<SeattleWeather.Day> days,
      Standardizer scale,
      float[] errors,
      long[] latencies) {
    float[] forecast = new float[1];
    for (int d = 0; d + 1 < days.size(); d++) {
      float[] reading = scale.apply(days.get(d));
      long start = System.nanoTime();
      stream.stepInto(reading, forecast);
      latencies[d] = System.nanoTime() - start;
      errors[d + 1] = days.get(d + 1).tempMax() - scale.unscale(WeatherData.TEMP_MAX, forecast[0]);
    }
  }

  private static int indexOf(List<SeattleWeather.Day> days, java.time.LocalDate date) {
    for (int i = 0; i < days.size(); i++) {
      if (days.get(i).date().equals(date)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no observation on " + date);
  }

  private static double rms(float[] errors, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += errors[i] * errors[i];
    }
    return Math.sqrt(sum / (to - from));
  }

  private static double mae(float[] errors, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += Math.abs(errors[i]);
    }
    return sum / (to - from);
  }
}
