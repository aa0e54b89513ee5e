package dev.rnnc.runtime.train;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What the fit loop and its callbacks may do to a model's weights: copy them, put a copy back, save
 * them. A generated model implements it over its variable arrays; {@link #of} does so for plain
 * arrays.
 */
public interface TrainableState {

  /** A copy of every variable (Keras {@code get_weights()}). */
  WeightSnapshot snapshot();

  /** Puts a snapshot back (Keras {@code set_weights()}). */
  void restore(WeightSnapshot snapshot);

  /**
   * Writes the model to {@code path} for {@code ModelCheckpoint}; the extension chooses the format
   * as in Keras ({@code .weights.h5}, {@code .keras}).
   *
   * @throws UnsupportedOperationException when the model cannot save
   */
  default void save(Path path) throws IOException {
    throw new UnsupportedOperationException(
        "this model cannot save itself (to " + path + "); give " + "ModelCheckpoint a saver");
  }

  /**
   * Where the fit is, reported by the fit loop: after each training batch ({@code epochs} completed
   * before the current one, {@code batches} of it done) and at each epoch's end, before the
   * epoch-end callbacks ({@code epochs} completed, 0 batches), so that a checkpoint a callback
   * writes knows where training resumes. Does nothing unless the state keeps it ({@link
   * TrainingState} does).
   */
  default void progress(int epochs, int batches) {}

  /**
   * A state over these arrays (held, not copied): snapshots copy them, restore copies back into
   * them.
   */
  static TrainableState of(float[]... arrays) {
    float[][] held = arrays.clone();
    return new TrainableState() {
      @Override
      public WeightSnapshot snapshot() {
        return WeightSnapshot.of(held);
      }

      @Override
      public void restore(WeightSnapshot snapshot) {
        snapshot.copyInto(held);
      }
    };
  }
}
