package dev.rnnc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A fully-connected recurrent layer, as Keras 3 {@code keras.layers.SimpleRNN}: {@code h' =
 * activation(x·kernel + h·recurrent_kernel + bias)}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface SimpleRNN {
  /** Dimensionality of the output space; must be positive. */
  int units();

  /** Activation (Keras name); {@code "tanh"} by default. */
  String activation() default "tanh";

  /** Whether the layer has a bias vector. */
  boolean useBias() default true;

  /** Return the output of every timestep (timesteps, units) instead of the last (units). */
  boolean returnSequences() default false;
}
