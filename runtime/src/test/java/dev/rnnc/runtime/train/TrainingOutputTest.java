package dev.rnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Class labels per timestep of a sequence output: checked, gathered in the order given. */
class TrainingOutputTest {
  private static final OutputLayout LAYOUT = new OutputLayout(2, 3, 4); // 2 timesteps, 3 classes

  private static TrainingOutput output() {
    return new TrainingOutput(new SparseCategoricalCrossentropy(), List.of(), LAYOUT, true);
  }

  @Test
  void labelsPerTimestepAreChecked() {
    TrainingOutput out = output();
    out.check(2, new int[][] {{0, 2}, {1, 1}});
    IllegalArgumentException samples =
        assertThrows(IllegalArgumentException.class, () -> out.check(3, new int[][] {{0, 2}}));
    assertTrue(samples.getMessage().contains("y has 1 samples, x has 3"), samples.getMessage());
    IllegalArgumentException length =
        assertThrows(IllegalArgumentException.class, () -> out.check(1, new int[][] {{0}}));
    assertTrue(length.getMessage().contains("expected 2 (one per timestep)"), length.getMessage());
    IllegalArgumentException range =
        assertThrows(IllegalArgumentException.class, () -> out.check(1, new int[][] {{0, 3}}));
    assertTrue(range.getMessage().contains("y[0][1] = 3"), range.getMessage());
  }

  @Test
  void labelsPerTimestepGiveTheLossOfTheirRows() {
    // logits of batch order {1, 0}: sample 1's two rows, then sample 0's; stride 4
    float[] logits = {
      1, 0, 0, 0,
      0, 2, 0, 0,
      0, 0, 3, 0,
      1, 1, 1, 0
    };
    int[][] labels = {{2, 0}, {0, 1}};
    TrainingOutput out = output();
    out.gather(labels, new int[] {1, 0}, 0, 2, null);
    double loss = out.compute(2, logits, logits, null, true);
    double expected =
        (rowLoss(logits, 0, 0)
                + rowLoss(logits, 4, 1)
                + rowLoss(logits, 8, 2)
                + rowLoss(logits, 12, 0))
            / 4;
    assertEquals(expected, loss, 1e-6);
    float[] gradient = out.gradient();
    double softmax0 = Math.exp(1) / (Math.exp(1) + 2);
    assertEquals((softmax0 - 1) / 4, gradient[0], 1e-6, "row 0's label class");
    assertArrayEquals(new float[] {0f}, new float[] {gradient[3]}, "padding lane");
  }

  /** logSumExp(x) - x[label] over the row's 3 classes. */
  private static double rowLoss(float[] x, int offset, int label) {
    double sum = 0;
    for (int c = 0; c < 3; c++) {
      sum += Math.exp(x[offset + c]);
    }
    return Math.log(sum) - x[offset + label];
  }
}
