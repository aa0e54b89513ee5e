package dev.rnnc.runtime.train;

import java.util.Locale;

/**
 * What {@link EarlyStopping}, {@link ModelCheckpoint} and {@link ReduceLROnPlateau} share (Keras'
 * {@code MonitorCallback}, keras/src/callbacks/monitor_callback.py): a monitored log entry, a mode,
 * and Keras' improvement test {@code op(current - minDelta, reference)} where {@code op} is {@code
 * <} for {@code "min"} (and {@code minDelta} is negated) and {@code >} for {@code "max"}. In {@code
 * "auto"} mode the direction comes from the metric: {@code loss} and errors go down, accuracies up;
 * a quantity with no known direction is an error asking for an explicit mode.
 */
public abstract class MonitorCallback implements Callback {
  private final String monitor;
  private final String mode;
  private double minDelta;
  private boolean resolved;
  private boolean less;

  /** The best value so far (Keras {@code best}); NaN means none yet (Keras' {@code None}). */
  protected double best;

  private FitContext context;

  /**
   * A callback watching {@code monitor}.
   *
   * @param monitor the log entry to watch, e.g. {@code "val_loss"}
   * @param mode {@code "auto"}, {@code "min"} or {@code "max"} (anything else falls back to auto,
   *     as in Keras, which warns)
   * @param baseline the initial best value, NaN for none
   * @param minDelta the smallest change that counts as an improvement (its absolute value is used)
   */
  protected MonitorCallback(String monitor, String mode, double baseline, double minDelta) {
    this.monitor = java.util.Objects.requireNonNull(monitor, "monitor");
    String m = mode.toLowerCase(Locale.ROOT);
    this.mode = m.equals("min") || m.equals("max") ? m : "auto";
    this.best = baseline;
    this.minDelta = Math.abs(minDelta);
  }

  /** The monitored log entry. */
  public final String monitor() {
    return monitor;
  }

  @Override
  public void setContext(FitContext context) {
    this.context = context;
  }

  /** The fit this callback runs in. */
  protected final FitContext context() {
    if (context == null) {
      throw new IllegalStateException(getClass().getSimpleName() + " is not in a fit");
    }
    return context;
  }

  /**
   * Fixes the comparison on first use, when the metrics are known (Keras {@code _set_monitor_op}).
   */
  protected final void resolveMode() {
    if (resolved) {
      return;
    }
    if (mode.equals("min")) {
      less = true;
    } else if (mode.equals("max")) {
      less = false;
    } else {
      Metric.Direction direction = context().direction(monitor);
      if (direction == Metric.Direction.NONE) {
        throw new IllegalArgumentException(
            getClass().getSimpleName()
                + " callback received monitor="
                + monitor
                + ", but rnnc isn't able to automatically determine whether that metric should be maximized or "
                + "minimized. Pass mode \"max\" in order to monitor based on the highest metric value, or pass mode "
                + "\"min\" in order to use the lowest value.");
      }
      less = direction == Metric.Direction.DOWN;
    }
    if (less) {
      minDelta = -minDelta;
    }
    resolved = true;
  }

  /** Keras {@code _is_improvement}: true against no reference (NaN). */
  protected final boolean isImprovement(double value, double reference) {
    if (Double.isNaN(reference)) {
      return true;
    }
    return less ? value - minDelta < reference : value - minDelta > reference;
  }

  /** The monitored value in {@code logs}, or NaN (with a warning, as Keras warns) when absent. */
  protected final double monitored(Logs logs, String what) {
    if (!logs.has(monitor)) {
      System.getLogger(getClass().getName())
          .log(
              System.Logger.Level.WARNING,
              what
                  + " conditioned on metric `"
                  + monitor
                  + "` which is not available. Available metrics are: "
                  + String.join(",", logs.names()));
      return Double.NaN;
    }
    return logs.get(monitor);
  }
}
