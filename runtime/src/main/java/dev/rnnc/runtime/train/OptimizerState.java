package dev.rnnc.runtime.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything an optimizer carries between steps, as plain data: resuming from it continues the same
 * trajectory bit for bit. The arrays are copies, owned by this state.
 *
 * @param optimizer the Keras name of the optimizer that wrote it ({@code "adam"}, ...)
 * @param iterations steps applied so far
 * @param learningRate the current learning rate without a schedule (what {@code ReduceLROnPlateau}
 *     may have lowered); with a schedule, the schedule's rate at {@code iterations}
 * @param slots each slot variable, named {@code <parameter>_<slot>} (e.g. {@code
 *     lstm/kernel_momentum}), in Keras' order: per parameter, its slots
 */
public record OptimizerState(
    String optimizer, long iterations, float learningRate, Map<String, float[]> slots) {

  /** Copies the slots into an unmodifiable map that keeps their order. */
  public OptimizerState {
    if (iterations < 0) {
      throw new IllegalArgumentException("iterations must be >= 0, was " + iterations);
    }
    Map<String, float[]> copy = new LinkedHashMap<>();
    slots.forEach((name, values) -> copy.put(name, values.clone()));
    slots = Collections.unmodifiableMap(copy);
  }

  /** A copy of one slot's values. */
  public float[] slot(String name) {
    float[] values = slots.get(name);
    if (values == null) {
      throw new IllegalArgumentException(
          "no slot '" + name + "' in the " + optimizer + " state; slots: " + slots.keySet());
    }
    return values.clone();
  }
}
