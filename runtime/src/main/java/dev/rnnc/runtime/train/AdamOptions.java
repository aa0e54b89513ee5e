package dev.rnnc.runtime.train;

/**
 * The options of {@link Adam} and {@link AdamW}, in Keras' names.
 *
 * @param <T> the concrete options type
 */
public abstract class AdamOptions<T extends AdamOptions<T>> extends Optimizer.Options<T> {
  private double beta1 = 0.9;
  private double beta2 = 0.999;
  private double epsilon = 1e-7;
  private boolean amsgrad;

  AdamOptions() {
    super(0.001);
  }

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }

  double beta1() {
    return beta1;
  }

  double beta2() {
    return beta2;
  }

  double epsilon() {
    return epsilon;
  }

  boolean amsgrad() {
    return amsgrad;
  }

  /** Keras {@code beta_1}: the decay of the first moment. */
  public T beta1(double value) {
    this.beta1 = value;
    return self();
  }

  /** Keras {@code beta_2}: the decay of the second moment. */
  public T beta2(double value) {
    this.beta2 = value;
    return self();
  }

  /** Keras {@code epsilon}, added to √v. */
  public T epsilon(double value) {
    this.epsilon = nonNegative("epsilon", value);
    return self();
  }

  /** Keras {@code amsgrad}: divide by the running maximum of v. */
  public T amsgrad(boolean value) {
    this.amsgrad = value;
    return self();
  }
}
