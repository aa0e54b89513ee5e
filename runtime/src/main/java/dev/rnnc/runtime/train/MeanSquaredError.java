package dev.rnnc.runtime.train;

/** Keras {@code MeanSquaredError}: per row {@code mean((yPred - yTrue)²)} over the last axis. */
public final class MeanSquaredError extends Loss {

  /** The loss, named {@code "mean_squared_error"} as Keras names it. */
  public MeanSquaredError() {
    super("mean_squared_error");
  }

  @Override
  protected double row(
      float[] yTrue,
      int trueOffset,
      float[] yPred,
      int predOffset,
      int width,
      double scale,
      float[] gradient) {
    double sum = 0;
    double factor = 2 * scale / width;
    for (int c = 0; c < width; c++) {
      double d = (double) yPred[predOffset + c] - yTrue[trueOffset + c];
      sum += d * d;
      if (gradient != null) {
        gradient[predOffset + c] = (float) (factor * d);
      }
    }
    return sum / width;
  }
}
