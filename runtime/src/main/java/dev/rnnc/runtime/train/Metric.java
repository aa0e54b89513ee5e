package dev.rnnc.runtime.train;

/**
 * A streaming Keras metric: updated batch by batch, read with {@link #result()}, reset at the start
 * of every epoch and before every evaluation. Its {@link #name()} is the history key ({@code
 * "accuracy"}, {@code "val_accuracy"} for validation).
 */
public abstract class Metric {
  private final String name;

  /** Whether a larger or a smaller value is better: what {@code mode="auto"} callbacks go by. */
  public enum Direction {
    /** Larger is better (accuracies; Keras {@code _direction = "up"}). */
    UP,
    /** Smaller is better (errors and losses; Keras {@code "down"}). */
    DOWN,
    /** Unknown: a callback monitoring it needs an explicit mode. */
    NONE
  }

  /** A metric with the given history key. */
  protected Metric(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a metric needs a name");
    }
    this.name = name;
  }

  /** The history key, e.g. {@code "accuracy"}. */
  public final String name() {
    return name;
  }

  /** Whether larger or smaller values are better. */
  public abstract Direction direction();

  /** Forgets everything seen (Keras {@code reset_state}). */
  public abstract void reset();

  /**
   * The value over everything seen since the last reset (Keras {@code result()}); 0 before any
   * update.
   */
  public abstract double result();

  @Override
  public String toString() {
    return name + "=" + result();
  }
}
