package dev.rnnc.runtime.train;

import java.util.Locale;

/**
 * Losses and optimizers by the string identifiers of Keras' {@code model.compile(optimizer="adam",
 * loss="mse")}, with Keras' default arguments. The name lists are compile-time constants, which the
 * annotation processor reads (javac inlines them) to check a declared {@code @Compile}.
 */
public final class KerasNames {
  private KerasNames() {}

  /** The loss identifiers {@link #loss} takes, comma-separated. */
  public static final String LOSSES =
      "mean_squared_error,mse,mean_absolute_error,mae,huber,binary_crossentropy,"
          + "categorical_crossentropy,sparse_categorical_crossentropy";

  /** The metric identifiers {@link Metrics#get} takes, comma-separated. */
  public static final String METRICS =
      "accuracy,acc,binary_accuracy,categorical_accuracy,sparse_categorical_accuracy,mae,"
          + "mean_absolute_error,mse,mean_squared_error,huber,binary_crossentropy,"
          + "categorical_crossentropy,sparse_categorical_crossentropy";

  /** The optimizer identifiers {@link #optimizer} takes, comma-separated. */
  public static final String OPTIMIZERS = "sgd,adam,adamw,rmsprop,adagrad";

  /** The loss Keras makes of {@code name}. */
  public static Loss loss(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "mean_squared_error", "mse" -> new MeanSquaredError();
      case "mean_absolute_error", "mae" -> new MeanAbsoluteError();
      case "huber" -> new Huber();
      case "binary_crossentropy" -> new BinaryCrossentropy();
      case "categorical_crossentropy" -> new CategoricalCrossentropy();
      case "sparse_categorical_crossentropy" -> new SparseCategoricalCrossentropy();
      default ->
          throw new IllegalArgumentException("unknown loss '" + name + "'; known: " + LOSSES);
    };
  }

  /**
   * Keras' {@code SGD(learning_rate, momentum)}: {@link #optimizer(String, double)} of {@code
   * "sgd"} with a momentum in [0, 1].
   */
  public static Optimizer sgd(double learningRate, double momentum) {
    SGD.Builder builder = SGD.builder().momentum(momentum);
    return (learningRate > 0 ? builder.learningRate(learningRate) : builder).build();
  }

  /**
   * The optimizer Keras makes of {@code name}, with {@code learningRate}, or Keras' default rate
   * for that optimizer when it is not positive (sgd 0.01, adam/adamw/rmsprop 0.001, adagrad 0.001).
   */
  public static Optimizer optimizer(String name, double learningRate) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "sgd" ->
          learningRate > 0
              ? SGD.builder().learningRate(learningRate).build()
              : SGD.builder().build();
      case "adam" ->
          learningRate > 0
              ? Adam.builder().learningRate(learningRate).build()
              : Adam.builder().build();
      case "adamw" ->
          learningRate > 0
              ? AdamW.builder().learningRate(learningRate).build()
              : AdamW.builder().build();
      case "rmsprop" ->
          learningRate > 0
              ? RMSprop.builder().learningRate(learningRate).build()
              : RMSprop.builder().build();
      case "adagrad" ->
          learningRate > 0
              ? Adagrad.builder().learningRate(learningRate).build()
              : Adagrad.builder().build();
      default ->
          throw new IllegalArgumentException(
              "unknown optimizer '" + name + "'; known: " + OPTIMIZERS);
    };
  }
}
