package dev.rnnc.runtime.train;

import java.io.PrintStream;
import java.util.function.DoubleSupplier;

/**
 * Keras' {@code ProgbarLogger} (keras/src/callbacks/progbar_logger.py): {@code Epoch 3/10} before
 * each epoch (when there is more than one), a {@link Progbar} over the epoch's batches, finished
 * with the epoch's logs; silent during the validation inside a fit, a bar of its own for a plain
 * evaluation.
 */
final class ProgbarLogger implements Callback {
  private final int verbose;
  private final PrintStream out;
  private final DoubleSupplier clock;
  private int epochs = 1;
  private int target;
  private boolean calledInFit;
  private Progbar progbar;

  /** A logger printing with {@code verbose} 1 (a bar redrawn in place) or 2 (a line per epoch). */
  ProgbarLogger(int verbose, PrintStream out, DoubleSupplier clock) {
    this.verbose = verbose;
    this.out = out;
    this.clock = clock;
  }

  @Override
  public void setContext(FitContext context) {
    epochs = context.epochs();
    target = context.steps();
  }

  @Override
  public void onTrainBegin(Logs logs) {
    calledInFit = true;
  }

  @Override
  public void onEpochBegin(int epoch, Logs logs) {
    progbar = new Progbar(target, verbose, "step", out, clock);
    if (epochs > 1) {
      out.print("Epoch " + (epoch + 1) + "/" + epochs + "\n");
      out.flush();
    }
  }

  @Override
  public void onTrainBatchEnd(int batch, Logs logs) {
    if (verbose == 1) {
      progbar.update(batch + 1, logs, false);
    }
  }

  @Override
  public void onEpochEnd(int epoch, Logs logs) {
    progbar.update(target, logs, true);
  }

  @Override
  public void onTestBegin(Logs logs) {
    if (!calledInFit) {
      progbar = new Progbar(target, verbose, "step", out, clock);
    }
  }

  @Override
  public void onTestBatchEnd(int batch, Logs logs) {
    if (!calledInFit && verbose == 1) {
      progbar.update(batch + 1, logs, false);
    }
  }

  @Override
  public void onTestEnd(Logs logs) {
    if (!calledInFit) {
      progbar.update(target, logs, true);
    }
  }
}
