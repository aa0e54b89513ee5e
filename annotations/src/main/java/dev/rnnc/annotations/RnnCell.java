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
 * <p>The class implements {@code dev.rnnc.runtime.Cell} and has a public constructor {@code (int
 * inputSize, int units)}; {@code units} is the {@code @RNN} layer's. Sizes are numbers, or {@link
 * #UNITS} for the layer's units, as Keras cells usually size themselves.
 *
 * <p>A cell with several inputs per timestep (the Keras RNN guide's {@code NestedCell}) declares
 * {@link #inputSizes}, implements {@code dev.rnnc.runtime.MultiInputCell} instead and has a public
 * constructor {@code (int[] inputSizes, int units)}; its {@code @RNN} layer method names one input
 * per entry. Nested shapes are flattened row-major: a per-timestep input {@code (i2, i3)} is a row
 * of {@code i2·i3} features, a state {@code (unit_2, unit_3)} has size {@code unit_2·unit_3}, and
 * several outputs are one output vector, concatenated in order.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface RnnCell {
  /** Stands for the {@code units} of the {@code @RNN} layer using the cell. */
  int UNITS = -1;

  /**
   * Sizes of the cell's states (Keras {@code state_size}), in the order {@code step} receives them.
   */
  int[] stateSizes() default {UNITS};

  /** Size of the cell's output per timestep (Keras {@code output_size}). */
  int outputSize() default UNITS;

  /** The input width the cell requires; 0 (the default) accepts any. */
  int inputSize() default 0;

  /**
   * The widths of the cell's inputs per timestep, one entry per input (two or more), each a number
   * or 0 for any width; empty (the default) for a one-input {@code Cell}.
   */
  int[] inputSizes() default {};
}
