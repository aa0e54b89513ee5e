package dev.rnnc.runtime.train;

import java.util.function.IntUnaryOperator;

/**
 * The data of a fit or an evaluation, as the fit loop sees it: how many samples, the step that
 * reads them, and optionally their weights and classes.
 *
 * @param samples the number of samples, at least 1
 * @param step runs a batch of these samples
 * @param sampleWeights Keras {@code sample_weight}: one finite weight per sample, or null
 * @param classOf the class of each sample, for {@code classWeight} (Keras takes the argmax of a
 *     one-hot target and the rounded value of a scalar one), or null
 */
public record TrainingData(
    int samples, BatchStep step, float[] sampleWeights, IntUnaryOperator classOf) {

  /** Checks the sample count and the weights. */
  public TrainingData {
    if (samples < 1) {
      throw new IllegalArgumentException(
          "no samples: a fit or evaluation needs at least one, got " + samples);
    }
    java.util.Objects.requireNonNull(step, "step");
    if (sampleWeights != null) {
      if (sampleWeights.length != samples) {
        throw new IllegalArgumentException(
            "sampleWeights has " + sampleWeights.length + " weights for " + samples + " samples");
      }
      for (int i = 0; i < samples; i++) {
        if (!Float.isFinite(sampleWeights[i]) || sampleWeights[i] < 0) {
          throw new IllegalArgumentException(
              "sample weight "
                  + i
                  + " is "
                  + sampleWeights[i]
                  + "; weights must be finite and >= 0");
        }
      }
    }
  }

  /** Samples read by {@code step}, unweighted. */
  public static TrainingData of(int samples, BatchStep step) {
    return new TrainingData(samples, step, null, null);
  }

  /** The same data with Keras' {@code sample_weight}. */
  public TrainingData withSampleWeights(float[] weights) {
    return new TrainingData(samples, step, weights, classOf);
  }

  /** The same data with each sample's class, which {@link FitOptions#classWeight} needs. */
  public TrainingData withClasses(IntUnaryOperator classOf) {
    return new TrainingData(samples, step, sampleWeights, classOf);
  }
}
