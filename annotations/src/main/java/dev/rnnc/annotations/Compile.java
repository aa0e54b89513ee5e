package dev.rnnc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How an {@link RnnModel} trains, as Keras' {@code model.compile(optimizer, loss, metrics)}: on the
 * model interface, beside {@code @RnnModel}. A model that declares a training call needs it:
 *
 * <pre>{@code
 * @RnnModel(input = @Input(timesteps = 30, features = 1))
 * @Compile(optimizer = "adam", loss = "mse", metrics = {"mae"})
 * interface Forecaster {
 *   ...
 *   History fit(float[][][] x, float[][] y, FitOptions options);   // dev.rnnc.runtime.train
 *   Logs evaluate(float[][][] x, float[][] y);
 * }
 * }</pre>
 *
 * <p>The processor checks every name and that {@code y}'s type fits the loss: class labels ({@code
 * int[]}, one per sample, or {@code int[][]}, one per timestep of a sequence output) for {@code
 * sparse_categorical_crossentropy}, target rows of the output's shape for every other loss. A model
 * with several inputs takes one batch per input, in declaration order, before {@code y}: {@code
 * History fit(int[][] encoderTokens, int[][] decoderTokens, int[][] y, FitOptions options)}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Compile {
  /**
   * The optimizer, by Keras identifier: {@code sgd}, {@code adam}, {@code adamw}, {@code rmsprop}
   * (Keras' default), {@code adagrad}, with Keras' default arguments.
   */
  String optimizer() default "rmsprop";

  /** The optimizer's learning rate; 0 (the default) keeps Keras' default for that optimizer. */
  double learningRate() default 0;

  /**
   * SGD's momentum, Keras' {@code SGD(momentum=...)}, in [0, 1]; 0 (the default) is plain SGD. Only
   * {@code optimizer = "sgd"} takes one.
   */
  double momentum() default 0;

  /**
   * The loss, by Keras identifier: {@code mean_squared_error} ({@code mse}), {@code
   * mean_absolute_error} ({@code mae}), {@code huber}, {@code binary_crossentropy}, {@code
   * categorical_crossentropy}, {@code sparse_categorical_crossentropy}.
   */
  String loss();

  /**
   * Metrics reported beside the loss, by Keras identifier: {@code accuracy} (binary, categorical or
   * sparse as the output and loss imply), {@code binary_accuracy}, {@code categorical_accuracy},
   * {@code sparse_categorical_accuracy}, {@code mae}, {@code mse} and the loss names.
   */
  String[] metrics() default {};
}
