package dev.rnnc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a class as a custom recurrent cell — "the inside of the for loop" — for {@link
 * RNN @RNN(cell = ...)}, with the sizes the processor checks against the neighbouring layers.
 *
 * <p>The class implements {@code dev.rnnc.runtime.Cell} and has a public constructor {@code
 * (int inputSize, int units)}; {@code units} is the {@code @RNN} layer's. Sizes are numbers, or
 * {@link #UNITS} for the layer's units, as Keras cells usually size themselves.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface RnnCell {
  /** Stands for the {@code units} of the {@code @RNN} layer using the cell. */
  int UNITS = -1;

  /** Sizes of the cell's states (Keras {@code state_size}), in the order {@code step} receives them. */
  int[] stateSizes() default {UNITS};

  /** Size of the cell's output per timestep (Keras {@code output_size}). */
  int outputSize() default UNITS;

  /** The input width the cell requires; 0 (the default) accepts any. */
  int inputSize() default 0;
}
