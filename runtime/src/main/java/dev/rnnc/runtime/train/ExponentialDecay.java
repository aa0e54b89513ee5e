package dev.rnnc.runtime.train;

/**
 * Keras {@code ExponentialDecay}: {@code initial · rate^(step / decaySteps)}, the exponent floored
 * with {@code staircase}. Computed in float32 as Keras does.
 *
 * @param initialLearningRate the rate at step 0
 * @param decaySteps steps per factor of {@code decayRate}, > 0
 * @param decayRate the factor per {@code decaySteps}
 * @param staircase whether the rate drops in steps rather than continuously
 */
public record ExponentialDecay(
    double initialLearningRate, long decaySteps, double decayRate, boolean staircase)
    implements LearningRateSchedule {

  /** Checks {@code decaySteps > 0}, as Keras does. */
  public ExponentialDecay {
    if (decaySteps <= 0) {
      throw new IllegalArgumentException(
          "Argument `decaySteps` must be > 0. Received: decaySteps=" + decaySteps);
    }
  }

  /** Continuous decay ({@code staircase = false}, Keras' default). */
  public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate) {
    this(initialLearningRate, decaySteps, decayRate, false);
  }

  @Override
  public float at(long iterations) {
    float p = (float) iterations / (float) decaySteps;
    if (staircase) {
      p = (float) Math.floor(p);
    }
    return (float) initialLearningRate * (float) Math.pow((float) decayRate, p);
  }
}
