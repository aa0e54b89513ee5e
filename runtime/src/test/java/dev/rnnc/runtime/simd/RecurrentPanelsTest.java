package dev.rnnc.runtime.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The panel layout: pack puts every element where offset says, unpack takes it back. */
class RecurrentPanelsTest {

  @Test
  void unpackInvertsPackAtWidthsAroundAPanel() {
    for (int stride : new int[] {16, 64, 80, 144}) {
      int units = stride - 3;
      int blocks = 4;
      float[] rowMajor = new float[units * blocks * stride];
      SplittableRandom random = new SplittableRandom(stride);
      for (int i = 0; i < rowMajor.length; i++) {
        rowMajor[i] = (float) random.nextDouble();
      }
      float[] panels = new float[rowMajor.length];
      RecurrentPanels.pack(rowMajor, units, blocks, stride, panels);
      for (int k = 0; k < units; k++) {
        for (int b = 0; b < blocks; b++) {
          for (int j = 0; j < stride; j++) {
            assertEquals(
                rowMajor[(k * blocks + b) * stride + j],
                panels[RecurrentPanels.offset(units, blocks, stride, k, b, j)],
                "stride " + stride + " element " + k + ", " + b + ", " + j);
          }
        }
      }
      float[] back = new float[rowMajor.length];
      RecurrentPanels.unpack(panels, units, blocks, stride, back);
      assertArrayEquals(rowMajor, back, "stride " + stride);
    }
  }
}
