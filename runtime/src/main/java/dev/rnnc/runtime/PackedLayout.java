package dev.rnnc.runtime;

import dev.rnnc.runtime.simd.RecurrentPanels;
import java.util.Arrays;

/**
 * How a Keras weight variable maps onto the packed array a kernel reads.
 *
 * <p>A Keras variable is {@code rows × (blocks·units)} (a vector when {@code vector} is set): the
 * gate blocks of a recurrent layer side by side, {@code units} columns each. Packing keeps the
 * rows, pads every block to {@code stride} columns (a multiple of the widest SIMD vector, so gate
 * blocks start on vector boundaries) and moves Keras block {@code b} to position {@code order[b]},
 * so that gates sharing an activation are adjacent. Padding columns are zero. A recurrent kernel
 * may instead be stored in {@link RecurrentPanels} layout ({@code panels}): the same values, cut
 * into column panels that a step reads as one sequential stream each.
 *
 * @param rows rows of the Keras variable (1 for a vector)
 * @param blocks gate blocks side by side (1 for Dense, 3 for GRU, 4 for LSTM)
 * @param units logical columns per block
 * @param stride packed columns per block, {@code >= units}
 * @param order packed position of each Keras block
 * @param vector whether the Keras variable is 1-D ({@code (blocks·units)})
 * @param panels whether the packed matrix is in {@link RecurrentPanels} layout rather than
 *     row-major
 */
public record PackedLayout(
    int rows, int blocks, int units, int stride, int[] order, boolean vector, boolean panels) {

  /** Floats per packed block: the widest vector (512 bits) so any species divides it. */
  public static final int ALIGN = 16;

  /** Validates the layout. */
  public PackedLayout {
    if (rows <= 0 || blocks <= 0 || units <= 0 || stride < units) {
      throw new IllegalArgumentException(
          "invalid layout: rows=%d blocks=%d units=%d stride=%d"
              .formatted(rows, blocks, units, stride));
    }
    if (vector && rows != 1) {
      throw new IllegalArgumentException("a vector layout has one row, was " + rows);
    }
    if (vector && panels) {
      throw new IllegalArgumentException("a vector layout cannot be in panels");
    }
    order = order.clone();
    boolean[] seen = new boolean[blocks];
    if (order.length != blocks) {
      throw new IllegalArgumentException(
          "order has " + order.length + " entries for " + blocks + " blocks");
    }
    for (int position : order) {
      if (position < 0 || position >= blocks || seen[position]) {
        throw new IllegalArgumentException("order is not a permutation: " + Arrays.toString(order));
      }
      seen[position] = true;
    }
  }

  /**
   * A row-major layout (no panels).
   *
   * @param rows rows of the Keras variable (1 for a vector)
   * @param blocks gate blocks side by side
   * @param units logical columns per block
   * @param stride packed columns per block
   * @param order packed position of each Keras block
   * @param vector whether the Keras variable is 1-D
   */
  public PackedLayout(int rows, int blocks, int units, int stride, int[] order, boolean vector) {
    this(rows, blocks, units, stride, order, vector, false);
  }

  /** A matrix {@code rows × (blocks·units)} with blocks in the given packed order. */
  public static PackedLayout matrix(int rows, int units, int... order) {
    return new PackedLayout(rows, order.length, units, padded(units), order, false);
  }

  /**
   * A recurrent kernel {@code rows × (blocks·units)} with blocks in the given packed order, stored
   * in {@link RecurrentPanels} layout for {@code Kernels.lstmStepPanels} / {@code gruStepPanels}.
   */
  public static PackedLayout recurrentPanels(int rows, int units, int... order) {
    return new PackedLayout(rows, order.length, units, padded(units), order, false, true);
  }

  /** A vector {@code (blocks·units)} with blocks in the given packed order. */
  public static PackedLayout vector(int units, int... order) {
    return new PackedLayout(1, order.length, units, padded(units), order, true);
  }

  /** {@code n} rounded up to a multiple of {@link #ALIGN}. */
  public static int padded(int n) {
    return (n + ALIGN - 1) / ALIGN * ALIGN;
  }

  /** The order that keeps Keras' block order. */
  public static int[] identity(int blocks) {
    int[] order = new int[blocks];
    Arrays.setAll(order, i -> i);
    return order;
  }

  /** The Keras shape of the variable. */
  public int[] kerasShape() {
    return vector ? new int[] {blocks * units} : new int[] {rows, blocks * units};
  }

  /** Number of values in the Keras variable. */
  public int kerasSize() {
    return rows * blocks * units;
  }

  /** Length of the packed array. */
  public int packedSize() {
    return rows * blocks * stride;
  }

  /** Packs Keras-ordered values (row-major) into {@code packed}, zeroing the padding. */
  public void pack(float[] keras, float[] packed) {
    Arrays.fill(packed, 0, packedSize(), 0f);
    for (int r = 0; r < rows; r++) {
      for (int b = 0; b < blocks; b++) {
        int from = (r * blocks + b) * units;
        if (panels) {
          for (int j = 0; j < units; j++) {
            packed[RecurrentPanels.offset(rows, blocks, stride, r, order[b], j)] = keras[from + j];
          }
        } else {
          System.arraycopy(keras, from, packed, (r * blocks + order[b]) * stride, units);
        }
      }
    }
  }

  /** Unpacks into a new row-major array in Keras order. */
  public float[] unpack(float[] packed) {
    float[] keras = new float[kerasSize()];
    for (int r = 0; r < rows; r++) {
      for (int b = 0; b < blocks; b++) {
        int to = (r * blocks + b) * units;
        if (panels) {
          for (int j = 0; j < units; j++) {
            keras[to + j] = packed[RecurrentPanels.offset(rows, blocks, stride, r, order[b], j)];
          }
        } else {
          System.arraycopy(packed, (r * blocks + order[b]) * stride, keras, to, units);
        }
      }
    }
    return keras;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PackedLayout p
        && rows == p.rows
        && blocks == p.blocks
        && units == p.units
        && stride == p.stride
        && vector == p.vector
        && panels == p.panels
        && Arrays.equals(order, p.order);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * rows + blocks * 7 + units)
        + stride
        + Arrays.hashCode(order)
        + (vector ? 1 : 0)
        + (panels ? 2 : 0);
  }

  @Override
  public int[] order() {
    return order.clone();
  }

  @Override
  public String toString() {
    return "PackedLayout"
        + Shapes.format(kerasShape())
        + " blocks "
        + Arrays.toString(order)
        + " stride "
        + stride
        + (panels ? " in panels" : "");
  }
}
