package dev.rnnc.runtime.train;

/**
 * A loss function as a metric (Keras {@code MeanMetricWrapper(fn=loss)}: {@code "mae"}, {@code
 * "mse"}, {@code metrics=["binary_crossentropy"]}): the mean of the loss's per-row value, weighted
 * as every {@link MeanMetricWrapper}. Smaller is better.
 */
public final class LossMetric extends MeanMetricWrapper {
  private final Loss loss;

  /** The loss's row value under the loss's own name (e.g. {@code "mean_absolute_error"}). */
  public LossMetric(Loss loss) {
    this(loss, loss.name());
  }

  /** The loss's row value under the given history key (e.g. {@code "mae"}). */
  public LossMetric(Loss loss, String name) {
    super(name);
    this.loss = loss;
  }

  /** The wrapped loss. */
  public Loss loss() {
    return loss;
  }

  @Override
  public Direction direction() {
    return Direction.DOWN;
  }

  @Override
  protected int targetWidth(int width) {
    return loss.targetWidth(width);
  }

  @Override
  protected double rowValue(
      float[] yTrue, int trueOffset, float[] yPred, int predOffset, int width) {
    return loss.row(yTrue, trueOffset, yPred, predOffset, width, 0, null);
  }
}
