package dev.rnnc.runtime.train;

/**
 * Keras {@code Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False)}
 * (keras/src/optimizers/adam.py). Keras puts epsilon outside the square root and folds the bias
 * corrections into the step size:
 *
 * <pre>
 *   m += (g - m)·(1 - β1);  v += (g² - v)·(1 - β2);  v̂ = max(v̂, v) with amsgrad
 *   α = lr·√(1 - β2^t) / (1 - β1^t),  t = iterations + 1
 *   p -= m·α / (√v + ε)
 * </pre>
 *
 * Slots per parameter: {@code momentum}, {@code velocity} (and {@code velocity_hat} with amsgrad).
 */
public final class Adam extends AdamFamily {

  /** Keras' defaults. */
  public Adam() {
    this(builder());
  }

  private Adam(Builder builder) {
    super("adam", builder);
  }

  /** Options with Keras' defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Adam options. */
  public static final class Builder extends AdamOptions<Builder> {
    private Builder() {}

    /** The optimizer. */
    public Adam build() {
      return new Adam(this);
    }
  }
}
