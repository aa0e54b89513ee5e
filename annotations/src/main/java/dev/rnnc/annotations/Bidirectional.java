package dev.rnnc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the recurrent layer annotated on the same method in both directions, as Keras 3 {@code
 * keras.layers.Bidirectional}: a forward copy and a backward copy ({@code goBackwards}) with
 * weights of their own, whose outputs are merged.
 *
 * <pre>{@code
 * @Bidirectional(mergeMode = "concat")
 * @LSTM(units = 32, returnSequences = true)
 * Layer encoder();
 * }</pre>
 *
 * <p>With {@code returnSequences}, the backward output is flipped back to input order before the
 * merge, and both directions output zeros at masked timesteps (Keras forces {@code
 * zero_output_for_mask = return_sequences}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Bidirectional {
  /** How outputs combine: {@code "concat"} (default, 2·units wide), {@code "sum"}, {@code "mul"} or {@code "ave"}. */
  String mergeMode() default "concat";
}
