package dev.rnnc.runtime.train;

/**
 * Keras {@code EarlyStopping} (keras/src/callbacks/early_stopping.py): stops training when the
 * monitored quantity has not improved for {@code patience} epochs (never at epoch 0). With {@code
 * restoreBestWeights} it snapshots the weights at every improvement (and at the first monitored
 * epoch) through the fit's {@link TrainableState}, and puts the best back when training ends,
 * whether or not it stopped early, as Keras 3 does.
 */
public final class EarlyStopping extends MonitorCallback {
  private final int patience;
  private final int verbose;
  private final double baseline;
  private final boolean restoreBestWeights;
  private final int startFromEpoch;
  private int wait;
  private int stoppedEpoch;
  private int bestEpoch;
  private WeightSnapshot bestWeights;

  /** Keras' defaults: monitor {@code val_loss}, patience 0. */
  public EarlyStopping() {
    this(builder());
  }

  private EarlyStopping(Builder b) {
    super(b.monitor, b.mode, Double.NaN, b.minDelta); // Keras keeps baseline apart from best
    this.patience = b.patience;
    this.verbose = b.verbose;
    this.baseline = b.baseline;
    this.restoreBestWeights = b.restoreBestWeights;
    this.startFromEpoch = b.startFromEpoch;
  }

  /** Options with Keras' defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The 0-based epoch at which training was stopped, 0 if it was not. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }

  /** The 0-based epoch of the best monitored value. */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** The best monitored value, NaN before any. */
  public double best() {
    return best;
  }

  @Override
  public void onTrainBegin(Logs logs) {
    // Keras resets these so one instance can serve several fits (the baseline is not restored:
    // Keras' None)
    wait = 0;
    stoppedEpoch = 0;
    best = Double.NaN;
    bestWeights = null;
    bestEpoch = 0;
  }

  @Override
  public void onEpochEnd(int epoch, Logs logs) {
    resolveMode();
    double current = monitored(logs, "Early stopping");
    if (Double.isNaN(current) || epoch < startFromEpoch) {
      return;
    }
    if (restoreBestWeights && bestWeights == null) {
      bestWeights = context().state().snapshot();
      bestEpoch = epoch;
    }
    wait++;
    if (isImprovement(current, best)) {
      best = current;
      bestEpoch = epoch;
      if (restoreBestWeights) {
        bestWeights = context().state().snapshot();
      }
      if (Double.isNaN(baseline) || isImprovement(current, baseline)) {
        wait = 0;
      }
      return;
    }
    if (wait >= patience && epoch > 0) {
      stoppedEpoch = epoch;
      context().stopTraining();
    }
  }

  @Override
  public void onTrainEnd(Logs logs) {
    if (stoppedEpoch > 0 && verbose > 0) {
      context().out().print("Epoch " + (stoppedEpoch + 1) + ": early stopping\n");
    }
    if (restoreBestWeights && bestWeights != null) {
      if (verbose > 0) {
        context()
            .out()
            .print(
                "Restoring model weights from the end of the best epoch: "
                    + (bestEpoch + 1)
                    + ".\n");
      }
      context().state().restore(bestWeights);
    }
  }

  /** EarlyStopping options in Keras' names and defaults. */
  public static final class Builder {
    private String monitor = "val_loss";
    private double minDelta;
    private int patience;
    private int verbose;
    private String mode = "auto";
    private double baseline = Double.NaN;
    private boolean restoreBestWeights;
    private int startFromEpoch;

    private Builder() {}

    /** Keras {@code monitor} (default {@code val_loss}). */
    public Builder monitor(String value) {
      this.monitor = value;
      return this;
    }

    /** Keras {@code min_delta}: smaller changes are no improvement. */
    public Builder minDelta(double value) {
      this.minDelta = value;
      return this;
    }

    /** Keras {@code patience}: epochs without improvement before stopping. */
    public Builder patience(int value) {
      this.patience = value;
      return this;
    }

    /** Keras {@code verbose}: 1 prints when it stops and restores. */
    public Builder verbose(int value) {
      this.verbose = value;
      return this;
    }

    /** Keras {@code mode}: {@code "auto"}, {@code "min"} or {@code "max"}. */
    public Builder mode(String value) {
      this.mode = value;
      return this;
    }

    /** Keras {@code baseline}: patience only resets on beating it (NaN: none). */
    public Builder baseline(double value) {
      this.baseline = value;
      return this;
    }

    /** Keras {@code restore_best_weights}. */
    public Builder restoreBestWeights(boolean value) {
      this.restoreBestWeights = value;
      return this;
    }

    /** Keras {@code start_from_epoch}: epochs to ignore first. */
    public Builder startFromEpoch(int value) {
      this.startFromEpoch = value;
      return this;
    }

    /** The callback. */
    public EarlyStopping build() {
      return new EarlyStopping(this);
    }
  }
}
