package dev.rnnc.examples.weather;

import java.time.LocalDate;
import java.util.List;

/**
 * The forecasting task on the Seattle observations, split chronologically: windows of the past
 * {@code days} days (all four features, standardised) whose next day falls before 2015 train the
 * models — the last {@link #VALIDATION_SPLIT} of them, the most recent, validate (Keras' {@code
 * validation_split} takes the last fraction) — and the windows that forecast a day of 2015 test
 * them. The target is the next day's maximum temperature, standardised like the input's.
 *
 * @param trainX training and validation windows, oldest first: {@code [n][days][4]}
 * @param trainY their targets, {@code [n][1]}
 * @param testX the test windows (targets in 2015)
 * @param testY their targets
 * @param testDates the day each test window forecasts
 * @param scale the standardisation, fitted on the training windows' days only
 */
public record WeatherData(
    float[][][] trainX,
    float[][] trainY,
    float[][][] testX,
    float[][] testY,
    List<LocalDate> testDates,
    Standardizer scale) {

  /** The fraction of the training windows (the most recent) that validates. */
  public static final double VALIDATION_SPLIT = 0.2;

  /** The index of the maximum temperature among the features. */
  public static final int TEMP_MAX = SeattleWeather.FEATURES.indexOf("temp_max");

  private static final LocalDate TEST_START = LocalDate.of(2015, 1, 1);

  /** Windows of {@code days} days over {@code observations}. */
  public static WeatherData of(List<SeattleWeather.Day> observations, int days) {
    int windows = observations.size() - days;
    int firstTest = 0;
    while (firstTest < windows && observations.get(firstTest + days).date().isBefore(TEST_START)) {
      firstTest++;
    }
    if (firstTest == 0 || firstTest == windows) {
      throw new IllegalArgumentException(
          "expected observations before and during 2015, found "
              + observations.getFirst().date()
              + " to "
              + observations.getLast().date());
    }
    int trainOnly = (int) Math.floor(firstTest * (1 - VALIDATION_SPLIT));
    // fit on the days the training windows read and predict, not on validation or test days
    Standardizer scale = Standardizer.fit(observations.subList(0, trainOnly + days));
    float[][] standardised = new float[observations.size()][];
    for (int i = 0; i < standardised.length; i++) {
      standardised[i] = scale.apply(observations.get(i));
    }
    float[][][] trainX = new float[firstTest][][];
    float[][] trainY = new float[firstTest][];
    float[][][] testX = new float[windows - firstTest][][];
    float[][] testY = new float[windows - firstTest][];
    LocalDate[] testDates = new LocalDate[windows - firstTest];
    for (int w = 0; w < windows; w++) {
      float[][] x = new float[days][];
      for (int t = 0; t < days; t++) {
        x[t] = standardised[w + t].clone();
      }
      float[] y = {standardised[w + days][TEMP_MAX]};
      if (w < firstTest) {
        trainX[w] = x;
        trainY[w] = y;
      } else {
        testX[w - firstTest] = x;
        testY[w - firstTest] = y;
        testDates[w - firstTest] = observations.get(w + days).date();
      }
    }
    return new WeatherData(trainX, trainY, testX, testY, List.of(testDates), scale);
  }

  /** A standardised maximum temperature in °C. */
  public float celsius(float standardised) {
    return scale.unscale(TEMP_MAX, standardised);
  }

  /** The mean absolute error in °C of standardised forecasts against the test targets. */
  public double testMaeCelsius(float[][] forecasts) {
    double sum = 0;
    for (int i = 0; i < testY.length; i++) {
      sum += Math.abs(forecasts[i][0] - testY[i][0]);
    }
    return sum / testY.length * scale.std(TEMP_MAX);
  }

  /**
   * Naive baseline: tomorrow's maximum is today's (standardised forecasts for the test windows).
   */
  public float[][] persistenceForecasts() {
    float[][] out = new float[testX.length][];
    for (int i = 0; i < testX.length; i++) {
      out[i] = new float[] {testX[i][testX[i].length - 1][TEMP_MAX]};
    }
    return out;
  }

  /** Naive baseline: tomorrow's maximum is the mean of the last seven days' maxima. */
  public float[][] lastWeekMeanForecasts() {
    float[][] out = new float[testX.length][];
    for (int i = 0; i < testX.length; i++) {
      float[][] x = testX[i];
      int from = Math.max(0, x.length - 7);
      float sum = 0;
      for (int t = from; t < x.length; t++) {
        sum += x[t][TEMP_MAX];
      }
      out[i] = new float[] {sum / (x.length - from)};
    }
    return out;
  }
}
