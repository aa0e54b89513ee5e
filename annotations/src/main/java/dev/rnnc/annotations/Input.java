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
 * {@link Embedding}. A vector input ({@code timesteps = Input.VECTOR}) is one feature vector per
 * sample, {@code (features,)}, as Keras' {@code keras.Input(shape=(features,))}; only layers that
 * take vectors ({@link Dense}, merges, {@link Dropout}) can consume it.
 *
 * <p>In a model with several inputs each has a {@link #name()}, which layer parameters use to
 * consume it: {@code @Dense(units = 8) Layer meta(Layer side);} for {@code @Input(name = "side",
 * timesteps = Input.VECTOR, features = 4)}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface Input {
  /** Marks a variable number of timesteps (Keras {@code None}). */
  int VARIABLE = -1;

  /** Marks a vector input, {@code (features,)}: one feature vector per sample, no timesteps. */
  int VECTOR = -2;

  /**
   * The input's name, as Keras' {@code keras.Input(name=...)}: a Java identifier, distinct from
   * every layer name. Required when the model has several inputs; a single input may stay unnamed.
   */
  String name() default "";

  /**
   * Timesteps per sample, {@link #VARIABLE} to accept any length at each call, or {@link #VECTOR}
   * for a vector input without timesteps.
   */
  int timesteps() default VARIABLE;

  /** Features per timestep; required for float input, not allowed for token input. */
  int features() default 0;

  /**
   * The batch size of a stateful model (Keras' {@code batch_size}, {@code batch_shape[0]}), 0 if
   * not declared. With it, batch calls take exactly this many samples and every stateful layer
   * keeps one row of states per batch row, from call to call ({@code resetStates()} zeroes them
   * all, {@code resetStates(int row)} one row); one-sample calls then need a batch size of 1.
   */
  int batchSize() default 0;

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
