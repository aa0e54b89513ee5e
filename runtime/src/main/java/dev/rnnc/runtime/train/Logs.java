package dev.rnnc.runtime.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * What Keras passes callbacks as {@code logs}: metric names to values, in order (training metrics
 * sorted by name, then the {@code val_} ones sorted, then whatever callbacks add, such as {@code
 * learning_rate}). The fit loop reuses one instance for every batch, so a callback that keeps batch
 * logs takes a {@link #copy()}. Updating an existing name allocates nothing.
 */
public final class Logs {
  private String[] names = new String[8];
  private double[] values = new double[8];
  private int size;

  /** Empty logs. */
  public Logs() {}

  /** Sets {@code name} to {@code value}, appending the name if it is new. */
  public Logs put(String name, double value) {
    int i = indexOf(name);
    if (i < 0) {
      if (size == names.length) {
        names = Arrays.copyOf(names, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      i = size++;
      names[i] = name;
    }
    values[i] = value;
    return this;
  }

  /** Whether {@code name} is present. */
  public boolean has(String name) {
    return indexOf(name) >= 0;
  }

  /**
   * The value of {@code name}.
   *
   * @throws NoSuchElementException listing the names present
   */
  public double get(String name) {
    int i = indexOf(name);
    if (i < 0) {
      throw new NoSuchElementException("no '" + name + "' in the logs; present: " + names());
    }
    return values[i];
  }

  /** The value of {@code name}, or {@code fallback} when absent. */
  public double get(String name, double fallback) {
    int i = indexOf(name);
    return i < 0 ? fallback : values[i];
  }

  /** The names, in order. */
  public List<String> names() {
    return List.of(Arrays.copyOf(names, size));
  }

  /** The name at {@code index} (0 ≤ index &lt; size). */
  public String name(int index) {
    return names[checked(index)];
  }

  /** The value at {@code index} (0 ≤ index &lt; size). */
  public double value(int index) {
    return values[checked(index)];
  }

  /** How many names. */
  public int size() {
    return size;
  }

  /** Whether there are none. */
  public boolean isEmpty() {
    return size == 0;
  }

  /** Removes everything (keeps the storage). */
  public void clear() {
    Arrays.fill(names, 0, size, null);
    size = 0;
  }

  /** An independent copy. */
  public Logs copy() {
    Logs copy = new Logs();
    copy.names = Arrays.copyOf(names, Math.max(size, 1));
    copy.values = Arrays.copyOf(values, Math.max(size, 1));
    copy.size = size;
    return copy;
  }

  /** The entries as an ordered map. */
  public Map<String, Double> asMap() {
    Map<String, Double> map = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      map.put(names[i], values[i]);
    }
    return map;
  }

  private int indexOf(String name) {
    for (int i = 0; i < size; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private int checked(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("index " + index + ", size " + size);
    }
    return index;
  }

  @Override
  public String toString() {
    return asMap().toString();
  }
}
