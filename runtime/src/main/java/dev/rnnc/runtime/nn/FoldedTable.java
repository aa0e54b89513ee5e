package dev.rnnc.runtime.nn;

/**
 * A table derived from a model's weights (a folded embedding: every token's input projection),
 * rebuilt when the weights it came from change and shared by every {@code copy()} of the model,
 * which share those weights: one table per set of weights, however many threads or streams hold a
 * copy. Allocated by its first build, so a model never called costs nothing.
 *
 * <p>Generated code asks for the table with the weights' current version ({@link
 * dev.rnnc.runtime.Variable#version()} summed over the variables it derives from, which only grows)
 * and builds it when stale: {@code if (!t.isBuiltFrom(v)) synchronized (t) { if (!t.isBuiltFrom(v))
 * { build into t.values(); t.built(v); } }}. Calls that overlap a rebuild wait for it; the volatile
 * version, written after the values, makes a call that reads the current version read the whole
 * table.
 */
public final class FoldedTable {
  private final int size;
  private float[] values;
  private volatile int builtFrom = -1;

  /**
   * A table of {@code size} floats, not yet built.
   *
   * @param size the number of floats (rows × row width)
   * @throws IllegalArgumentException if {@code size} is not positive
   */
  public FoldedTable(int size) {
    if (size <= 0) {
      throw new IllegalArgumentException("table size must be positive, was " + size);
    }
    this.size = size;
  }

  /**
   * Whether the table holds what the weights at {@code version} give.
   *
   * @param version the weights' current version
   */
  public boolean isBuiltFrom(int version) {
    return builtFrom == version;
  }

  /**
   * The values: to read once {@link #isBuiltFrom} holds, or to fill while holding this table's
   * monitor before {@link #built}.
   */
  public float[] values() {
    float[] v = values;
    if (v == null) {
      v = new float[size];
      values = v;
    }
    return v;
  }

  /**
   * Records that {@link #values} now hold what the weights at {@code version} give; call while
   * holding this table's monitor, after filling them.
   *
   * @param version the weights' version the values were built from
   */
  public void built(int version) {
    builtFrom = version;
  }
}
