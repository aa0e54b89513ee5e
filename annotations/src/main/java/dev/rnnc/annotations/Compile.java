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
 *
 * <p>A model with several outputs (layers no other layer reads, as Keras' {@code Model(x, [tags,
 * score])}, and beside them any layer others read too, or a final state of a {@code returnState}
 * layer, {@code encoderH}) takes {@code y} as a record of one target batch per output, each
 * component named after its output: {@code record Targets(float[][] tags, float[][] score) {}} with
 * {@code History fit(float[][][] x, Targets y, FitOptions options)}. {@link #loss} then applies to
 * every output without a {@link OutputLoss} of its own in {@link #losses}; the model's loss is the
 * weighted sum of the outputs' losses, and the history logs each output's as {@code <output>_loss}.
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
   * categorical_crossentropy}, {@code sparse_categorical_crossentropy}. A model with one output
   * must name one; with several, it is every output's that no {@link OutputLoss} gives its own.
   */
  String loss() default "";

  /**
   * The losses of a model with several outputs, one {@link OutputLoss} per output that has its own
   * loss, weight or metrics (Keras' {@code loss}, {@code loss_weights} and {@code metrics} dicts).
   */
  OutputLoss[] losses() default {};

  /**
   * Metrics reported beside the loss, by Keras identifier: {@code accuracy} (binary, categorical or
   * sparse as the output and loss imply), {@code binary_accuracy}, {@code categorical_accuracy},
   * {@code sparse_categorical_accuracy}, {@code mae}, {@code mse} and the loss names. A model with
   * several outputs takes its metrics per output ({@link OutputLoss#metrics}), as Keras does.
   */
  String[] metrics() default {};
}
