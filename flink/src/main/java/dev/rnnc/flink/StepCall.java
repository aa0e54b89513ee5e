package dev.rnnc.flink;

import java.io.Serializable;

/**
 * One step of a stateful model: its generated allocation-free call, such as {@code
 * StationStream::stepInto} for {@code void stepInto(float[] reading, float[] out)}.
 *
 * @param <M> the model's interface
 */
@FunctionalInterface
public interface StepCall<M> extends Serializable {
  /** Runs one step on {@code input}, writing the model's output into {@code output}. */
  void step(M model, float[] input, float[] output);
}
