package dev.rnnc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Dropout, as Keras 3 {@code keras.layers.Dropout}: the identity at inference; during training it
 * zeroes a {@code rate} fraction of inputs and scales the rest by {@code 1/(1-rate)}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Dropout {
  /** Fraction of the inputs to drop, in {@code [0, 1)}. */
  double rate();
}
