package dev.rnnc.examples.weather;

import java.util.List;

/**
 * Per-feature standardisation, {@code (v - mean) / std}, fitted on the training days only so that
 * nothing about the validation or test period leaks into the inputs (as the Keras weather tutorial
 * does).
 */
public final class Standardizer {
  private final float[] mean;
  private final float[] std;

  private Standardizer(float[] mean, float[] std) {
    this.mean = mean;
    this.std = std;
  }

  /** The mean and (population) standard deviation of each feature over {@code days}. */
  public static Standardizer fit(List<SeattleWeather.Day> days) {
    int n = SeattleWeather.FEATURES.size();
    double[] sum = new double[n];
    double[] squares = new double[n];
    for (SeattleWeather.Day day : days) {
      float[] f = day.features();
      for (int i = 0; i < n; i++) {
        sum[i] += f[i];
        squares[i] += (double) f[i] * f[i];
      }
    }
    float[] mean = new float[n];
    float[] std = new float[n];
    for (int i = 0; i < n; i++) {
      double m = sum[i] / days.size();
      mean[i] = (float) m;
      // a constant feature would divide by zero: leave it centred, unscaled
      double variance = squares[i] / days.size() - m * m;
      std[i] = variance > 1e-12 ? (float) Math.sqrt(variance) : 1f;
    }
    return new Standardizer(mean, std);
  }

  /** A day's features, standardised. */
  public float[] apply(SeattleWeather.Day day) {
    float[] f = day.features();
    for (int i = 0; i < f.length; i++) {
      f[i] = (f[i] - mean[i]) / std[i];
    }
    return f;
  }

  /** Feature {@code index}'s value, standardised. */
  public float scale(int index, float value) {
    return (value - mean[index]) / std[index];
  }

  /** Feature {@code index}'s value back in its unit (°C for the temperatures). */
  public float unscale(int index, float value) {
    return value * std[index] + mean[index];
  }

  /** How many units one standard deviation of feature {@code index} is. */
  public float std(int index) {
    return std[index];
  }
}
