package dev.rnnc.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/**
 * The gradient through Keras' {@code Masking} ({@code outputs = inputs * mask}): real rows pass the
 * gradient, masked rows none, and a row's padding is zeroed when set.
 */
class MasksBackwardTest {
  private static final boolean[] MASK = {true, false, true};
  // three rows of width 2, stride 3 (the third float padding)
  private static final float[] D_OUT = {1, 2, 9, 3, 4, 9, 5, 6, 9};

  @Test
  void backwardPassesRealRowsAndZeroesMaskedRowsAndPadding() {
    float[] dIn = {7, 7, 7, 7, 7, 7, 7, 7, 7};
    Masks.backward(3, MASK, D_OUT, 3, 2, dIn);
    assertArrayEquals(new float[] {1, 2, 0, 0, 0, 0, 5, 6, 0}, dIn);
  }

  @Test
  void addBackwardAddsRealRowsOnly() {
    float[] dIn = {1, 1, 0, 1, 1, 0, 1, 1, 0};
    Masks.addBackward(3, MASK, D_OUT, 3, 2, dIn);
    assertArrayEquals(new float[] {2, 3, 0, 1, 1, 0, 6, 7, 0}, dIn);
  }
}
