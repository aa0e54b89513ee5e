package dev.rnnc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A long short-term memory layer, as Keras 3 {@code keras.layers.LSTM}.
 *
 * <p>Gates, in Keras' weight order: input {@code i}, forget {@code f}, candidate {@code c},
 * output {@code o}: {@code c' = f*c + i*g}, {@code h' = o*activation(c')}. Weights: {@code kernel}
 * (features, 4·units), {@code recurrent_kernel} (units, 4·units), {@code bias} (4·units).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface LSTM {
  /** Dimensionality of the output space; must be positive. */
  int units();

  /** Activation of the candidate and the cell output (Keras name); {@code "tanh"} by default. */
  String activation() default "tanh";

  /** Activation of the i, f and o gates (Keras name); {@code "sigmoid"} by default. */
  String recurrentActivation() default "sigmoid";

  /** Whether the layer has a bias vector. */
  boolean useBias() default true;

  /** Initialize the forget gate's bias to 1 (Jozefowicz et al.); affects {@code create} only. */
  boolean unitForgetBias() default true;

  /** Return the output of every timestep (timesteps, units) instead of the last (units). */
  boolean returnSequences() default false;
}
