package dev.rnnc.runtime;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * One weight variable of a layer, seen in Keras layout ({@code kernel}, {@code recurrent_kernel},
 * {@code bias}, {@code embeddings}) while stored packed for the kernels.
 *
 * <p>{@link #get()} unpacks a copy; {@link #set(float[])} checks shape and values, then packs.
 */
public final class Variable {
  private final String name;
  private final PackedLayout layout;
  private final float[] packed;
  private final Initializer initializer;
  private final int[] shape;
  private int version;

  /**
   * @param name the Keras variable name
   * @param layout how Keras values map onto {@code packed}
   * @param packed the array the generated code reads, of {@code layout.packedSize()} floats
   * @param initializer produces the values of {@code create(seed)}
   */
  public Variable(String name, PackedLayout layout, float[] packed, Initializer initializer) {
    this(name, layout, packed, initializer, layout.kerasShape());
  }

  private Variable(
      String name, PackedLayout layout, float[] packed, Initializer initializer, int[] shape) {
    if (packed.length != layout.packedSize()) {
      throw new IllegalArgumentException(
          name
              + ": packed array has "
              + packed.length
              + " floats, layout needs "
              + layout.packedSize());
    }
    this.name = name;
    this.layout = layout;
    this.packed = packed;
    this.initializer = initializer;
    this.shape = shape.clone();
  }

  /**
   * This variable seen with another Keras shape of the same size, sharing its values: a tensor of
   * rank 3 or more (e.g. an einsum kernel {@code (i2, i3, unit_2, unit_3)}) packed as the matrix of
   * its leading and trailing dimensions, {@code (i2·i3, unit_2·unit_3)}; row-major either way.
   *
   * @throws IllegalArgumentException if {@code kerasShape} holds another number of values
   */
  public Variable withShape(int... kerasShape) {
    long size = 1;
    for (int d : kerasShape) {
      if (d <= 0) {
        throw new IllegalArgumentException(
            name + ": dimensions must be positive, was " + Shapes.format(kerasShape));
      }
      size *= d;
    }
    if (size != layout.kerasSize()) {
      throw new IllegalArgumentException(
          "%s: shape %s holds %d values, the variable %d"
              .formatted(name, Shapes.format(kerasShape), size, layout.kerasSize()));
    }
    return new Variable(name, layout, packed, initializer, kerasShape);
  }

  /**
   * This variable under another name, sharing its values: a stacked {@code @RNN} layer lists a
   * custom cell's variables as {@code <cell key>/<name>}.
   */
  public Variable renamed(String newName) {
    return new Variable(newName, layout, packed, initializer, shape);
  }

  /** The Keras variable name. */
  public String name() {
    return name;
  }

  /** The Keras shape. */
  public int[] shape() {
    return shape.clone();
  }

  /** The number of values. */
  public int size() {
    return layout.kerasSize();
  }

  /**
   * The packed array itself (not a copy): what the kernels read and what training updates in place
   * (a custom cell's gradient arrays have this length and layout). Writing it bypasses {@link
   * #set}'s checks and {@link #version()}: call {@link #changed} after.
   */
  public float[] storage() {
    return packed;
  }

  /** The packing of this variable. */
  public PackedLayout layout() {
    return layout;
  }

  /** A copy of the values in Keras layout, row-major. */
  public float[] get() {
    return layout.unpack(packed);
  }

  /**
   * Replaces the values, given in Keras layout, row-major.
   *
   * @throws IllegalArgumentException if the count differs from the shape or a value is not finite;
   *     the variable is then unchanged
   */
  public void set(float[] values) {
    checkAssignable(values);
    layout.pack(values, packed);
    version++;
  }

  /**
   * Checks that {@link #set} would accept {@code values}, without changing anything.
   *
   * @throws IllegalArgumentException naming the expected and the actual shape or the bad value
   */
  public void checkAssignable(float[] values) {
    if (values.length != layout.kerasSize()) {
      throw new IllegalArgumentException(
          "%s: expected %d values for shape %s, got %d"
              .formatted(name, layout.kerasSize(), Shapes.format(shape()), values.length));
    }
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new IllegalArgumentException(
            "%s: value %d is %s; weights must be finite".formatted(name, i, values[i]));
      }
    }
  }

  /** Sets Keras-default initial values drawn from {@code random}. */
  public void initialize(RandomGenerator random) {
    layout.pack(initializer.values(shape(), random), packed);
    version++;
  }

  /**
   * Records that the values were written in place through {@link #storage()} (an optimizer step,
   * weights restored by a fit), so that what is derived from them is rebuilt: moves {@link
   * #version()}.
   */
  public void changed() {
    version++;
  }

  /**
   * How many times the values were replaced ({@link #set}, {@link #initialize}, {@link #changed}):
   * generated code that keeps values derived from weights (a folded embedding table, an aligned
   * copy of a recurrent kernel) rebuilds them when this moves.
   */
  public int version() {
    return version;
  }

  @Override
  public String toString() {
    return name + Shapes.format(shape());
  }

  /**
   * Whether {@code array} is this variable's packed storage (the array generated code and the
   * optimizer update), for savers that map optimizer slots to variables.
   */
  public boolean isStoredIn(float[] array) {
    return packed == array;
  }

  /** Shape equality helper for loaders. */
  public boolean hasShape(int[] shape) {
    return Arrays.equals(shape(), shape);
  }
}
