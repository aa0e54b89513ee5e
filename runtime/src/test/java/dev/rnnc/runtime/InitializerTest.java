package dev.rnnc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InitializerTest {

  @Test
  void glorotUniformStaysWithinItsLimit() {
    float[] w = Initializer.glorotUniform().values(new int[] {10, 40}, new SplittableRandom(1));
    double limit = Math.sqrt(6.0 / (10 + 40));
    double max = 0;
    for (float v : w) {
      assertTrue(Math.abs(v) <= limit);
      max = Math.max(max, Math.abs(v));
    }
    assertTrue(max > 0.9 * limit, "values spread over the range");
  }

  @Test
  void orthogonalRowsAreOrthonormal() {
    int rows = 8;
    int cols = 32; // a recurrent kernel (units, 4·units)
    float[] q = Initializer.orthogonal().values(new int[] {rows, cols}, new SplittableRandom(2));
    for (int a = 0; a < rows; a++) {
      for (int b = 0; b < rows; b++) {
        double dot = 0;
        for (int j = 0; j < cols; j++) {
          dot += q[a * cols + j] * q[b * cols + j];
        }
        assertEquals(a == b ? 1.0 : 0.0, dot, 1e-5, "rows " + a + ", " + b);
      }
    }
  }

  @Test
  void orthogonalColumnsAreOrthonormalWhenTall() {
    int rows = 12;
    int cols = 5;
    float[] q = Initializer.orthogonal().values(new int[] {rows, cols}, new SplittableRandom(3));
    for (int a = 0; a < cols; a++) {
      for (int b = 0; b < cols; b++) { // unit length (a == b) and orthogonal to every other column
        double dot = 0;
        for (int i = 0; i < rows; i++) {
          dot += q[i * cols + a] * q[i * cols + b];
        }
        assertEquals(a == b ? 1.0 : 0.0, dot, 1e-5, "columns " + a + ", " + b);
      }
    }
  }

  @Test
  void unitForgetBiasSetsOnlyTheForgetBlock() {
    float[] bias = Initializer.unitForgetBias(3).values(new int[] {12}, new SplittableRandom(4));
    assertEquals(0f, bias[2]);
    assertEquals(1f, bias[3]);
    assertEquals(1f, bias[5]);
    assertEquals(0f, bias[6]);
  }
}
