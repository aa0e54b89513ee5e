package dev.rnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.runtime.Variable;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The gradient check passes a correct backward step and names what a wrong one gets wrong. */
class GradientCheckTest {

  private static GradientCheck.Report check(TanhCell.Bug bug, long seed) {
    return GradientCheck.of(() -> new TanhCell(3, 5, bug))
        .inputSize(3)
        .stateSizes(5, 5)
        .outputSize(5)
        .seed(seed)
        .timesteps(4)
        .run();
  }

  @Test
  void aCorrectBackwardPasses() {
    for (long seed = 1; seed <= 5; seed++) {
      GradientCheck.Report report = check(TanhCell.Bug.NONE, seed);
      report.assertPassed();
      for (GradientCheck.Entry entry : report.entries()) {
        assertTrue(entry.worstError() < 2e-3, entry.toString()); // five times inside the tolerance
      }
      assertEquals(
          List.of("kernel", "recurrent_kernel", "bias", "input", "state0", "state1"),
          report.entries().stream().map(GradientCheck.Entry::name).toList());
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = TanhCell.Bug.class,
      names = {"NONE"},
      mode = EnumSource.Mode.EXCLUDE)
  void aWrongBackwardFailsNamingTheVariable(TanhCell.Bug bug) {
    GradientCheck.Report report = check(bug, 1);
    assertFalse(report.passed());
    List<String> failed = report.failures().stream().map(GradientCheck.Entry::name).toList();
    String expected =
        switch (bug) {
          case RECURRENT_KERNEL_FROM_INPUT -> "recurrent_kernel";
          case NO_TANH_DERIVATIVE -> "kernel";
          case STATES_NOT_PROPAGATED -> "state0";
          case BIAS_TWICE -> "bias";
          case NONE -> throw new AssertionError();
        };
    assertTrue(failed.contains(expected), bug + ": " + failed);
    AssertionError error = assertThrows(AssertionError.class, report::assertPassed);
    assertTrue(error.getMessage().contains("FAILED ("), error.getMessage());
    assertTrue(error.getMessage().contains(expected), error.getMessage());
    if (bug == TanhCell.Bug.BIAS_TWICE) { // only the bias is wrong
      assertEquals(List.of("bias"), failed);
    }
  }

  @Test
  void gradientsThatDoNotMatchTheVariablesAreRefused() {
    TanhCell cell = new TanhCell(2, 3, TanhCell.Bug.NONE);
    var wrong =
        new dev.rnnc.runtime.TrainableCell() {
          @Override
          public List<Variable> variables() {
            return cell.variables();
          }

          @Override
          public List<float[]> gradients() {
            return cell.gradients().subList(0, 2);
          }

          @Override
          public void step(float[] input, int offset, float[][] states, float[] output) {
            cell.step(input, offset, states, output);
          }

          @Override
          public void backward(
              float[] input,
              int inputOffset,
              float[][] states,
              float[] dOutput,
              float[][] dStates,
              float[] dInput,
              int dInputOffset) {}
        };
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> GradientCheck.of(() -> wrong).inputSize(2).stateSizes(3, 3).outputSize(3).run());
    assertTrue(e.getMessage().contains("2 arrays for 3 variables"), e.getMessage());
  }

  @Test
  void sizesAreRequired() {
    assertThrows(
        IllegalStateException.class,
        () -> GradientCheck.of(() -> new TanhCell(2, 3, TanhCell.Bug.NONE)).run());
    assertThrows(
        IllegalArgumentException.class,
        () -> GradientCheck.of(() -> new TanhCell(2, 3, TanhCell.Bug.NONE)).stateSizes(0));
  }
}
