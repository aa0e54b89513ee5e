package dev.rnnc.runtime.train;

import java.util.Locale;

/** Keras' metric identifiers ({@code metrics=["accuracy", "mae"]}) as {@link Metric}s. */
public final class Metrics {
  private Metrics() {}

  /**
   * The metric Keras makes of a string identifier, named by that identifier as Keras names it:
   * {@code "accuracy"}/{@code "acc"} (resolved like Keras: binary for one-wide predictions, sparse
   * for class-label targets, else categorical), {@code "binary_accuracy"}, {@code
   * "categorical_accuracy"}, {@code "sparse_categorical_accuracy"}, {@code "mae"}/{@code
   * "mean_absolute_error"}, {@code "mse"}/{@code "mean_squared_error"}, and the loss names {@code
   * "huber"}, {@code "binary_crossentropy"}, {@code "categorical_crossentropy"}, {@code
   * "sparse_categorical_crossentropy"}.
   *
   * @param width the model output's last-axis width
   * @param sparseTargets whether targets are class labels (one per row) rather than rows of {@code
   *     width}
   * @throws IllegalArgumentException for an unknown identifier
   */
  public static Metric get(String identifier, int width, boolean sparseTargets) {
    return get(identifier, identifier, width, sparseTargets);
  }

  /**
   * {@link #get(String, int, boolean)} logged as {@code name}: {@code "tags_accuracy"} for one
   * output's metric of a model with several outputs.
   */
  public static Metric get(String identifier, String name, int width, boolean sparseTargets) {
    return switch (identifier.toLowerCase(Locale.ROOT)) {
      case "accuracy", "acc" ->
          width == 1
              ? new BinaryAccuracy(name, 0.5)
              : sparseTargets ? new SparseCategoricalAccuracy(name) : new CategoricalAccuracy(name);
      case "binary_accuracy" -> new BinaryAccuracy(name, 0.5);
      case "categorical_accuracy" -> new CategoricalAccuracy(name);
      case "sparse_categorical_accuracy" -> new SparseCategoricalAccuracy(name);
      case "mae", "mean_absolute_error" -> new LossMetric(new MeanAbsoluteError(), name);
      case "mse", "mean_squared_error" -> new LossMetric(new MeanSquaredError(), name);
      case "huber" -> new LossMetric(new Huber(), name);
      case "binary_crossentropy" -> new LossMetric(new BinaryCrossentropy(), name);
      case "categorical_crossentropy" -> new LossMetric(new CategoricalCrossentropy(), name);
      case "sparse_categorical_crossentropy" ->
          new LossMetric(new SparseCategoricalCrossentropy(), name);
      default ->
          throw new IllegalArgumentException(
              "unknown metric '"
                  + identifier
                  + "'; known: accuracy, acc, "
                  + "binary_accuracy, categorical_accuracy, sparse_categorical_accuracy, mae, mean_absolute_error, mse, "
                  + "mean_squared_error, huber, binary_crossentropy, categorical_crossentropy, "
                  + "sparse_categorical_crossentropy");
    };
  }

  /** Keras {@code MeanAbsoluteError()} metric, named {@code "mean_absolute_error"}. */
  public static Metric meanAbsoluteError() {
    return new LossMetric(new MeanAbsoluteError());
  }

  /** Keras {@code MeanSquaredError()} metric, named {@code "mean_squared_error"}. */
  public static Metric meanSquaredError() {
    return new LossMetric(new MeanSquaredError());
  }
}
