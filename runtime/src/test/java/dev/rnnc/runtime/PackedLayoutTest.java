package dev.rnnc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rnnc.runtime.simd.RecurrentPanels;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PackedLayoutTest {

  @Test
  void lstmKernelMovesTheCandidateBlockLastAndPadsEachBlock() {
    // Keras LSTM kernel (2, 4·3): blocks i, f, c, o of 3 columns.
    float[] keras = new float[2 * 12];
    for (int i = 0; i < keras.length; i++) {
      keras[i] = i + 1;
    }
    PackedLayout layout = PackedLayout.matrix(2, 3, 0, 1, 3, 2);
    float[] packed = new float[layout.packedSize()];
    layout.pack(keras, packed);

    assertEquals(2 * 4 * 16, packed.length);
    // Row 0: i = 1..3 at 0, f = 4..6 at 16, o = 10..12 at 32, c = 7..9 at 48.
    assertEquals(1, packed[0]);
    assertEquals(4, packed[16]);
    assertEquals(10, packed[32]);
    assertEquals(7, packed[48]);
    assertEquals(0, packed[3], "padding is zero");
    // Row 1 starts after 4 padded blocks.
    assertEquals(13, packed[64]);
    assertArrayEquals(keras, layout.unpack(packed));
  }

  @Test
  void recurrentPanelsHoldTheSameValuesAsTheRowMajorLayout() {
    // A GRU recurrent kernel (70, 3·70): stride 80, so two panels (64 and 16 columns wide).
    int units = 70;
    float[] keras = new float[units * 3 * units];
    for (int i = 0; i < keras.length; i++) {
      keras[i] = i + 1;
    }
    PackedLayout rowMajor = PackedLayout.matrix(units, units, 0, 1, 2);
    PackedLayout panels = PackedLayout.recurrentPanels(units, units, 0, 1, 2);
    float[] expected = new float[rowMajor.packedSize()];
    float[] packed = new float[panels.packedSize()];
    rowMajor.pack(keras, expected);
    Arrays.fill(packed, Float.NaN);
    panels.pack(keras, packed);

    float[] fromPanels = new float[expected.length];
    RecurrentPanels.pack(expected, units, 3, 80, fromPanels);
    assertArrayEquals(
        fromPanels, packed, "same as RecurrentPanels.pack of the row-major array, padding zeroed");
    assertArrayEquals(keras, panels.unpack(packed));
    assertEquals(false, panels.equals(rowMajor));
    assertThrows(
        IllegalArgumentException.class,
        () -> new PackedLayout(1, 1, 3, 16, new int[] {0}, true, true));
  }

  @Test
  void kerasShapeOfVectorsAndMatrices() {
    assertArrayEquals(new int[] {12}, PackedLayout.vector(3, 0, 1, 3, 2).kerasShape());
    assertArrayEquals(new int[] {2, 9}, PackedLayout.matrix(2, 3, 0, 1, 2).kerasShape());
  }

  @Test
  void orderMustBeAPermutation() {
    assertThrows(IllegalArgumentException.class, () -> PackedLayout.matrix(2, 3, 0, 0, 1));
  }

  @Test
  void variableRejectsWrongCountAndNonFiniteValuesAndStaysUnchanged() {
    PackedLayout layout = PackedLayout.vector(2, 0);
    Variable bias =
        new Variable("bias", layout, new float[layout.packedSize()], Initializer.zeros());
    bias.set(new float[] {1, 2});

    IllegalArgumentException count =
        assertThrows(IllegalArgumentException.class, () -> bias.set(new float[3]));
    assertEquals("bias: expected 2 values for shape (2,), got 3", count.getMessage());
    assertThrows(IllegalArgumentException.class, () -> bias.set(new float[] {1, Float.NaN}));
    assertArrayEquals(new float[] {1, 2}, bias.get());
  }
}
