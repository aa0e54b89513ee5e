package dev.rnnc.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** A merge layer's backward shares: columns, scales, set or added, strides of both sides. */
class MergeGradientsTest {

  /** Two merged rows of 5 values (stride 6): an input's 2 columns from offset 3, stride 4. */
  private static final float[] D_OUT = {
    1, 2, 3, 4, 5, 99,
    6, 7, 8, 9, 10, 99
  };

  @Test
  void concatenateTakesTheInputsColumns() {
    float[] dx = {-1, -1, -1, -1, -1, -1, -1, -1};
    MergeGradients.share(D_OUT, 6, 3, 2, 2, 1f, dx, 4, false);
    assertArrayEquals(new float[] {4, 5, -1, -1, 9, 10, -1, -1}, dx, "set, padding untouched");
  }

  @Test
  void averageScalesAndALaterReaderAdds() {
    float[] dx = {1, 1, 1, 1, 1, 1, 1, 1};
    MergeGradients.share(D_OUT, 6, 0, 2, 3, 0.5f, dx, 4, true);
    assertArrayEquals(new float[] {1.5f, 2, 2.5f, 1, 4, 4.5f, 5, 1}, dx);
  }
}
