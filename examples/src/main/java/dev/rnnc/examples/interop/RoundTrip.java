package dev.rnnc.examples.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.examples.ExampleOptions;
import dev.rnnc.examples.Resources;
import dev.rnnc.examples.weather.RnncWeatherForecast_NextDayMax;
import dev.rnnc.examples.weather.SeattleWeather;
import dev.rnnc.examples.weather.WeatherData;
import dev.rnnc.examples.weather.WeatherForecast;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.io.KerasWeights;
import dev.rnnc.runtime.io.PyTorchWeights;
import dev.rnnc.runtime.train.FitOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Weights across frameworks, both ways:
 *
 * <ol>
 *   <li>a forecaster trained in PyTorch ({@code tools/examples/torch_weather.py}: nn.LSTM +
 *       nn.Linear, saved as a safetensors state_dict) loads into an rnnc model and forecasts what
 *       PyTorch forecast for the same windows;
 *   <li>a forecaster trained in Java is exported to a {@code .keras} archive that Keras' {@code
 *       keras.models.load_model} opens (the interop tests check such archives against real Keras),
 *       and loads back into rnnc bit for bit.
 * </ol>
 */
public final class RoundTrip {
  private static final double PYTORCH_TOLERANCE = 1e-5;

  /** The PyTorch model's shape, its layers named like its modules ({@code lstm}, {@code head}). */
  @RnnModel(input = @Input(timesteps = WeatherForecast.DAYS, features = 4))
  public interface TorchForecaster {
    @LSTM(units = 32)
    Layer lstm();

    @Dense(units = 1)
    Layer head();

    float[][] predict(float[][][] windows);
  }

  private RoundTrip() {}

  /** Runs the example; exits with status 1 if a check fails. */
  public static void main(String[] args) throws IOException {
    if (!run(ExampleOptions.parse(args))) {
      System.exit(1);
    }
  }

  /** Both directions; false if rnnc does not reproduce PyTorch or its own export. */
  public static boolean run(ExampleOptions options) throws IOException {
    options.banner(
        "Interop round trip: trained in PyTorch, served by rnnc; trained in Java, opened by Keras");
    return fromPyTorch() & toKeras(options);
  }

  private static boolean fromPyTorch() throws IOException {
    JsonNode check =
        new ObjectMapper()
            .readTree(Files.readString(Resources.path("/models/weather-lstm-torch.json")));
    TorchForecaster model = RnncRoundTrip_TorchForecaster.create(0L);
    PyTorchWeights.load(Resources.path("/models/weather-lstm-torch.safetensors"), model);
    float[][][] windows = new ObjectMapper().convertValue(check.get("windows"), float[][][].class);
    float[][] forecasts = model.predict(windows);
    double worst = 0;
    for (int i = 0; i < windows.length; i++) {
      worst = Math.max(worst, Math.abs(forecasts[i][0] - check.get("forecasts").get(i).asDouble()));
    }
    System.out.printf(
        "PyTorch → rnnc: %s loaded; %d forecasts, max |rnnc - PyTorch| = %.1e (tolerance %.0e)%n",
        "weather-lstm-torch.safetensors", windows.length, worst, PYTORCH_TOLERANCE);
    WeatherData data = WeatherData.of(SeattleWeather.bundled(), WeatherForecast.DAYS);
    System.out.printf(
        "  its test MAE over 2015 in rnnc: %.2f °C (PyTorch measured %.2f °C)%n",
        data.testMaeCelsius(model.predict(data.testX())), check.get("test_mae_celsius").asDouble());
    return worst <= PYTORCH_TOLERANCE;
  }

  private static boolean toKeras(ExampleOptions options) throws IOException {
    WeatherData data = WeatherData.of(SeattleWeather.bundled(), WeatherForecast.DAYS);
    WeatherForecast.NextDayMax trained = RnncWeatherForecast_NextDayMax.create(42L);
    trained.fit(data.trainX(), data.trainY(), new FitOptions().epochs(10).seed(7).verbose(0));
    Path archive = options.file("weather-trained-in-java.keras");
    KerasWeights.saveKeras(archive, RnncModel.of(trained));
    WeatherForecast.NextDayMax reloaded = RnncWeatherForecast_NextDayMax.load(archive);
    float[][] before = trained.predict(data.testX());
    float[][] after = reloaded.predict(data.testX());
    boolean same = java.util.Arrays.deepEquals(before, after);
    System.out.printf(
        "Java → Keras: trained 10 epochs in Java, wrote %s (%,d bytes); reloaded by rnnc: %s%n",
        archive,
        Files.size(archive),
        same ? "the same forecasts, bit for bit" : "DIFFERENT forecasts");
    System.out.println(
        "  open it in Python: keras.models.load_model(\""
            + archive.getFileName()
            + "\").summary()");
    return same;
  }
}
