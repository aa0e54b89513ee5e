package dev.rnnc.runtime.train;

import java.util.List;

/**
 * Keras {@code SGD(learning_rate=0.01, momentum=0, nesterov=False)}: {@code p -= lr·g}; with
 * momentum {@code m = momentum·m - lr·g}, then {@code p += m}, or with Nesterov {@code p +=
 * momentum·m - lr·g} (keras/src/optimizers/sgd.py). The {@code momentum} slot exists only when
 * momentum is not 0.
 */
public final class SGD extends Optimizer {
  private final float momentum;
  private final boolean nesterov;

  /** Keras' defaults: learning rate 0.01, no momentum. */
  public SGD() {
    this(builder());
  }

  private SGD(Builder builder) {
    super("sgd", builder);
    this.momentum = (float) builder.momentum;
    this.nesterov = builder.nesterov;
  }

  /** Options with Keras' defaults. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected List<String> slotNames() {
    return momentum != 0 ? List.of("momentum") : List.of();
  }

  @Override
  protected void update(
      float[] p, float[] g, float[][] slots, float lr, long iterations, int from, int to) {
    if (momentum == 0) {
      for (int j = from; j < to; j++) {
        p[j] -= g[j] * lr;
      }
      return;
    }
    float[] m = slots[0];
    for (int j = from; j < to; j++) {
      m[j] = m[j] * momentum - g[j] * lr;
      p[j] += nesterov ? m[j] * momentum - g[j] * lr : m[j];
    }
  }

  /** SGD options in Keras' names. */
  public static final class Builder extends Options<Builder> {
    private double momentum;
    private boolean nesterov;

    private Builder() {
      super(0.01);
    }

    /** Keras {@code momentum}, in [0, 1]. */
    public Builder momentum(double value) {
      if (!(value >= 0 && value <= 1)) {
        throw new IllegalArgumentException(
            "`momentum` must be a float between [0, 1]. Received: momentum=" + value);
      }
      this.momentum = value;
      return this;
    }

    /** Keras {@code nesterov}. */
    public Builder nesterov(boolean value) {
      this.nesterov = value;
      return this;
    }

    /** The optimizer. */
    public SGD build() {
      return new SGD(this);
    }
  }
}
