package dev.rnnc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Applies the {@link Dense} layer annotated on the same method to every timestep, as Keras 3 {@code
 * keras.layers.TimeDistributed(Dense(...))}. Numerically the same as a {@code @Dense} on a
 * sequence; it exists so Keras models that use it import 1:1 (weights under {@code
 * time_distributed/layer}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface TimeDistributed {}
