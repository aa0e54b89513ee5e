package dev.rnnc.runtime.nn;

import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.Variable;
import java.util.List;

/**
 * The kernel of a Dense layer of one unit as one contiguous column, {@code W[k][0]} at index {@code
 * k}, for {@code Kernels.matmulColumn}: packed, the kernel's rows lie {@link PackedLayout#ALIGN}
 * floats apart, and a dot product over them would need a gather (which C2 sometimes left to Java
 * code that allocates, docs/performance.md).
 *
 * <p>The copy follows the kernel's {@link Variable}: {@link #current} compares the variable's
 * {@link Variable#version()} with the one the copy was made from and copies again when they differ,
 * so {@code set}, {@code initialize}, loading and training (whose in-place updates call {@link
 * Variable#changed}) keep it current; a write to {@link Variable#storage()} that skips {@code
 * changed()} would leave it stale. Generated code makes one per layer and model, after its layers,
 * and its copies share it as they share the variable: calls that overlap, on the model or its
 * copies, may all call {@link #current}; one copies while the others wait. Weights must not change
 * while a call runs, as for every model.
 */
public final class DenseColumn {
  private final Variable kernel;
  private final float[] storage;
  private final int stride;
  private final float[] column;
  private volatile int copiedFrom = -1;

  /**
   * The column of {@code kernel}, not yet copied.
   *
   * @param kernel a Dense layer's kernel of one unit, packed row-major
   * @throws IllegalArgumentException if the kernel has more than one column or is not a packed
   *     row-major matrix
   */
  public DenseColumn(Variable kernel) {
    PackedLayout layout = kernel.layout();
    if (layout.vector() || layout.panels() || layout.blocks() != 1 || layout.units() != 1) {
      throw new IllegalArgumentException(
          kernel.name() + ": expected a row-major kernel of one column, was " + layout);
    }
    this.kernel = kernel;
    this.storage = kernel.storage();
    this.stride = layout.stride();
    this.column = new float[layout.rows()];
  }

  /**
   * The column of the kernel among {@code layers}' variables whose storage is {@code kernel} (a
   * {@code @Shared} application's kernel field is the shared layer's array).
   *
   * @param layers the model's layers
   * @param kernel the layer's packed kernel, a variable's storage
   * @return the column, not yet copied
   * @throws IllegalArgumentException if no variable of {@code layers} stores {@code kernel}, or as
   *     {@link #DenseColumn(Variable)}
   */
  public static DenseColumn of(List<Layer> layers, float[] kernel) {
    for (Layer layer : layers) {
      for (Variable variable : layer.variables()) {
        if (variable.isStoredIn(kernel)) {
          return new DenseColumn(variable);
        }
      }
    }
    throw new IllegalArgumentException("no variable of the layers stores this kernel");
  }

  /** The column, {@code W[k][0]} at index {@code k}, copied again first if the kernel changed. */
  public float[] current() {
    int version = kernel.version();
    if (version != copiedFrom) {
      synchronized (this) {
        if (version != copiedFrom) {
          for (int k = 0; k < column.length; k++) {
            column[k] = storage[k * stride];
          }
          copiedFrom = version; // after the values: a call that reads this version reads them
        }
      }
    }
    return column;
  }
}
