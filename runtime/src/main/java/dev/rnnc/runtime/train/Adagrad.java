package dev.rnnc.runtime.train;

import java.util.List;

/**
 * Keras {@code Adagrad(learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7)}
 * (keras/src/optimizers/adagrad.py): {@code acc += g²; p -= lr·g / √(acc + ε)} (epsilon inside the
 * root). Slot per parameter: {@code accumulator}, starting at {@code initialAccumulatorValue}.
 */
public final class Adagrad extends Optimizer {
  private final float initialAccumulatorValue;
  private final float epsilon;

  /** Keras' defaults. */
  public Adagrad() {
    this(builder());
  }

  private Adagrad(Builder builder) {
    super("adagrad", builder);
    this.initialAccumulatorValue = (float) builder.initialAccumulatorValue;
    this.epsilon = (float) builder.epsilon;
  }

  /** Options with Keras' defaults. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected List<String> slotNames() {
    return List.of("accumulator");
  }

  @Override
  protected float slotInitialValue(int slot) {
    return initialAccumulatorValue;
  }

  @Override
  protected void update(
      float[] p, float[] g, float[][] slots, float lr, long iterations, int from, int to) {
    float[] accumulator = slots[0];
    for (int j = from; j < to; j++) {
      accumulator[j] += g[j] * g[j];
      p[j] -= lr * g[j] / (float) Math.sqrt(accumulator[j] + epsilon);
    }
  }

  /** Adagrad options in Keras' names. */
  public static final class Builder extends Options<Builder> {
    private double initialAccumulatorValue = 0.1;
    private double epsilon = 1e-7;

    private Builder() {
      super(0.001);
    }

    /** Keras {@code initial_accumulator_value}. */
    public Builder initialAccumulatorValue(double value) {
      this.initialAccumulatorValue = nonNegative("initialAccumulatorValue", value);
      return this;
    }

    /** Keras {@code epsilon}, added inside the square root. */
    public Builder epsilon(double value) {
      this.epsilon = nonNegative("epsilon", value);
      return this;
    }

    /** The optimizer. */
    public Adagrad build() {
      return new Adagrad(this);
    }
  }
}
