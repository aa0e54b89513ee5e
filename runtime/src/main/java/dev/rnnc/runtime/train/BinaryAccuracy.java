package dev.rnnc.runtime.train;

/**
 * Keras {@code BinaryAccuracy(threshold=0.5)}: per row the fraction of elements where {@code (yPred
 * > threshold) == yTrue} (strictly greater; targets compared as floats, so only 0 and 1 can match).
 */
public final class BinaryAccuracy extends MeanMetricWrapper {
  private final float threshold;

  /** Named {@code "binary_accuracy"}, threshold 0.5. */
  public BinaryAccuracy() {
    this("binary_accuracy", 0.5);
  }

  /** With the given history key and threshold. */
  public BinaryAccuracy(String name, double threshold) {
    super(name);
    this.threshold = (float) threshold;
  }

  @Override
  public Direction direction() {
    return Direction.UP;
  }

  @Override
  protected double rowValue(
      float[] yTrue, int trueOffset, float[] yPred, int predOffset, int width) {
    int matches = 0;
    for (int c = 0; c < width; c++) {
      float predicted = yPred[predOffset + c] > threshold ? 1f : 0f;
      if (predicted == yTrue[trueOffset + c]) {
        matches++;
      }
    }
    return (double) matches / width;
  }
}
