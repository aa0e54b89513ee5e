package dev.rnnc.examples.cells;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.examples.weather.SeattleWeather;
import dev.rnnc.examples.weather.WeatherData;
import dev.rnnc.examples.weather.WeatherForecast;
import dev.rnnc.runtime.train.FitOptions;
import org.junit.jupiter.api.Test;

/**
 * The custom-cell example's model learns: after five epochs the guide's minimal cell forecasts 2015
 * within 3.5 °C on average, where knowing nothing (the training mean) is off by about 7 °C.
 */
class CustomCellsTest {

  @Test
  void aModelOfTheMinimalCellLearnsTheForecast() {
    WeatherData data = WeatherData.of(SeattleWeather.bundled(), WeatherForecast.DAYS);
    CustomCells.MinimalForecaster model = RnncCustomCells_MinimalForecaster.create(42L);
    model.fit(data.trainX(), data.trainY(), new FitOptions().epochs(5).seed(7).verbose(0));
    double mae = data.testMaeCelsius(model.predict(data.testX()));
    assertTrue(mae < 3.5, "test MAE " + mae + " °C");
  }
}
