package dev.rnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rows of different widths per sample (PyTorch's h_n of an @RNN whose cells differ in width):
 * targets checked per row, each row's loss over its own width, rows the widest apart, and the
 * padding lanes' gradient zero.
 */
class RaggedOutputLayoutTest {
  private static final OutputLayout LAYOUT = OutputLayout.ragged(3, 2); // rows 3 apart

  @Test
  void eachRowIsCheckedAgainstItsOwnWidth() {
    TrainingOutput out =
        new TrainingOutput(new MeanSquaredError(), List.of(), LAYOUT, false, "y.encoderHN()");
    out.check(1, new float[][][] {{{1, 2, 3}, {4, 5}}});
    IllegalArgumentException wide =
        assertThrows(
            IllegalArgumentException.class,
            () -> out.check(1, new float[][][] {{{1, 2, 3}, {4, 5, 6}}}));
    assertTrue(
        wide.getMessage().contains("y.encoderHN()[0][1] has 3 values, expected 2"),
        wide.getMessage());
    IllegalArgumentException flat =
        assertThrows(IllegalArgumentException.class, () -> out.check(1, new float[][] {{1}}));
    assertTrue(flat.getMessage().contains("float[][][]"), flat.getMessage());
  }

  @Test
  void theLossIsTheMeanOfTheRowsLosses() {
    TrainingOutput out = new TrainingOutput(new MeanSquaredError(), List.of(), LAYOUT, false);
    out.gather(new float[][][] {{{0, 0, 0}, {0, 0}}}, new int[] {0}, 0, 1, null);
    // row 0: 1, 2, 3; row 1: 4, 6, then a padding lane whose value must not count
    float[] predictions = {1, 2, 3, 4, 6, 100};
    double loss = out.compute(1, predictions, null, null, true);
    double row0 = (1 + 4 + 9) / 3.0;
    double row1 = (16 + 36) / 2.0;
    assertEquals((row0 + row1) / 2, loss, 1e-6);
    float[] gradient = out.gradient();
    assertEquals(2 * 1 / 3.0 / 2, gradient[0], 1e-6, "row 0: 2·(p - y)/3, over 2 rows");
    assertEquals(2 * 4 / 2.0 / 2, gradient[3], 1e-6, "row 1: 2·(p - y)/2, over 2 rows");
    assertEquals(0f, gradient[5], "padding lane");
  }

  @Test
  void labelsAreCheckedAgainstTheirOwnRowsWidth() {
    TrainingOutput out =
        new TrainingOutput(
            new SparseCategoricalCrossentropy(true), List.of(), LAYOUT, false, "y.encoderHN()");
    out.check(1, new int[][] {{2, 1}});
    IllegalArgumentException narrow =
        assertThrows(IllegalArgumentException.class, () -> out.check(1, new int[][] {{2, 2}}));
    assertTrue(
        narrow.getMessage().contains("label y.encoderHN()[0][1] = 2 is out of range [0, 2)"),
        narrow.getMessage());
  }

  @Test
  void sparseCrossEntropyIsTheMeanOfTheRowsOverTheirOwnWidths() {
    SparseCategoricalAccuracy accuracy = new SparseCategoricalAccuracy();
    TrainingOutput out =
        new TrainingOutput(
            new SparseCategoricalCrossentropy(true), List.of(accuracy), LAYOUT, false);
    out.gather(new int[][] {{2, 0}}, new int[] {0}, 0, 1, null);
    // row 0: logits of 3 classes; row 1: of 2, then a padding lane that would win the softmax and
    // the argmax if it were read
    float[] logits = {0.5f, -1f, 2f, 1f, 3f, 100f};
    double loss = out.compute(1, logits, null, null, true);

    double[] row0 = {0.5, -1, 2};
    double[] row1 = {1, 3};
    double expected = ((logSumExp(row0) - row0[2]) + (logSumExp(row1) - row1[0])) / 2;
    assertEquals(expected, loss, 1e-6);
    float[] gradient = out.gradient();
    for (int c = 0; c < 3; c++) {
      double softmax = Math.exp(row0[c] - logSumExp(row0));
      assertEquals((softmax - (c == 2 ? 1 : 0)) / 2, gradient[c], 1e-6, "row 0, class " + c);
    }
    for (int c = 0; c < 2; c++) {
      double softmax = Math.exp(row1[c] - logSumExp(row1));
      assertEquals((softmax - (c == 0 ? 1 : 0)) / 2, gradient[3 + c], 1e-6, "row 1, class " + c);
    }
    assertEquals(0f, gradient[5], "padding lane");
    // row 0's argmax is its label 2, row 1's is class 1 (not its label 0, nor the padding lane)
    assertEquals(0.5, accuracy.result(), 1e-12);
  }

  private static double logSumExp(double[] row) {
    double max = java.util.Arrays.stream(row).max().orElseThrow();
    return max + Math.log(java.util.Arrays.stream(row).map(v -> Math.exp(v - max)).sum());
  }

  @Test
  void widthsMustFitTheRows() {
    assertThrows(IllegalArgumentException.class, () -> new OutputLayout(2, 3, 3, new int[] {2, 2}));
    assertThrows(IllegalArgumentException.class, () -> new OutputLayout(2, 3, 3, new int[] {3}));
  }
}
