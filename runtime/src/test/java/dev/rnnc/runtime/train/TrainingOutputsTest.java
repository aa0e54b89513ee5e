package dev.rnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The outputs of a model with several: the weighted sum, each output's gradient scaled by its
 * weight, the {@code <output>_loss} entries as Keras 3.15 on TensorFlow logs them.
 */
class TrainingOutputsTest {
  private static final OutputLayout LAYOUT = OutputLayout.of(2);

  private static TrainingOutput mse(String target) {
    return new TrainingOutput(new MeanSquaredError(), List.of(), LAYOUT, false, target);
  }

  @Test
  void theLossIsTheWeightedSumAndEachGradientIsScaledByItsWeight() {
    TrainingOutput a = mse("y.a()");
    TrainingOutput b = mse("y.b()");
    TrainingOutputs outputs =
        new TrainingOutputs(List.of("a", "b"), List.of(a, b), new double[] {1, 0.25});
    float[][] targets = {{1, 2}, {0, 0}};
    int[] order = {0, 1};
    a.gather(targets, order, 0, 2, null);
    b.gather(targets, order, 0, 2, null);
    float[] predictions = {0, 0, 1, 1};
    double la = a.compute(2, predictions, null, null, true);
    double lb = b.compute(2, predictions, null, null, true);
    float[] unweighted = b.gradient().clone();
    double total = outputs.add(0, la, 2, true) + outputs.add(1, lb, 2, true);
    assertEquals(la + 0.25 * lb, total, 1e-12);
    for (int i = 0; i < 4; i++) {
      assertEquals(0.25f * unweighted[i], b.gradient()[i], 0f, "gradient " + i);
    }
  }

  /**
   * Keras on TensorFlow updates each {@code <output>_loss} mean with the batch's value and weight
   * {@code y_pred.shape[0]}, None in its compiled step: every batch counts once.
   */
  @Test
  void eachOutputsLossEntryIsThePlainMeanOfTheBatchValues() {
    TrainingOutputs outputs =
        new TrainingOutputs(
            List.of("a", "b"), List.of(mse("y.a()"), mse("y.b()")), new double[] {1, 1});
    outputs.add(0, 1.0, 8, false);
    outputs.add(0, 4.0, 2, false);
    Metric a = outputs.metrics().getFirst();
    assertEquals("a_loss", a.name());
    assertEquals(2.5, a.result(), 1e-12);
  }

  @Test
  void namesFollowKeras() {
    TrainingOutputs one =
        new TrainingOutputs(List.of("a"), List.of(mse("y.a()")), new double[] {1});
    assertEquals(List.of(), one.metrics(), "one output logs no <output>_loss");
    // both directions of a mergeMode "none" layer carry its name: one entry, the later output's
    TrainingOutputs directions =
        new TrainingOutputs(
            List.of("head", "encoder", "encoder"),
            List.of(mse("y.head()"), mse("y.encoderForward()"), mse("y.encoderBackward()")),
            new double[] {1, 1, 1});
    assertArrayEquals(
        new String[] {"head_loss", "encoder_loss"},
        directions.metrics().stream().map(Metric::name).toArray(String[]::new));
    directions.add(1, 1.0, 4, false);
    directions.add(2, 3.0, 4, false);
    assertEquals(3.0, directions.metrics().get(1).result(), 1e-12);
  }

  @Test
  void aTargetBatchOfAnotherSizeIsNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> mse("y.score()").check(3, new float[2][2]));
    assertEquals("y.score() has 2 samples, x has 3: they must match", e.getMessage());
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class, () -> mse("y.score()").check(3, (float[][]) null));
    assertEquals("y.score() is null; it must hold the targets", missing.getMessage());
  }
}
