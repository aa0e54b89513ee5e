package dev.rnnc.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.runtime.Initializer;
import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.TrainableCell;
import dev.rnnc.runtime.TrainableMultiInputCell;
import dev.rnnc.runtime.Variable;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link CustomCellGradients} joins the variables and gradients of both kinds of trainable cell to
 * the model's own arrays, in order, and refuses anything else.
 */
class CustomCellGradientsTest {

  /** A vector variable of {@code units} values (its storage padded). */
  private static Variable variable(String name, int units) {
    PackedLayout layout = PackedLayout.vector(units, 0);
    return new Variable(name, layout, new float[layout.packedSize()], Initializer.uniform(0.05));
  }

  private static float[] gradient(int units) {
    return new float[PackedLayout.vector(units, 0).packedSize()];
  }

  /** A one-input cell with one variable. */
  private record One(Variable kernel, float[] dKernel) implements TrainableCell {
    @Override
    public List<Variable> variables() {
      return List.of(kernel);
    }

    @Override
    public List<float[]> gradients() {
      return List.of(dKernel);
    }

    @Override
    public void step(float[] input, int offset, float[][] states, float[] output) {}

    @Override
    public void backward(
        float[] input,
        int offset,
        float[][] states,
        float[] dOutput,
        float[][] dStates,
        float[] dInput,
        int dInputOffset) {}
  }

  /** A two-input cell with two variables. */
  private record Two(Variable a, Variable b, float[] dA, float[] dB)
      implements TrainableMultiInputCell {
    @Override
    public List<Variable> variables() {
      return List.of(a, b);
    }

    @Override
    public List<float[]> gradients() {
      return List.of(dA, dB);
    }

    @Override
    public void step(float[][] inputs, int[] offsets, float[][] states, float[] output) {}

    @Override
    public void backward(
        float[][] inputs,
        int[] offsets,
        float[][] states,
        float[] dOutput,
        float[][] dStates,
        float[][] dInputs,
        int[] dInputOffsets) {}
  }

  @Test
  void joinsBothKindsOfCellAfterTheModelsOwnArrays() {
    float[] own = new float[3];
    float[] dOwn = new float[3];
    One one = new One(variable("kernel", 8), gradient(8));
    Two two =
        new Two(variable("kernel_1", 8), variable("kernel_2_3", 40), gradient(8), gradient(40));
    float[][] parameters = CustomCellGradients.parameters(new float[][] {own}, one, two);
    float[][] gradients = CustomCellGradients.gradients(new float[][] {dOwn}, one, two);
    assertArrayEquals(
        new float[][] {own, one.kernel().storage(), two.a().storage(), two.b().storage()},
        parameters);
    assertSame(one.kernel().storage(), parameters[1]);
    assertSame(two.b().storage(), parameters[3]);
    assertSame(dOwn, gradients[0]);
    assertSame(one.dKernel(), gradients[1]);
    assertSame(two.dA(), gradients[2]);
    assertSame(two.dB(), gradients[3]);
  }

  @Test
  void checksAMultiInputCellsGradientsAgainstItsVariables() {
    Two wrong =
        new Two(variable("kernel_1", 8), variable("kernel_2_3", 40), gradient(8), gradient(8));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> CustomCellGradients.gradients(new float[0][], wrong));
    assertTrue(
        e.getMessage().contains("variable kernel_2_3's storage has " + gradient(40).length),
        e.getMessage());
  }

  @Test
  void refusesAnObjectThatIsNoTrainableCell() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CustomCellGradients.parameters(new float[0][], "not a cell"));
    assertTrue(
        e.getMessage().contains("java.lang.String is neither a TrainableCell"), e.getMessage());
  }
}
