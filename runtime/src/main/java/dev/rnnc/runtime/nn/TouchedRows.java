package dev.rnnc.runtime.nn;

import java.util.Arrays;

/**
 * The set of rows of an Embedding table that a batch's gradient touched, kept without allocation:
 * the rows in first-touched order and a flag per row. Lets a training step clear, clip or (for
 * optimizers that allow it) update only those rows of a large table. Not thread-safe; one per table
 * and thread.
 */
public final class TouchedRows {
  private final int[] rows;
  private final boolean[] touched;
  private int count;

  /**
   * An empty set over a table of {@code tableRows} rows.
   *
   * @param tableRows the table's number of rows (the vocabulary size)
   */
  public TouchedRows(int tableRows) {
    this.rows = new int[tableRows];
    this.touched = new boolean[tableRows];
  }

  /**
   * Adds a row (no-op if present).
   *
   * @param row the row index
   */
  public void add(int row) {
    if (!touched[row]) {
      touched[row] = true;
      rows[count++] = row;
    }
  }

  /**
   * Whether a row is in the set.
   *
   * @param row the row index
   * @return whether it was touched since the last {@link #clear}
   */
  public boolean contains(int row) {
    return touched[row];
  }

  /**
   * The number of rows in the set.
   *
   * @return the count
   */
  public int size() {
    return count;
  }

  /**
   * The {@code i}-th row touched.
   *
   * @param i an index below {@link #size}
   * @return the row index
   */
  public int row(int i) {
    if (i >= count) {
      throw new IndexOutOfBoundsException("row " + i + " of " + count);
    }
    return rows[i];
  }

  /**
   * Zeroes the touched rows of a gradient table and empties the set: the cheap way to reset a large
   * table's gradient between batches.
   *
   * @param gradient the table's gradient, {@code stride} floats per row
   * @param stride floats per row
   */
  public void clearRows(float[] gradient, int stride) {
    for (int i = 0; i < count; i++) {
      Arrays.fill(gradient, rows[i] * stride, (rows[i] + 1) * stride, 0f);
    }
    clear();
  }

  /** Empties the set. */
  public void clear() {
    for (int i = 0; i < count; i++) {
      touched[rows[i]] = false;
    }
    count = 0;
  }
}
