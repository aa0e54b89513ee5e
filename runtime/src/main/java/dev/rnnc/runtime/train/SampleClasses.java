package dev.rnnc.runtime.train;

import java.util.function.IntUnaryOperator;

/**
 * The class of each training sample, for Keras' {@code class_weight} ({@link
 * TrainingData#withClasses}), read from the targets as Keras 3.15 reads them
 * (keras/src/trainers/data_adapters/data_adapter_utils.py {@code class_weight_to_sample_weights}):
 * a class label as it is, a one-hot (or probability) row's argmax (the first of equal values), a
 * one-value row rounded half to even. Generated {@code fit} methods pass these.
 */
public final class SampleClasses {
  private SampleClasses() {}

  /** Class labels, one per sample. */
  public static IntUnaryOperator of(int[] labels) {
    return i -> labels[i];
  }

  /** Target rows: the argmax of a row of several values, a single value rounded. */
  public static IntUnaryOperator of(float[][] targets) {
    return i -> {
      float[] row = targets[i];
      return row.length == 1
          ? (int) Math.rint(row[0])
          : MeanMetricWrapper.argmax(row, 0, row.length);
    };
  }

  /**
   * Targets per timestep, which have no one class per sample: {@code classWeight} is refused (Keras
   * fails on them too).
   */
  public static IntUnaryOperator perTimestep() {
    return i -> {
      throw new IllegalArgumentException(
          "classWeight weighs each sample by its class, but this model's targets have one class"
              + " per timestep (a sequence output); pass per-sample weights instead (Keras' class_weight"
              + " does not take these targets either)");
    };
  }

  /**
   * The targets of a model with several outputs, which have no one class per sample: {@code
   * classWeight} is refused, as Keras refuses it ("only supported for Models with a single
   * output").
   */
  public static IntUnaryOperator severalOutputs() {
    return i -> {
      throw new IllegalArgumentException(
          "classWeight weighs each sample by its class, but this model has several outputs; pass"
              + " per-sample weights instead (Keras' class_weight is only supported for models with"
              + " a single output)");
    };
  }
}
