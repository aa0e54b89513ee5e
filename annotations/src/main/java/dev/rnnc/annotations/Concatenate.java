package dev.rnnc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Concatenates its inputs along the last axis, as Keras 3 {@code keras.layers.Concatenate()}
 * ({@code axis = -1}): the output width is the sum of the input widths.
 *
 * <p>Its inputs, two or more, are named by the method's {@code Layer} parameters and must all be
 * sequences with the same timesteps, or all vectors.
 *
 * <pre>{@code
 * @Concatenate Layer joined(Layer input, Layer encoder);
 * }</pre>
 *
 * <p>Masks follow Keras 3.15: when every input carries a mask, the output's mask is their logical
 * or; when some input carries none, no mask flows on.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Concatenate {}
