package dev.rnnc.runtime.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A copy of a model's variables at one moment (Keras {@code model.get_weights()}), for {@code
 * EarlyStopping(restoreBestWeights)} and for putting a model back after a failed fit.
 *
 * @param arrays one copy per variable array, in the model's order
 */
public record WeightSnapshot(List<float[]> arrays) {

  /** Copies the arrays. */
  public WeightSnapshot {
    List<float[]> copies = new ArrayList<>(arrays.size());
    for (float[] array : arrays) {
      copies.add(array.clone());
    }
    arrays = Collections.unmodifiableList(copies);
  }

  /** A snapshot of these arrays. */
  public static WeightSnapshot of(float[]... arrays) {
    return new WeightSnapshot(List.of(arrays));
  }

  /**
   * Copies the snapshot back into {@code targets}, which must have the snapshot's shapes.
   *
   * @throws IllegalArgumentException when the shapes differ (nothing is copied then)
   */
  public void copyInto(float[]... targets) {
    if (targets.length != arrays.size()) {
      throw new IllegalArgumentException(
          "snapshot of " + arrays.size() + " arrays, restoring " + targets.length);
    }
    for (int i = 0; i < targets.length; i++) {
      if (targets[i].length != arrays.get(i).length) {
        throw new IllegalArgumentException(
            "array "
                + i
                + " has "
                + targets[i].length
                + " values, the snapshot "
                + arrays.get(i).length);
      }
    }
    for (int i = 0; i < targets.length; i++) {
      System.arraycopy(arrays.get(i), 0, targets[i], 0, targets[i].length);
    }
  }
}
