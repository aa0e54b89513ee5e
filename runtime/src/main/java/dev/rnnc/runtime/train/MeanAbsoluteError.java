package dev.rnnc.runtime.train;

/**
 * Keras {@code MeanAbsoluteError}: per row {@code mean(|yPred - yTrue|)} over the last axis. The
 * gradient at {@code yPred == yTrue} is 0 (TensorFlow's {@code Abs} gradient is {@code sign(x)}).
 */
public final class MeanAbsoluteError extends Loss {

  /** The loss, named {@code "mean_absolute_error"} as Keras names it. */
  public MeanAbsoluteError() {
    super("mean_absolute_error");
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
    double factor = scale / width;
    for (int c = 0; c < width; c++) {
      double d = (double) yPred[predOffset + c] - yTrue[trueOffset + c];
      sum += Math.abs(d);
      if (gradient != null) {
        gradient[predOffset + c] = (float) (factor * Math.signum(d));
      }
    }
    return sum / width;
  }
}
