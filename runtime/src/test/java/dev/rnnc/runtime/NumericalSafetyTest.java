package dev.rnnc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.runtime.simd.Activation;
import dev.rnnc.runtime.simd.Kernels;
import dev.rnnc.runtime.train.BinaryCrossentropy;
import dev.rnnc.runtime.train.CategoricalCrossentropy;
import dev.rnnc.runtime.train.Loss;
import dev.rnnc.runtime.train.OutputLayout;
import dev.rnnc.runtime.train.SparseCategoricalCrossentropy;
import org.junit.jupiter.api.Test;

/**
 * Activations and losses stay finite, and saturate where the math saturates, at extreme inputs:
 * ±100, ±1e4, ±3e38, subnormals and signed zeros. (A NaN input stays NaN: the call boundary refuses
 * NaN inputs before any kernel, see {@code nn/Inputs}.)
 */
class NumericalSafetyTest {
  private static final float[] EXTREMES = {
    100f, -100f, 1e4f, -1e4f, 3e38f, -3e38f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-40f, 0f, -0f
  };

  @Test
  void everyActivationIsFiniteAtExtremeInputs() {
    for (Activation activation : Activation.values()) {
      float[] values = new float[32]; // two 16-lane blocks: the vector and the scalar tail paths
      System.arraycopy(EXTREMES, 0, values, 0, EXTREMES.length);
      System.arraycopy(EXTREMES, 0, values, 16, EXTREMES.length);
      float[] inputs = values.clone();
      Kernels.activate(activation, values, 0, 27);
      for (int i = 0; i < 27; i++) {
        boolean unbounded =
            activation == Activation.LINEAR
                || activation == Activation.RELU
                || activation == Activation.ELU
                || activation == Activation.SELU
                || activation == Activation.GELU
                || activation == Activation.SWISH
                || activation == Activation.SOFTPLUS;
        assertTrue(
            Float.isFinite(values[i]) || unbounded && Float.isInfinite(values[i]),
            activation + " of " + inputs[i] + " gave " + values[i]);
        assertTrue(!Float.isNaN(values[i]), activation + " of " + inputs[i] + " gave NaN");
      }
    }
  }

  @Test
  void saturatingActivationsSaturate() {
    float[] values = {1e4f, -1e4f};
    Kernels.activate(Activation.SIGMOID, values, 0, 2);
    assertEquals(1f, values[0]);
    assertEquals(0f, values[1]);
    values = new float[] {1e4f, -1e4f};
    Kernels.activate(Activation.TANH, values, 0, 2);
    assertEquals(1f, values[0]);
    assertEquals(-1f, values[1]);
  }

  @Test
  void softmaxOfHugeLogitsIsADistribution() {
    float[] logits = {1e4f, -1e4f, 3e38f, 0f};
    Kernels.softmax(logits, 0, 4);
    double sum = 0;
    for (float p : logits) {
      assertTrue(Float.isFinite(p) && p >= 0 && p <= 1, "probability " + p);
      sum += p;
    }
    assertEquals(1.0, sum, 1e-6);
  }

  @Test
  void crossEntropiesStayFiniteAtCertainAndHugeInputs() {
    // probabilities 0 and 1 against the wrong labels: Keras clips by 1e-7, so the loss is finite
    assertFinite(
        new BinaryCrossentropy(),
        OutputLayout.of(1),
        new float[] {1f, 0f},
        new float[] {0f, 1f},
        2);
    // logits of ±1e4 against the wrong labels
    assertFinite(
        new BinaryCrossentropy(true),
        OutputLayout.of(1),
        new float[] {1f, 0f},
        new float[] {-1e4f, 1e4f},
        2);
    assertFinite(
        new CategoricalCrossentropy(true),
        OutputLayout.of(2),
        new float[] {1f, 0f},
        new float[] {-1e4f, 1e4f},
        1);
    assertFinite(
        new SparseCategoricalCrossentropy(true),
        OutputLayout.of(2),
        new float[] {0f},
        new float[] {-1e4f, 1e4f},
        1);
  }

  private static void assertFinite(
      Loss loss, OutputLayout layout, float[] yTrue, float[] yPred, int samples) {
    float[] gradient = new float[yPred.length];
    double value = loss.compute(layout, samples, yTrue, yPred, null, null, gradient);
    assertTrue(Double.isFinite(value), loss + " gave " + value);
    for (float g : gradient) {
      assertTrue(Float.isFinite(g), loss + " gradient " + g);
    }
  }
}
