package dev.rnnc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keras' get_weights/set_weights on a model: order, packed layouts, all-or-nothing refusal. */
class GetSetWeightsTest {

  private static TestModel model() {
    return new TestModel("m").lstm("lstm", 3, 5).dense("head", 5, 2);
  }

  @Test
  void copiesEveryVariableInKerasLayoutAndOrder() {
    TestModel from = model();
    from.initialize(1);
    TestModel to = model();
    to.initialize(2);
    to.setWeights(from.getWeights());
    List<float[]> expected = from.getWeights();
    List<float[]> actual = to.getWeights();
    assertEquals(5, actual.size()); // kernel, recurrent_kernel, bias; kernel, bias
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i));
    }
    // Keras layout: the LSTM kernel is (3, 4 * 5) row-major, whatever the packing
    assertEquals(3 * 20, actual.getFirst().length);
    assertArrayEquals(
        from.layers().getFirst().kernel().get(), to.layers().getFirst().kernel().get());
  }

  @Test
  void aWrongCountChangesNothing() {
    TestModel to = model();
    to.initialize(2);
    List<float[]> before = to.getWeights();
    List<float[]> weights = new ArrayList<>(model().getWeights());
    weights.removeLast();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> to.setWeights(weights));
    assertEquals("m has 5 weight arrays, got 4", e.getMessage());
    assertSameWeights(before, to.getWeights());
  }

  @Test
  void aWrongSizeOrANonFiniteValueLaterInTheListChangesNothing() {
    TestModel to = model();
    to.initialize(2);
    List<float[]> before = to.getWeights();
    TestModel source = model();
    source.initialize(3);
    List<float[]> wrongSize = source.getWeights();
    wrongSize.set(4, new float[3]);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> to.setWeights(wrongSize));
    assertEquals("bias: expected 2 values for shape (2,), got 3", e.getMessage());
    assertSameWeights(before, to.getWeights());

    List<float[]> nan = source.getWeights();
    nan.get(3)[1] = Float.NaN;
    assertThrows(IllegalArgumentException.class, () -> to.setWeights(nan));
    assertSameWeights(before, to.getWeights());
  }

  private static void assertSameWeights(List<float[]> expected, List<float[]> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i));
    }
  }
}
