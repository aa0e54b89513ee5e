package dev.rnnc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Initializer#keras}: every listed name resolves, and each draws from the distribution Keras
 * 3's initializer of that name draws from (variance, bound), checked on 120,000 seeded samples.
 */
class KerasInitializerTest {
  private static final int[] SHAPE = {400, 300}; // fan_in 400, fan_out 300

  @Test
  void everyListedNameResolves() {
    for (String name : Initializer.KERAS_NAMES.split(",")) {
      float[] values = Initializer.keras(name).values(new int[] {6, 6}, new SplittableRandom(1));
      assertEquals(36, values.length, name);
    }
  }

  @Test
  void anUnknownNameIsRefusedWithTheKnownOnes() {
    var e = assertThrows(IllegalArgumentException.class, () -> Initializer.keras("glorot"));
    assertTrue(
        e.getMessage().contains("\"glorot\"") && e.getMessage().contains("glorot_uniform"),
        e.getMessage());
  }

  /**
   * Variance, and the bound the values stay within (a uniform's limit, a truncated normal's two
   * deviations).
   */
  @ParameterizedTest
  @CsvSource({
    // name,            expected variance,     bound
    "glorot_uniform,    0.0028571428571428571, 0.0925820099772551", // 2/(in+out); √(6/(in+out))
    "glorot_normal,     0.0028571428571428571, 0.1215340814856110", // 2/(in+out); 2·√(2/700)/0.8796
    "he_uniform,        0.005,                 0.1224744871391589", // 2/in; √(6/in)
    "he_normal,         0.005,                 0.1607744777147931", // 2/in; 2·√(2/400)/0.8796
    "lecun_uniform,     0.0025,                0.0866025403784439", // 1/in; √(3/in)
    "lecun_normal,      0.0025,                0.1136847234338557", // 1/in; 2·√(1/400)/0.8796
    "random_uniform,    0.00083333333333333,   0.05", // 0.05²/3
    "truncated_normal,  0.0019343532588748,    0.1", // 0.05²·0.7737 (truncated at 2σ)
  })
  void drawsFromKerasDistribution(String name, double variance, double bound) {
    float[] w = Initializer.keras(name).values(SHAPE, new SplittableRandom(7));
    double sum = 0;
    double squares = 0;
    for (float v : w) {
      assertTrue(Math.abs(v) <= bound + 1e-6, name + ": " + v + " beyond " + bound);
      sum += v;
      squares += (double) v * v;
    }
    double mean = sum / w.length;
    double sampleVariance = squares / w.length - mean * mean;
    assertEquals(0, mean, 5 * Math.sqrt(variance / w.length), name + " mean");
    assertEquals(variance, sampleVariance, 0.03 * variance, name + " variance");
  }

  @Test
  void randomNormalHasKerasDeviationAndNoTruncation() {
    float[] w = Initializer.keras("random_normal").values(SHAPE, new SplittableRandom(8));
    double squares = 0;
    double max = 0;
    for (float v : w) {
      squares += (double) v * v;
      max = Math.max(max, Math.abs(v));
    }
    assertEquals(0.0025, squares / w.length, 0.03 * 0.0025);
    assertTrue(max > 0.1, "tails beyond two deviations, max " + max);
  }

  @Test
  void constantsAndIdentity() {
    assertArrayEquals(
        new float[] {1, 1, 1, 1},
        Initializer.keras("ones").values(new int[] {4}, new SplittableRandom(1)));
    assertArrayEquals(
        new float[4], Initializer.keras("zeros").values(new int[] {2, 2}, new SplittableRandom(1)));
    assertArrayEquals(
        new float[] {1, 0, 0, 0, 1, 0},
        Initializer.keras("identity").values(new int[] {2, 3}, new SplittableRandom(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> Initializer.keras("identity").values(new int[] {4}, new SplittableRandom(1)));
  }

  @Test
  void unitForgetBiasKeepsTheBaseOutsideTheForgetBlock() {
    float[] bias =
        Initializer.unitForgetBias(Initializer.keras("random_uniform"), 3)
            .values(new int[] {12}, new SplittableRandom(4));
    for (int i = 0; i < 12; i++) {
      boolean forget = i >= 3 && i < 6;
      assertTrue(
          forget ? bias[i] == 1f : Math.abs(bias[i]) <= 0.05f && bias[i] != 1f,
          "element " + i + ": " + bias[i]);
    }
  }
}
