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
 *
 * <p>The wrapped layer is an {@link LSTM}, {@link GRU}, {@link SimpleRNN}, or an {@link RNN} over a
 * custom cell or stacked cells (Keras {@code Bidirectional(RNN(cell))}); around {@code @RNN},
 * {@code mergeMode = "none"}, {@link #backwardLayer()} and {@code stateful} are not supported yet.
 *
 * <p>Keras' {@code backward_layer}: {@link #backwardLayer()} names another layer method whose
 * {@code @LSTM}, {@code @GRU} or {@code @SimpleRNN} is the backward direction. As Keras requires,
 * it sets the other {@code goBackwards} and the same {@code returnSequences}, {@code returnState}
 * and {@code stateful}; the class and options may differ. That method is no layer of the graph of
 * its own: its accessor returns this Bidirectional layer, whose variables hold both directions.
 *
 * <pre>{@code
 * @Bidirectional(backwardLayer = "reverse")
 * @LSTM(units = 6, returnSequences = true)
 * Layer encoder();
 *
 * @GRU(units = 6, returnSequences = true, goBackwards = true)
 * Layer reverse();
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Bidirectional {
  /**
   * How outputs combine: {@code "concat"} (default, 2·units wide), {@code "sum"}, {@code "mul"},
   * {@code "ave"}, or {@code "none"} (Keras' {@code merge_mode=None}): no merge, later layers read
   * one direction each through a {@link Forward} or {@link Backward} parameter.
   */
  String mergeMode() default "concat";

  /**
   * The layer method declaring the backward direction (Keras' {@code backward_layer}), or {@code
   * ""} for a copy of this layer processing the other way.
   */
  String backwardLayer() default "";
}
