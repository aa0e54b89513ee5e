package dev.rnnc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Masks the timesteps whose features all equal {@code maskValue}, as Keras 3 {@code
 * keras.layers.Masking}: they are zeroed, and recurrent layers after it skip them (carrying their
 * state across) — the usual way to feed padded variable-length float sequences.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Masking {
  /** The padding value; a timestep is masked when every feature equals it. */
  double maskValue() default 0.0;
}
