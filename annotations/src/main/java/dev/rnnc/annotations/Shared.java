package dev.rnnc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Applies an earlier layer, with its weights, to another input, as calling one Keras layer object
 * on several tensors (a shared layer):
 *
 * <pre>{@code
 * @LSTM(units = 32)      Layer encoder(Layer left);
 * @Shared("encoder")     Layer encodedRight(Layer right);
 * }</pre>
 *
 * <p>The method takes one {@code Layer} parameter, its input, which must have the width the shared
 * layer was declared on (timesteps may differ). It has no weights of its own: {@code layers()} and
 * weight files list the shared layer once, as Keras does, and the method returns the shared layer's
 * handle. Shared layers: {@link LSTM}, {@link GRU}, {@link SimpleRNN} (not Bidirectional, not
 * stateful), {@link Dense} and {@link Embedding}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Shared {
  /** The name of the earlier layer method whose layer (and weights) this one applies. */
  String value();
}
