package dev.rnnc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The loss of one output of a model with several outputs, an element of {@link Compile#losses}:
 * Keras' {@code compile(loss={name: ...}, loss_weights={name: ...}, metrics={name: [...]})} for
 * that output.
 *
 * <pre>{@code
 * @Compile(optimizer = "adam", losses = {
 *     @OutputLoss(output = "tags", value = "categorical_crossentropy", metrics = "accuracy"),
 *     @OutputLoss(output = "score", value = "mse", weight = 0.5)})
 * }</pre>
 *
 * <p>{@link #output} names a component of the record {@code fit} takes as {@code y} (a layer, or
 * one direction {@code <layer>Forward}/{@code <layer>Backward} of a {@code mergeMode = "none"}
 * layer). The model's loss is the sum over its outputs of each output's loss times its weight, as
 * Keras'.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface OutputLoss {
  /** The output: a component name of {@code fit}'s {@code y} record. */
  String output();

  /**
   * The output's loss, by Keras identifier (as {@link Compile#loss}); empty: {@link Compile#loss}.
   */
  String value() default "";

  /** The output's weight in the model's loss, Keras' {@code loss_weights}; 1 by default. */
  double weight() default 1;

  /**
   * Metrics of this output, by Keras identifier (as {@link Compile#metrics}), logged as {@code
   * <output>_<metric>}.
   */
  String[] metrics() default {};
}
