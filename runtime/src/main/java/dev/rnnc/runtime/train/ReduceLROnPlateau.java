package dev.rnnc.runtime.train;

/**
 * Keras {@code ReduceLROnPlateau} (keras/src/callbacks/reduce_lr_on_plateau.py): after {@code
 * patience} epochs without an improvement of at least {@code minDelta}, multiplies the optimizer's
 * learning rate by {@code factor} (not below {@code minLr}), then waits {@code cooldown} epochs.
 * Adds the current learning rate to every epoch's logs as {@code learning_rate}, so it lands in the
 * {@link History}. Needs an optimizer without a schedule.
 */
public final class ReduceLROnPlateau extends MonitorCallback {
  private final double factor;
  private final int patience;
  private final int verbose;
  private final int cooldown;
  private final double minLr;
  private int cooldownCounter;
  private int wait;

  /** Keras' defaults: monitor {@code val_loss}, factor 0.1, patience 10, minDelta 1e-4. */
  public ReduceLROnPlateau() {
    this(builder());
  }

  private ReduceLROnPlateau(Builder b) {
    super(b.monitor, b.mode, Double.NaN, b.minDelta);
    if (b.factor >= 1.0) {
      throw new IllegalArgumentException(
          "ReduceLROnPlateau does not support a factor >= 1.0. Received factor=" + b.factor);
    }
    this.factor = b.factor;
    this.patience = b.patience;
    this.verbose = b.verbose;
    this.cooldown = b.cooldown;
    this.minLr = b.minLr;
  }

  /** Options with Keras' defaults. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void onTrainBegin(Logs logs) {
    best = Double.NaN;
    cooldownCounter = 0;
    wait = 0;
  }

  @Override
  public void onEpochEnd(int epoch, Logs logs) {
    resolveMode();
    Optimizer optimizer = context().optimizer();
    logs.put("learning_rate", optimizer.learningRate());
    double current = monitored(logs, "Learning rate reduction");
    if (Double.isNaN(current)) {
      return;
    }
    if (cooldownCounter > 0) {
      cooldownCounter--;
      wait = 0;
    }
    if (isImprovement(current, best)) {
      best = current;
      wait = 0;
    } else if (cooldownCounter <= 0) {
      wait++;
      if (wait >= patience && reduce(optimizer, epoch)) {
        cooldownCounter = cooldown;
        wait = 0;
      }
    }
  }

  private boolean reduce(Optimizer optimizer, int epoch) {
    double old = optimizer.learningRate();
    if (old > (float) minLr) {
      double reduced = Math.max(old * factor, minLr);
      optimizer.setLearningRate(reduced);
      if (verbose > 0) {
        context()
            .out()
            .print(
                "\nEpoch "
                    + (epoch + 1)
                    + ": ReduceLROnPlateau reducing learning rate to "
                    + PythonFormat.repr(reduced)
                    + ".\n");
      }
      return true;
    }
    return false;
  }

  /** ReduceLROnPlateau options in Keras' names and defaults. */
  public static final class Builder {
    private String monitor = "val_loss";
    private double factor = 0.1;
    private int patience = 10;
    private int verbose;
    private String mode = "auto";
    private double minDelta = 1e-4;
    private int cooldown;
    private double minLr;

    private Builder() {}

    /** Keras {@code monitor} (default {@code val_loss}). */
    public Builder monitor(String value) {
      this.monitor = value;
      return this;
    }

    /** Keras {@code factor}: the multiplier, below 1. */
    public Builder factor(double value) {
      this.factor = value;
      return this;
    }

    /** Keras {@code patience}: epochs without improvement before reducing. */
    public Builder patience(int value) {
      this.patience = value;
      return this;
    }

    /** Keras {@code verbose}: 1 prints each reduction. */
    public Builder verbose(int value) {
      this.verbose = value;
      return this;
    }

    /** Keras {@code mode}: {@code "auto"}, {@code "min"} or {@code "max"}. */
    public Builder mode(String value) {
      this.mode = value;
      return this;
    }

    /** Keras {@code min_delta} (default 1e-4). */
    public Builder minDelta(double value) {
      this.minDelta = value;
      return this;
    }

    /** Keras {@code cooldown}: epochs to wait after a reduction. */
    public Builder cooldown(int value) {
      this.cooldown = value;
      return this;
    }

    /** Keras {@code min_lr}: the floor of the learning rate. */
    public Builder minLr(double value) {
      this.minLr = value;
      return this;
    }

    /** The callback. */
    public ReduceLROnPlateau build() {
      return new ReduceLROnPlateau(this);
    }
  }
}
