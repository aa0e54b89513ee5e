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
  void widthsMustFitTheRows() {
    assertThrows(IllegalArgumentException.class, () -> new OutputLayout(2, 3, 3, new int[] {2, 2}));
    assertThrows(IllegalArgumentException.class, () -> new OutputLayout(2, 3, 3, new int[] {3}));
  }
}
