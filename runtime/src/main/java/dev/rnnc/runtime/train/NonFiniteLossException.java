package dev.rnnc.runtime.train;

/**
 * Thrown by {@link FitLoop#fit} when a batch loss is NaN or infinite and no callback (such as
 * {@link TerminateOnNaN}) chose to stop instead. Training stopped at that batch; the model keeps
 * the weights of the last finite batch (the step skips the update of a non-finite loss, see {@link
 * BatchStep}), and {@link #history()} has the epochs completed before it.
 */
public final class NonFiniteLossException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient History history; // not serialised: callers read it in-process

  /** The 0-based epoch of the failing batch. */
  private final int epoch;

  /** The 0-based batch within its epoch. */
  private final int batch;

  /** The non-finite loss. */
  private final double loss;

  NonFiniteLossException(
      int epoch, int epochs, int batch, int batches, double loss, History history) {
    super(
        "loss is "
            + PythonFormat.repr(loss)
            + " at epoch "
            + (epoch + 1)
            + "/"
            + epochs
            + ", batch "
            + (batch + 1)
            + "/"
            + batches
            + ": training stopped; the weights are those of the last finite batch (add TerminateOnNaN "
            + "to stop without an exception)");
    this.epoch = epoch;
    this.batch = batch;
    this.loss = loss;
    this.history = history;
  }

  /** The epochs completed before the failure. */
  public History history() {
    return history;
  }

  /** The 0-based epoch of the failing batch. */
  public int epoch() {
    return epoch;
  }

  /** The 0-based batch within its epoch. */
  public int batch() {
    return batch;
  }

  /** The loss value: NaN or ±infinity. */
  public double loss() {
    return loss;
  }
}
