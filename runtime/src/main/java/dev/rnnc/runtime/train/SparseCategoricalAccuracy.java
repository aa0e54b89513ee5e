package dev.rnnc.runtime.train;

/**
 * Keras {@code SparseCategoricalAccuracy}: 1 where {@code argmax(yPred)} equals the row's class
 * label (compared as floats, as Keras does).
 */
public final class SparseCategoricalAccuracy extends MeanMetricWrapper {

  /** Named {@code "sparse_categorical_accuracy"}. */
  public SparseCategoricalAccuracy() {
    this("sparse_categorical_accuracy");
  }

  /** With the given history key. */
  public SparseCategoricalAccuracy(String name) {
    super(name);
  }

  @Override
  public Direction direction() {
    return Direction.UP;
  }

  @Override
  protected int targetWidth(int width) {
    return 1;
  }

  @Override
  protected double rowValue(
      float[] yTrue, int trueOffset, float[] yPred, int predOffset, int width) {
    return argmax(yPred, predOffset, width) == yTrue[trueOffset] ? 1 : 0;
  }

  /** {@link #update} with {@code int} class labels, one per row. */
  public void update(
      OutputLayout layout,
      int samples,
      int[] labels,
      float[] yPred,
      float[] weights,
      boolean[] mask) {
    BatchChecks.check(name(), layout, samples, yPred, weights, mask);
    BatchChecks.checkLabels(name(), layout.rows(samples), labels);
    double batchTotal = 0;
    double batchCount = 0;
    for (int r = 0; r < layout.rows(samples); r++) {
      double w = Loss.weight(weights, mask, r);
      if (w != 0) {
        batchTotal += argmax(yPred, r * layout.stride(), layout.rowWidth(r)) == labels[r] ? w : 0;
        batchCount += w;
      }
    }
    add(batchTotal, batchCount, layout.timesteps());
  }
}
