package dev.rnnc.examples.weather;

import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.examples.ExampleOptions;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.train.EarlyStopping;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import dev.rnnc.runtime.train.Logs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Keras' "timeseries weather forecasting" tutorial on real observations, trained in Java: the past
 * two weeks of Seattle's daily weather (precipitation, maximum and minimum temperature, wind) →
 * tomorrow's maximum temperature. LSTM(32) → Dense(1), Adam, mean squared error, early stopping on
 * the validation loss with the best weights restored; then the test period's error in °C against
 * two naive forecasts, and a PNG of the forecasts over 2015.
 *
 * <pre>{@code ./mvnw -q -pl examples exec:exec -Dexample=weather}</pre>
 */
public final class WeatherForecast {
  /** Days per window. */
  public static final int DAYS = 14;

  /** The forecaster: 14 days × 4 features → tomorrow's maximum temperature (standardised). */
  @RnnModel(input = @Input(timesteps = DAYS, features = 4))
  @Compile(optimizer = "adam", learningRate = 1e-3, loss = "mse", metrics = "mae")
  public interface NextDayMax {
    @LSTM(units = 32)
    Layer memory();

    @Dense(units = 1)
    Layer forecast();

    float[][] predict(float[][][] windows);

    History fit(float[][][] x, float[][] y, FitOptions options);

    Logs evaluate(float[][][] x, float[][] y);
  }

  /** What a run found, in °C. */
  public record Result(
      double modelMae, double persistenceMae, double weekMeanMae, int epochs, History history) {}

  private WeatherForecast() {}

  /** Runs the example ({@code --full}: up to 300 epochs instead of 60). */
  public static void main(String[] args) throws IOException {
    run(ExampleOptions.parse(args));
  }

  /** Trains, evaluates and plots; returns the scores. */
  public static Result run(ExampleOptions options) throws IOException {
    options.banner("Weather: tomorrow's maximum temperature from two weeks of observations");
    WeatherData data = WeatherData.of(SeattleWeather.bundled(), DAYS);
    System.out.printf(
        "data: Seattle, NOAA daily observations 2012-2015; %d training windows (last %.0f%%"
            + " validate), %d test windows (2015)%n",
        data.trainX().length, WeatherData.VALIDATION_SPLIT * 100, data.testX().length);

    NextDayMax model = RnncWeatherForecast_NextDayMax.create(42L);
    System.out.print(RnncModel.summary(model));

    EarlyStopping early =
        EarlyStopping.builder()
            .monitor("val_loss")
            .patience(options.full() ? 20 : 8)
            .restoreBestWeights(true)
            .build();
    History history =
        model.fit(
            data.trainX(),
            data.trainY(),
            new FitOptions()
                .epochs(options.full() ? 300 : 60)
                .batchSize(32)
                .validationSplit(WeatherData.VALIDATION_SPLIT)
                .seed(7)
                .callbacks(early));

    float[][] forecasts = model.predict(data.testX());
    Result result =
        new Result(
            data.testMaeCelsius(forecasts),
            data.testMaeCelsius(data.persistenceForecasts()),
            data.testMaeCelsius(data.lastWeekMeanForecasts()),
            history.size(),
            history);

    System.out.printf(
        "%nstopped after %d epochs; best val_loss %.4f at epoch %d (weights restored)%n",
        history.size(), early.best(), early.bestEpoch() + 1);
    System.out.println("test period 2015, mean absolute error of tomorrow's maximum:");
    System.out.printf("  LSTM (rnnc, trained in Java)      %.2f °C%n", result.modelMae());
    System.out.printf("  naive: today's maximum            %.2f °C%n", result.persistenceMae());
    System.out.printf("  naive: mean of the last 7 days    %.2f °C%n", result.weekMeanMae());

    Path png = options.file("weather-forecast.png");
    ForecastPlot.write(
        png,
        "Seattle 2015: tomorrow's maximum temperature",
        data.testDates(),
        List.of(
            new ForecastPlot.Series("observed", celsius(data, data.testY())),
            new ForecastPlot.Series("LSTM forecast", celsius(data, forecasts)),
            new ForecastPlot.Series(
                "naive: today's maximum", celsius(data, data.persistenceForecasts()))));
    Path curves = options.file("weather-history.png");
    history.plot(curves);
    System.out.println("wrote " + png + " and " + curves);
    return result;
  }

  private static float[] celsius(WeatherData data, float[][] standardised) {
    float[] out = new float[standardised.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = data.celsius(standardised[i][0]);
    }
    return out;
  }
}
