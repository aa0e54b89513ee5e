package dev.rnnc.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The baseline computes the same function as the generated model, so the ratio compares like with like. */
class ScalarM1Test {
  @Test
  void scalarBaselineAgreesWithGeneratedModel() {
    RnncM1 rnnc = RnncM1.create(3);
    ScalarM1 scalar = new ScalarM1(rnnc);
    SplittableRandom random = new SplittableRandom(11);
    for (int sample = 0; sample < 5; sample++) {
      float[][] window = new float[30][1];
      for (float[] step : window) {
        step[0] = (float) random.nextDouble(-2, 2);
      }
      float[] expected = scalar.predict(window, new float[1]);
      float[] actual = new float[1];
      rnnc.predictInto(window, actual);
      assertEquals(expected[0], actual[0], 1e-5, "sample " + sample);
    }
  }
}
