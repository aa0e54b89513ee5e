package dev.rnnc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A densely-connected layer, as Keras 3 {@code keras.layers.Dense}: {@code y = activation(x·kernel
 * + bias)} on the last axis. On a sequence it applies to every timestep, as in Keras.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Dense {
  /** Dimensionality of the output space; must be positive. */
  int units();

  /** Activation (Keras name, {@code "softmax"} included); {@code "linear"} by default. */
  String activation() default "linear";

  /** Whether the layer has a bias vector. */
  boolean useBias() default true;

  /**
   * How {@code kernel} starts in {@code create(seed)}: a Keras initializer name, with Keras'
   * default arguments: {@code zeros}, {@code ones}, {@code constant} (0), {@code glorot_uniform},
   * {@code glorot_normal}, {@code he_uniform}, {@code he_normal}, {@code lecun_uniform}, {@code
   * lecun_normal}, {@code variance_scaling}, {@code orthogonal}, {@code random_normal}, {@code
   * random_uniform}, {@code truncated_normal}, {@code identity}. Loaded weights replace it.
   */
  String kernelInitializer() default "glorot_uniform";

  /** How {@code bias} starts in {@code create(seed)}, as {@link #kernelInitializer}. */
  String biasInitializer() default "zeros";
}
