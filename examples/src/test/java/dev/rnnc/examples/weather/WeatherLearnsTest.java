package dev.rnnc.examples.weather;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The weather example at a tiny size: a few epochs must cut the training loss by more than half and
 * forecast the test year far better than a model that knows nothing (predicting the training mean,
 * an error of about one standard deviation, ~7 °C).
 */
class WeatherLearnsTest {

  @Test
  void theSplitIsChronologicalAndStandardisedOnTrainingDaysOnly() {
    WeatherData data = WeatherData.of(SeattleWeather.bundled(), WeatherForecast.DAYS);
    assertEquals(1461 - WeatherForecast.DAYS, data.trainX().length + data.testX().length);
    assertEquals(365, data.testX().length); // every day of 2015 is forecast once
    assertEquals(java.time.LocalDate.of(2015, 1, 1), data.testDates().getFirst());
    // the standardised training maxima are centred on the training part, not on 2015's
    double sum = 0;
    int trainOnly = (int) Math.floor(data.trainX().length * (1 - WeatherData.VALIDATION_SPLIT));
    for (int i = 0; i < trainOnly; i++) {
      sum += data.trainY()[i][0];
    }
    assertTrue(Math.abs(sum / trainOnly) < 0.05, "mean " + sum / trainOnly);
  }

  /**
   * The comparison's three cells each learn: after three epochs each forecasts 2015 within 3.5 °C
   * on average, where knowing nothing (the training mean) is off by about 7 °C.
   */
  @Test
  void eachCellOfTheComparisonLearns() {
    WeatherData data = WeatherData.of(SeattleWeather.bundled(), WeatherForecast.DAYS);
    List<RecurrentKinds.Forecaster> models =
        List.of(
            RnncRecurrentKinds_WithSimpleRnn.create(1),
            RnncRecurrentKinds_WithLstm.create(1),
            RnncRecurrentKinds_WithGru.create(1));
    for (RecurrentKinds.Forecaster model : models) {
      model.fit(data.trainX(), data.trainY(), new FitOptions().epochs(3).seed(7).verbose(0));
      double mae = data.testMaeCelsius(model.predict(data.testX()));
      assertTrue(mae < 3.5, model.getClass().getSimpleName() + ": test MAE " + mae + " °C");
    }
  }

  @Test
  void aFewEpochsLearnTheForecast() {
    WeatherData data = WeatherData.of(SeattleWeather.bundled(), WeatherForecast.DAYS);
    WeatherForecast.NextDayMax model = RnncWeatherForecast_NextDayMax.create(42L);
    History history =
        model.fit(
            data.trainX(),
            data.trainY(),
            new FitOptions()
                .epochs(6)
                .validationSplit(WeatherData.VALIDATION_SPLIT)
                .seed(7)
                .verbose(0));
    List<Double> loss = history.get("loss");
    assertTrue(loss.getLast() < loss.getFirst() / 2, "training loss per epoch " + loss);
    double mae = data.testMaeCelsius(model.predict(data.testX()));
    assertTrue(mae < 3.5, "test MAE " + mae + " °C");
  }
}
