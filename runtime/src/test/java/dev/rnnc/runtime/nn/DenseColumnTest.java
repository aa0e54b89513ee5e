package dev.rnnc.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.runtime.Initializer;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.Variable;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link DenseColumn}: the packed kernel's column, contiguous, made again after every change the
 * variable records ({@code set}, {@code initialize}, {@code changed}), and found among a model's
 * layers by the kernel's array.
 */
class DenseColumnTest {
  private static final int ROWS = 20;

  private static Variable kernel() {
    PackedLayout layout = PackedLayout.matrix(ROWS, 1, 0);
    return new Variable(
        "kernel", layout, new float[layout.packedSize()], Initializer.glorotUniform());
  }

  private static float[] values(long seed) {
    Random random = new Random(seed);
    float[] values = new float[ROWS];
    for (int k = 0; k < ROWS; k++) {
      values[k] = random.nextFloat(-1, 1);
    }
    return values;
  }

  @Test
  void followsSetInitializeAndChanged() {
    Variable kernel = kernel();
    DenseColumn column = new DenseColumn(kernel);
    float[] first = values(1);
    kernel.set(first);
    float[] current = column.current();
    assertArrayEquals(first, current);
    assertSame(current, column.current(), "one array, copied into");

    float[] second = values(2);
    kernel.set(second);
    assertArrayEquals(second, column.current(), "after set");

    kernel.initialize(new Random(3));
    assertArrayEquals(kernel.get(), column.current(), "after initialize");

    // an optimizer's in-place step: the packed rows are 16 floats apart
    float[] storage = kernel.storage();
    for (int k = 0; k < ROWS; k++) {
      storage[k * PackedLayout.ALIGN] += 0.25f;
    }
    float[] stepped = kernel.get();
    kernel.changed();
    assertArrayEquals(stepped, column.current(), "after changed()");
    assertTrue(stepped[0] != second[0]);
  }

  @Test
  void foundByTheKernelsArray() {
    Variable bias =
        new Variable(
            "bias", PackedLayout.vector(1, 0), new float[PackedLayout.ALIGN], Initializer.zeros());
    Variable kernel = kernel();
    List<Layer> layers =
        List.of(
            new Layer("other", "Dense", List.of()),
            new Layer("head", "Dense", List.of(kernel, bias)));
    float[] values = values(4);
    kernel.set(values);
    assertArrayEquals(values, DenseColumn.of(layers, kernel.storage()).current());
    assertThrows(IllegalArgumentException.class, () -> DenseColumn.of(layers, new float[16]));
  }

  @Test
  void refusesAKernelOfSeveralUnits() {
    PackedLayout layout = PackedLayout.matrix(3, 2, 0);
    Variable two =
        new Variable("kernel", layout, new float[layout.packedSize()], Initializer.zeros());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new DenseColumn(two));
    assertTrue(e.getMessage().contains("one column"), e.getMessage());
  }
}
