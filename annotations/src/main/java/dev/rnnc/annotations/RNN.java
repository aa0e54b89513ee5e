package dev.rnnc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The generic recurrent layer around a custom cell, as Keras 3 {@code keras.layers.RNN(cell)}:
 * the generated loop calls the cell's {@code step} once per timestep, carrying its states.
 *
 * <pre>{@code
 * @RNN(cell = MinimalRnnCell.class, units = 32, returnSequences = true)
 * Layer custom();
 * }</pre>
 *
 * <p>Weights are the cell's {@code variables()}, loaded from Keras' {@code layers/rnn/cell/vars}
 * in that order.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface RNN {
  /** The cell class: annotated {@link RnnCell}, implementing {@code dev.rnnc.runtime.Cell}. */
  Class<?> cell();

  /** Passed to the cell's constructor; sizes declared as {@link RnnCell#UNITS} take it. */
  int units();

  /** Return the output of every timestep instead of the last. */
  boolean returnSequences() default false;

  /** Process the sequence backwards; sequence output stays in processing order, as Keras. */
  boolean goBackwards() default false;

  /** Keep the final states between calls (Keras {@code stateful}). */
  boolean stateful() default false;
}
