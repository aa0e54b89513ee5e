package dev.rnnc.runtime.train;

/**
 * Keras {@code CategoricalAccuracy}: 1 where {@code argmax(yPred) == argmax(yTrue)} (one-hot
 * targets).
 */
public final class CategoricalAccuracy extends MeanMetricWrapper {

  /** Named {@code "categorical_accuracy"}. */
  public CategoricalAccuracy() {
    this("categorical_accuracy");
  }

  /** With the given history key. */
  public CategoricalAccuracy(String name) {
    super(name);
  }

  @Override
  public Direction direction() {
    return Direction.UP;
  }

  @Override
  protected double rowValue(
      float[] yTrue, int trueOffset, float[] yPred, int predOffset, int width) {
    return argmax(yTrue, trueOffset, width) == argmax(yPred, predOffset, width) ? 1 : 0;
  }
}
