package dev.rnnc.runtime.train;

/**
 * Keras {@code Huber(delta)}: per row the mean over the last axis of {@code ½e²} where {@code |e|
 * <= delta} and {@code delta·|e| - ½delta²} elsewhere, {@code e = yPred - yTrue}
 * (keras/src/losses/losses.py {@code huber}: the quadratic branch includes {@code |e| == delta}).
 */
public final class Huber extends Loss {
  private final double delta;

  /** Keras' default, {@code delta = 1}. */
  public Huber() {
    this(1.0);
  }

  /** The loss with the given {@code delta} (> 0), named {@code "huber_loss"} as Keras names it. */
  public Huber(double delta) {
    super("huber_loss");
    if (!(delta > 0)) {
      throw new IllegalArgumentException("Huber delta must be > 0, was " + delta);
    }
    this.delta = (float) delta; // Keras converts delta to the float32 dtype of the predictions
  }

  /** The point where the loss turns from quadratic to linear. */
  public double delta() {
    return delta;
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
      double e = (double) yPred[predOffset + c] - yTrue[trueOffset + c];
      double abs = Math.abs(e);
      boolean quadratic = abs <= delta;
      sum += quadratic ? 0.5 * e * e : delta * abs - 0.5 * delta * delta;
      if (gradient != null) {
        gradient[predOffset + c] = (float) (factor * (quadratic ? e : delta * Math.signum(e)));
      }
    }
    return sum / width;
  }
}
