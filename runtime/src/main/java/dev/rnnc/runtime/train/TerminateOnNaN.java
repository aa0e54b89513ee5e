package dev.rnnc.runtime.train;

/**
 * Keras {@code TerminateOnNaN} (keras/src/callbacks/terminate_on_nan.py): when a batch's running
 * loss is NaN or infinite, prints {@code Batch N: Invalid loss, terminating training} and stops
 * training (the fit then ends normally, without {@link NonFiniteLossException}), or with {@code
 * raiseError} throws at once.
 */
public final class TerminateOnNaN implements Callback {
  private final boolean raiseError;
  private FitContext context;

  /** Stops training, as Keras' default. */
  public TerminateOnNaN() {
    this(false);
  }

  /**
   * Stops or throws.
   *
   * @param raiseError throw an {@link IllegalStateException} instead of stopping
   */
  public TerminateOnNaN(boolean raiseError) {
    this.raiseError = raiseError;
  }

  @Override
  public void setContext(FitContext context) {
    this.context = context;
  }

  @Override
  public void onTrainBatchEnd(int batch, Logs logs) {
    double loss = logs.get("loss", 0);
    if (Double.isNaN(loss) || Double.isInfinite(loss)) {
      if (raiseError) {
        throw new IllegalStateException(
            "NaN or Inf loss encountered at batch "
                + batch
                + ". Loss value: "
                + PythonFormat.repr(loss)
                + ". Terminating training immediately.");
      }
      context.out().print("Batch " + batch + ": Invalid loss, terminating training\n");
      context.stopTraining();
    }
  }
}
