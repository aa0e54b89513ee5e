package dev.rnnc.examples.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rnnc.examples.weather.RnncWeatherForecast_NextDayMax;
import dev.rnnc.examples.weather.SeattleWeather;
import dev.rnnc.examples.weather.WeatherData;
import dev.rnnc.examples.weather.WeatherForecast;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.train.FitOptions;
import org.junit.jupiter.api.Test;

/**
 * The streaming example's premise: weights trained on windows, copied into the stateful twin, give
 * the windowed model's forecast when the twin reads the same fourteen days one at a time from reset
 * states.
 */
class StreamingTwinTest {

  @Test
  void theStatefulTwinReadingAWindowDayByDayForecastsWhatTheWindowedModelDoes() {
    WeatherData data = WeatherData.of(SeattleWeather.bundled(), WeatherForecast.DAYS);
    WeatherForecast.NextDayMax trained = RnncWeatherForecast_NextDayMax.create(42L);
    trained.fit(data.trainX(), data.trainY(), new FitOptions().epochs(2).seed(7).verbose(0));
    WeatherStream.Streaming twin = RnncWeatherStream_Streaming.create(0L);
    RnncModel.of(twin).setWeights(RnncModel.of(trained).getWeights());

    float[][] windowed = trained.predict(data.testX());
    float[] forecast = new float[1];
    for (int w = 0; w < data.testX().length; w += 50) {
      twin.resetStates();
      for (float[] day : data.testX()[w]) {
        twin.stepInto(day, forecast);
      }
      assertEquals(windowed[w][0], forecast[0], 1e-5, "window " + w);
    }
  }
}
