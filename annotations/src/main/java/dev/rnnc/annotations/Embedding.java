package dev.rnnc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Turns token ids into dense vectors, as Keras 3 {@code keras.layers.Embedding}. Only valid as the
 * first layer of a model with {@code @Input(dtype = INT32)}; ids must lie in {@code [0, inputDim)},
 * which the generated code checks at each call.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Embedding {
  /** Size of the vocabulary: the largest id plus one; must be positive. */
  int inputDim();

  /** Dimension of each embedding vector; must be positive. */
  int outputDim();

  /**
   * Treat id 0 as padding: timesteps whose id is 0 are masked for the layers after (Keras {@code
   * mask_zero}); id 0 is then reserved, so {@code inputDim} is the vocabulary size plus one.
   */
  boolean maskZero() default false;
}
