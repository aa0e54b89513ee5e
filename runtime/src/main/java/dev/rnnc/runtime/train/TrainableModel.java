package dev.rnnc.runtime.train;

import dev.rnnc.runtime.RnncModel;

/**
 * A generated model that trains ({@code @Compile} and a {@code fit} call): its {@link
 * TrainingState} is what {@code TrainingCheckpoint} saves and restores beside the weights.
 */
public interface TrainableModel extends RnncModel {

  /** The model's optimizer, Dropout draws and fit progress (one object per model, kept). */
  TrainingState trainingState();
}
