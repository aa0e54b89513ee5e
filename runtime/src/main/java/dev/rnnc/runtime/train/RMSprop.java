package dev.rnnc.runtime.train;

import java.util.List;

/**
 * Keras {@code RMSprop(learning_rate=0.001, rho=0.9, momentum=0, epsilon=1e-7, centered=False)}
 * (keras/src/optimizers/rmsprop.py). Keras puts epsilon inside the square root:
 *
 * <pre>
 *   v = ρ·v + (1-ρ)·g²;  centered: a = ρ·a + (1-ρ)·g,  d = v - a² + ε;  else d = v + ε
 *   Δ = lr·g / √d;  with momentum: m = momentum·m + Δ, p -= m;  else p -= Δ
 * </pre>
 *
 * Slots per parameter: {@code velocity}, then {@code momentum} (momentum > 0), then {@code
 * average_gradient} (centered).
 */
public final class RMSprop extends Optimizer {
  private final float rho;
  private final float oneMinusRho;
  private final float momentum;
  private final float epsilon;
  private final boolean centered;

  /** Keras' defaults. */
  public RMSprop() {
    this(builder());
  }

  private RMSprop(Builder builder) {
    super("rmsprop", builder);
    this.rho = (float) builder.rho;
    this.oneMinusRho = (float) (1 - builder.rho);
    this.momentum = (float) builder.momentum;
    this.epsilon = (float) builder.epsilon;
    this.centered = builder.centered;
  }

  /** Options with Keras' defaults. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected List<String> slotNames() {
    if (momentum > 0) {
      return centered
          ? List.of("velocity", "momentum", "average_gradient")
          : List.of("velocity", "momentum");
    }
    return centered ? List.of("velocity", "average_gradient") : List.of("velocity");
  }

  @Override
  protected void update(
      float[] p, float[] g, float[][] slots, float lr, long iterations, int from, int to) {
    float[] v = slots[0];
    float[] m = momentum > 0 ? slots[1] : null;
    float[] a = centered ? slots[momentum > 0 ? 2 : 1] : null;
    for (int j = from; j < to; j++) {
      v[j] = rho * v[j] + oneMinusRho * (g[j] * g[j]);
      float denominator;
      if (a != null) {
        a[j] = rho * a[j] + oneMinusRho * g[j];
        denominator = v[j] - a[j] * a[j] + epsilon;
      } else {
        denominator = v[j] + epsilon;
      }
      float increment = lr * g[j] / (float) Math.sqrt(denominator);
      if (m != null) {
        m[j] = momentum * m[j] + increment;
        p[j] -= m[j];
      } else {
        p[j] -= increment;
      }
    }
  }

  /** RMSprop options in Keras' names. */
  public static final class Builder extends Options<Builder> {
    private double rho = 0.9;
    private double momentum;
    private double epsilon = 1e-7;
    private boolean centered;

    private Builder() {
      super(0.001);
    }

    /** Keras {@code rho}: the decay of the squared-gradient average. */
    public Builder rho(double value) {
      this.rho = value;
      return this;
    }

    /** Keras {@code momentum} (0: none). */
    public Builder momentum(double value) {
      this.momentum = nonNegative("momentum", value);
      return this;
    }

    /** Keras {@code epsilon}, added inside the square root. */
    public Builder epsilon(double value) {
      this.epsilon = nonNegative("epsilon", value);
      return this;
    }

    /** Keras {@code centered}: normalise by the gradient's estimated variance. */
    public Builder centered(boolean value) {
      this.centered = value;
      return this;
    }

    /** The optimizer. */
    public RMSprop build() {
      return new RMSprop(this);
    }
  }
}
