package dev.rnnc.runtime.train;

/**
 * Hooks into the fit loop, as Keras' {@code keras.callbacks.Callback}: epochs and batches are
 * 0-based, {@code logs} are the running metric values (see {@link Logs}). Callbacks run in the
 * order given, then the loop's {@link History}, then the progress bar, so a callback that adds to
 * the epoch logs (like {@link ReduceLROnPlateau}'s {@code learning_rate}) is recorded and shown.
 * The batch logs object is reused from batch to batch. Every hook does nothing by default.
 */
public interface Callback {

  /** Called once per fit or evaluation, before anything else. */
  default void setContext(FitContext context) {}

  /** Before the first epoch (logs empty). */
  default void onTrainBegin(Logs logs) {}

  /** After the last epoch, with the last epoch's logs (empty if none ran). */
  default void onTrainEnd(Logs logs) {}

  /** Before each epoch (logs empty). */
  default void onEpochBegin(int epoch, Logs logs) {}

  /** After each epoch, with its training and validation values; callbacks may add entries. */
  default void onEpochEnd(int epoch, Logs logs) {}

  /** Before each training batch. */
  default void onTrainBatchBegin(int batch, Logs logs) {}

  /** After each training batch, with the running values of the epoch so far. */
  default void onTrainBatchEnd(int batch, Logs logs) {}

  /** Before an evaluation (also the validation inside fit). */
  default void onTestBegin(Logs logs) {}

  /** After an evaluation, with its values (without the {@code val_} prefix). */
  default void onTestEnd(Logs logs) {}

  /** After each evaluation batch. */
  default void onTestBatchEnd(int batch, Logs logs) {}
}
