package dev.rnnc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The shape of one input sample, as Keras' {@code keras.Input(shape=(timesteps, features))}.
 *
 * <p>Float input is a sequence of feature vectors, {@code (timesteps, features)}. Token input
 * ({@code dtype = INT32}) is a sequence of ids, {@code (timesteps,)}, and must be followed by an
 * {@link Embedding}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface Input {
  /** Marks a variable number of timesteps (Keras {@code None}). */
  int VARIABLE = -1;

  /** Timesteps per sample, or {@link #VARIABLE} to accept any length at each call. */
  int timesteps() default VARIABLE;

  /** Features per timestep; required for float input, not allowed for token input. */
  int features() default 0;

  /** The element type: float features or integer token ids. */
  Dtype dtype() default Dtype.FLOAT32;

  /** Element types of a model input. */
  enum Dtype {
    /** {@code float32} features: {@code float[][]} per sample. */
    FLOAT32,
    /** {@code int32} token ids: {@code int[]} per sample, to be embedded. */
    INT32
  }
}
