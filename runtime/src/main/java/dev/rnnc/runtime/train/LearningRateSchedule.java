package dev.rnnc.runtime.train;

/**
 * A learning rate that changes with the optimizer's {@code iterations} (Keras {@code
 * LearningRateSchedule}): the optimizer asks for the rate of step {@code iterations} before it
 * applies that step, so the first step uses {@code at(0)}.
 */
@FunctionalInterface
public interface LearningRateSchedule {

  /** The learning rate (float32, as Keras computes it) for the step taken at {@code iterations}. */
  float at(long iterations);

  /** The same rate at every step. */
  static LearningRateSchedule constant(double learningRate) {
    float rate = (float) learningRate;
    return iterations -> rate;
  }
}
