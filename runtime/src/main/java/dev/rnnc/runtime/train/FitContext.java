package dev.rnnc.runtime.train;

import java.io.PrintStream;

/**
 * What a callback may see and do during a fit: Keras' {@code callback.model} and {@code
 * callback.params}.
 */
public interface FitContext {

  /** The epoch count of the fit ({@code epochs}). */
  int epochs();

  /** Training batches per epoch (Keras {@code params["steps"]}). */
  int steps();

  /** The fit's verbosity: 0, 1 or 2. */
  int verbose();

  /**
   * The model's optimizer (for {@link ReduceLROnPlateau}).
   *
   * @throws IllegalStateException when the fit has none (an evaluation)
   */
  Optimizer optimizer();

  /**
   * The model's weights (for {@link EarlyStopping} and {@link ModelCheckpoint}).
   *
   * @throws IllegalStateException when the model gave none
   */
  TrainableState state();

  /**
   * Whether larger or smaller values of a logged quantity are better: {@code loss} and {@code
   * val_loss} are smaller-is-better; a metric (with or without {@code val_}) has its own {@link
   * Metric#direction()}; anything else is {@link Metric.Direction#NONE}.
   */
  Metric.Direction direction(String name);

  /** Asks the loop to stop after the current batch (Keras {@code model.stop_training = True}). */
  void stopTraining();

  /** Whether a stop was asked for. */
  boolean stopTrainingRequested();

  /** Where progress and callback messages go. */
  PrintStream out();
}
