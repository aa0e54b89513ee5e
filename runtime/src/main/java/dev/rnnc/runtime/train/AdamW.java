package dev.rnnc.runtime.train;

/**
 * Keras {@code AdamW(learning_rate=0.001, weight_decay=0.004, ...)}: {@link Adam} with decoupled
 * weight decay, {@code p -= p·weightDecay·lr} before each Adam update
 * (keras/src/optimizers/adamw.py and the base optimizer's {@code _apply_weight_decay}).
 */
public final class AdamW extends AdamFamily {

  /** Keras' defaults. */
  public AdamW() {
    this(builder());
  }

  private AdamW(Builder builder) {
    super("adamw", builder);
  }

  /** Options with Keras' defaults (weight decay 0.004). */
  public static Builder builder() {
    return new Builder();
  }

  /** AdamW options. */
  public static final class Builder extends AdamOptions<Builder> {
    private Builder() {
      weightDecay(0.004);
    }

    /** The optimizer. */
    public AdamW build() {
      return new AdamW(this);
    }
  }
}
