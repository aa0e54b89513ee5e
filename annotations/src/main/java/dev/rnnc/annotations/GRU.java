package dev.rnnc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A gated recurrent unit layer, as Keras 3 {@code keras.layers.GRU}.
 *
 * <p>Gates, in Keras' weight order: update {@code z}, reset {@code r}, candidate {@code h}:
 * {@code h' = z*h + (1-z)*hh}. Weights: {@code kernel} (features, 3·units), {@code
 * recurrent_kernel} (units, 3·units), {@code bias} (2, 3·units) with {@code resetAfter}, else
 * (3·units).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface GRU {
  /** Dimensionality of the output space; must be positive. */
  int units();

  /** Activation of the candidate (Keras name); {@code "tanh"} by default. */
  String activation() default "tanh";

  /** Activation of the z and r gates (Keras name); {@code "sigmoid"} by default. */
  String recurrentActivation() default "sigmoid";

  /** Whether the layer has bias vectors. */
  boolean useBias() default true;

  /**
   * Apply the reset gate after the recurrent matrix product (Keras 3 default, cuDNN- and
   * PyTorch-compatible, two bias vectors) rather than before it (one bias vector).
   */
  boolean resetAfter() default true;

  /** Return the output of every timestep (timesteps, units) instead of the last (units). */
  boolean returnSequences() default false;
}
