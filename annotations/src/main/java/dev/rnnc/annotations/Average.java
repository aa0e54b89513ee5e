package dev.rnnc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Averages its inputs element-wise, as Keras 3 {@code keras.layers.Average}: their sum divided by
 * their number.
 *
 * <p>Its inputs, two or more, are named by the method's {@code Layer} parameters and must have the
 * same shape: all sequences with the same timesteps and width, or all vectors of one width.
 *
 * <pre>{@code
 * @Average Layer merged(Layer left, Layer right);
 * }</pre>
 *
 * <p>Masks follow Keras 3.15: when every input carries a mask, the output's mask is their logical
 * or; when some input carries none, no mask flows on.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Average {}
