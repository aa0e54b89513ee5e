package dev.rnnc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a layer-method parameter that names an earlier recurrent layer whose final states become
 * this recurrent layer's initial states, as Keras' {@code layer(x, initial_state=encoder_states)}:
 *
 * <pre>{@code
 * @LSTM(units = 64, returnState = true)      Layer encoder(Layer encoderEmbedding);
 * @LSTM(units = 64, returnSequences = true)  Layer decoder(Layer decoderEmbedding, @InitialState Layer encoder);
 * }</pre>
 *
 * <p>The named layer must be an {@link LSTM}, {@link GRU}, {@link SimpleRNN}, {@link RNN} or {@link
 * Bidirectional} layer declared with {@code returnState = true}; its states, in Keras' order (LSTM
 * h, c; an {@code @RNN} every cell's, cell after cell; a Bidirectional layer the forward states,
 * then the backward ones), must match this layer's in number and width, by position. A
 * Bidirectional layer (also around an {@code @RNN} stack) gives the first half to its forward
 * direction and the second half to its backward one, as Keras' {@code Bidirectional} splits {@code
 * initial_state}. Masked timesteps keep the given states, as Keras computes with an explicit mask.
 * (Keras 3.15 itself drops the automatic mask of a layer called with {@code initial_state} inside a
 * functional model; rnnc keeps it, as for initial states passed to a call.)
 *
 * <p>Java forbids two parameters of one name, so a layer that reads another layer's output and
 * starts from that same layer's states names it in {@link #value()}: {@code @GRU(units = 4) Layer
 * decoder(Layer encoder, @InitialState("encoder") Layer encoderStates);}
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface InitialState {
  /**
   * The layer whose states start this one; empty (the default): the layer the parameter's name
   * names.
   */
  String value() default "";
}
