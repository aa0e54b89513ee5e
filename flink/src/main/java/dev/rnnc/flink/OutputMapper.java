package dev.rnnc.flink;

import java.io.Serializable;

/**
 * Turns an event and the model's output for it into the emitted record. {@code output} is reused
 * for the next event: copy what the record keeps.
 *
 * @param <IN> the event type
 * @param <OUT> the emitted type
 */
@FunctionalInterface
public interface OutputMapper<IN, OUT> extends Serializable {
  OUT map(IN event, float[] output);
}
