package com.example;

import java.util.Random;

/** A small seeded data set: target = mean of the first feature over the window. */
final class Data {
  private Data() {}

  static float[][][] windows(int n) {
    Random random = new Random(7);
    float[][][] x = new float[n][5][2];
    for (float[][] window : x) {
      for (float[] step : window) {
        step[0] = (float) random.nextGaussian();
        step[1] = (float) random.nextGaussian();
      }
    }
    return x;
  }

  static float[][] targets(float[][][] x) {
    float[][] y = new float[x.length][1];
    for (int i = 0; i < x.length; i++) {
      for (float[] step : x[i]) {
        y[i][0] += step[0] / x[i].length;
      }
    }
    return y;
  }
}
