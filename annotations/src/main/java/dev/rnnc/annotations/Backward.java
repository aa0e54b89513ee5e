package dev.rnnc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a layer-method parameter that names a {@code @Bidirectional(mergeMode = "none")} layer and
 * takes its backward direction's output — the backward element of the list Keras' {@code
 * Bidirectional(..., merge_mode=None)} returns:
 *
 * <pre>{@code
 * @Bidirectional(mergeMode = "none")
 * @LSTM(units = 32, returnSequences = true)     Layer encoder();
 * @Dense(units = 8)                             Layer tags(@Forward Layer encoder);
 * @Concatenate                                  Layer joined(@Backward("encoder") Layer backward, Layer tags);
 * }</pre>
 *
 * <p>With {@code returnSequences} the backward output is in input order, as Keras returns it, and
 * each direction carries the mask that reaches the layer. A layer of merge mode {@code "none"} has
 * no single output: every layer reading it names a direction this way.
 *
 * <p>On a call method it returns the backward direction alone of the model's last layer when that
 * is a {@code @Bidirectional(mergeMode = "none")} layer, as Keras' {@code keras.Model(x,
 * backward)}: {@code @Backward float[][] predict(float[][] x);} (any form of a call returning the
 * output alone, of one input or several, {@code @Packed} batches included; {@link #value()} stays
 * empty). Elsewhere it is a {@code RnncDirectionCall} compile error.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.PARAMETER, ElementType.METHOD})
public @interface Backward {
  /** The Bidirectional layer; empty (the default): the layer the parameter's name names. */
  String value() default "";
}
