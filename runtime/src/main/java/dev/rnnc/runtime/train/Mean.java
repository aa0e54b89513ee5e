package dev.rnnc.runtime.train;

/**
 * Keras {@code metrics.Mean}: the weighted mean of the values given, {@code Σ v·w / Σ w} (0 while
 * {@code Σ w = 0}). The fit loop's {@code loss} entry is one, updated with each batch's loss
 * weighted by the batch's sample count (keras/src/backend/tensorflow/trainer.py: {@code
 * _loss_tracker.update_state( loss, sample_weight=batch_size)}).
 */
public final class Mean extends Metric {
  private final Direction direction;
  private double total;
  private double count;

  /** A mean with the given name and direction. */
  public Mean(String name, Direction direction) {
    super(name);
    this.direction = direction;
  }

  /** The loss tracker: named {@code "loss"}, smaller is better. */
  public static Mean lossTracker() {
    return new Mean("loss", Direction.DOWN);
  }

  /** Adds {@code value} with weight {@code weight}. */
  public void update(double value, double weight) {
    total += value * weight;
    count += weight;
  }

  @Override
  public Direction direction() {
    return direction;
  }

  @Override
  public void reset() {
    total = 0;
    count = 0;
  }

  @Override
  public double result() {
    return count == 0 ? 0 : total / count;
  }
}
