package dev.rnnc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link Variable#withShape}: a rank-4 Keras kernel packed as the matrix of its leading and
 * trailing dimensions.
 */
class VariableShapeTest {

  private static Variable einsumKernel(float[] packed) {
    // (i2, i3, unit_2, unit_3) = (2, 2, 2, 3), packed as (4, 6) with rows padded to 16.
    return new Variable("kernel_2_3", PackedLayout.matrix(4, 6, 0), packed, Initializer.zeros())
        .withShape(2, 2, 2, 3);
  }

  @Test
  void keepsTheKerasShapeAndPacksRowMajor() {
    float[] packed = new float[4 * 16];
    Variable v = einsumKernel(packed);
    assertArrayEquals(new int[] {2, 2, 2, 3}, v.shape());
    assertTrue(v.hasShape(new int[] {2, 2, 2, 3}));
    assertEquals("kernel_2_3(2, 2, 2, 3)", v.toString());
    float[] values = new float[24];
    for (int i = 0; i < values.length; i++) {
      values[i] = i + 1;
    }
    v.set(values);
    // Keras [i][j][k][l] sits at packed row i·3... row (i·2 + j), column k·3 + l.
    assertEquals(values[1 * 12 + 0 * 6 + 1 * 3 + 2], packed[(1 * 2 + 0) * 16 + 1 * 3 + 2]);
    assertEquals(0f, packed[6], "padding is zero");
    assertArrayEquals(values, v.get());
    assertArrayEquals(
        new int[] {2, 2, 2, 3},
        v.renamed("cell/kernel_2_3").shape(),
        "a renamed variable keeps its shape");
  }

  @Test
  void refusesAShapeOfAnotherSize() {
    Variable v =
        new Variable("k", PackedLayout.matrix(4, 6, 0), new float[4 * 16], Initializer.zeros());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> v.withShape(2, 2, 2, 2));
    assertEquals("k: shape (2, 2, 2, 2) holds 16 values, the variable 24", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> v.withShape(4, 0, 6));
  }
}
