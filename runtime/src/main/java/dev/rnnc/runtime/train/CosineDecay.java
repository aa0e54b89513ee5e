package dev.rnnc.runtime.train;

/**
 * Keras {@code CosineDecay} with its optional linear warmup: without a warmup target the rate falls
 * from {@code initial} to {@code initial·alpha} along half a cosine over {@code decaySteps} steps
 * and stays there; with one it first rises linearly from {@code initial} to {@code warmupTarget}
 * over {@code warmupSteps} steps, then decays from {@code warmupTarget}. Computed in float32 as
 * Keras does (keras/src/optimizers/schedules/learning_rate_schedule.py).
 *
 * @param initialLearningRate the rate at step 0
 * @param decaySteps steps of the cosine part, > 0
 * @param alpha the final rate as a fraction of the decay's starting rate
 * @param warmupTarget the rate reached after the warmup, or NaN for no warmup (Keras' {@code None})
 * @param warmupSteps steps of the warmup
 */
public record CosineDecay(
    double initialLearningRate,
    long decaySteps,
    double alpha,
    double warmupTarget,
    long warmupSteps)
    implements LearningRateSchedule {

  /** Checks {@code decaySteps > 0}, as Keras does, and {@code warmupSteps >= 0}. */
  public CosineDecay {
    if (decaySteps <= 0) {
      throw new IllegalArgumentException(
          "Argument `decaySteps` must be > 0. Received: decaySteps=" + decaySteps);
    }
    if (warmupSteps < 0) {
      throw new IllegalArgumentException("warmupSteps must be >= 0, was " + warmupSteps);
    }
  }

  /** Cosine decay without warmup. */
  public CosineDecay(double initialLearningRate, long decaySteps, double alpha) {
    this(initialLearningRate, decaySteps, alpha, Double.NaN, 0);
  }

  /** Cosine decay to 0 without warmup (Keras' {@code alpha = 0}). */
  public CosineDecay(double initialLearningRate, long decaySteps) {
    this(initialLearningRate, decaySteps, 0.0);
  }

  @Override
  public float at(long iterations) {
    float step = iterations;
    float decay = decaySteps;
    if (Double.isNaN(warmupTarget)) {
      return decayed(Math.min(step, decay), decay, (float) initialLearningRate);
    }
    float warmup = warmupSteps;
    step = Math.min(step, decay + warmup);
    if (step < warmup) {
      float initial = (float) initialLearningRate;
      return ((float) warmupTarget - initial) * (step / warmup) + initial;
    }
    return decayed(step - warmup, decay, (float) warmupTarget);
  }

  private float decayed(float step, float decaySteps, float from) {
    float fraction = step / decaySteps;
    float cosine = 0.5f * (1f + (float) Math.cos((float) Math.PI * fraction));
    return from
        * ((float) (1 - alpha) * cosine + (float) alpha); // 1 - alpha in Python floats, as Keras
  }
}
