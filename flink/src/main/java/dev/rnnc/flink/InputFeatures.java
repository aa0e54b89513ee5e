package dev.rnnc.flink;

import java.io.Serializable;

/**
 * Writes an event's features into the model's input array (reused from event to event: overwrite
 * every element).
 *
 * @param <IN> the event type
 */
@FunctionalInterface
public interface InputFeatures<IN> extends Serializable {
  void write(IN event, float[] input);
}
