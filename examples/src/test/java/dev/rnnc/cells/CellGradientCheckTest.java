package dev.rnnc.cells;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.runtime.TrainableCell;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.train.GradientCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guide's cells' backward steps against finite differences of their forward steps. */
class CellGradientCheckTest {

  @Test
  void minimalRnnCell() {
    for (long seed = 1; seed <= 3; seed++) {
      GradientCheck.of(() -> new MinimalRnnCell(3, 5))
          .inputSize(3)
          .stateSizes(5)
          .outputSize(5)
          .seed(seed)
          .timesteps(4)
          .run()
          .assertPassed();
    }
  }

  @Test
  void minimalRnnCellWiderThanAVector() {
    GradientCheck.of(() -> new MinimalRnnCell(17, 20))
        .inputSize(17)
        .stateSizes(20)
        .outputSize(20)
        .run()
        .assertPassed();
  }

  @Test
  void doubledTanhCell() {
    for (long seed = 1; seed <= 3; seed++) {
      GradientCheck.of(() -> new DoubledTanhCell(3, 5))
          .inputSize(3)
          .stateSizes(5)
          .outputSize(5)
          .seed(seed)
          .timesteps(4)
          .run()
          .assertPassed();
    }
  }

  @Test
  void nestedCell() {
    for (long seed = 1; seed <= 3; seed++) {
      GradientCheck.ofMultiInput(
              () -> new NestedCell(new int[] {3, NestedCell.I2 * NestedCell.I3}, NestedCell.UNIT_1))
          .inputSizes(3, NestedCell.I2 * NestedCell.I3)
          .stateSizes(NestedCell.UNIT_1, NestedCell.UNIT_2 * NestedCell.UNIT_3)
          .outputSize(NestedCell.UNIT_1 + NestedCell.UNIT_2 * NestedCell.UNIT_3)
          .seed(seed)
          .run()
          .assertPassed();
    }
  }

  @Test
  void twoInputMinimalCell() {
    for (long seed = 1; seed <= 3; seed++) {
      GradientCheck.ofMultiInput(() -> new TwoInputMinimalCell(new int[] {3, 17}, 5))
          .inputSizes(3, 17)
          .stateSizes(5)
          .outputSize(5)
          .seed(seed)
          .run()
          .assertPassed();
    }
  }

  /** MinimalRnnCell whose backward forgets that the output is also the new state. */
  @Test
  void aWrongMinimalRnnCellFails() {
    MinimalRnnCell right = new MinimalRnnCell(3, 5);
    float[][] zero = {new float[5]};
    TrainableCell wrong =
        new TrainableCell() {
          @Override
          public List<Variable> variables() {
            return right.variables();
          }

          @Override
          public List<float[]> gradients() {
            return right.gradients();
          }

          @Override
          public void step(float[] input, int offset, float[][] states, float[] output) {
            right.step(input, offset, states, output);
          }

          @Override
          public void backward(
              float[] input,
              int inputOffset,
              float[][] states,
              float[] dOutput,
              float[][] dStates,
              float[] dInput,
              int dInputOffset) {
            java.util.Arrays.fill(zero[0], 0f);
            right.backward(input, inputOffset, states, dOutput, zero, dInput, dInputOffset);
            System.arraycopy(zero[0], 0, dStates[0], 0, 5);
          }
        };
    GradientCheck.Report report =
        GradientCheck.of(() -> wrong).inputSize(3).stateSizes(5).outputSize(5).timesteps(4).run();
    assertFalse(report.passed(), report.toString());
    assertTrue(report.toString().contains("recurrent_kernel"), report.toString());
    assertTrue(
        report.failures().stream().anyMatch(e -> e.name().equals("recurrent_kernel")),
        report.toString());
  }
}
