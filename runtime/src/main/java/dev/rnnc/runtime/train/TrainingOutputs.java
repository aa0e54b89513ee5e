package dev.rnnc.runtime.train;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The outputs of a model with several, in a generated training step: the model's loss is the sum
 * over the outputs of each output's loss times its weight (Keras' {@code loss_weights}), and each
 * output's unweighted loss is logged as {@code <output>_loss}, the mean of the batches' values
 * (keras/src/trainers/compile_utils.py {@code CompileLoss}: one {@code Mean} per loss when there
 * are several, updated with {@code sample_weight=y_pred.shape[0]}, which in Keras' compiled
 * TensorFlow step is the unknown batch dimension, None: every batch counts once, a smaller last
 * batch as much as a full one, unlike {@code loss}, which weighs batches by their size). Two
 * outputs of one name (the directions of a {@code mergeMode = "none"} layer, which Keras names
 * after the layer) log one entry, the later output's, as Keras' logs keep the last metric of a
 * name.
 */
public final class TrainingOutputs {
  private final TrainingOutput[] outputs;
  private final float[] weights;
  private final Mean[] losses;
  private final List<Metric> metrics = new ArrayList<>();

  /**
   * @param names each output's name (Keras' output name: its layer's)
   * @param outputs each output's loss and metrics (already named {@code <output>_<metric>})
   * @param weights each output's weight in the model's loss
   */
  public TrainingOutputs(List<String> names, List<TrainingOutput> outputs, double[] weights) {
    if (names.size() != outputs.size() || weights.length != outputs.size()) {
      throw new IllegalArgumentException(
          names.size() + " names, " + outputs.size() + " outputs, " + weights.length + " weights");
    }
    this.outputs = outputs.toArray(TrainingOutput[]::new);
    this.weights = new float[weights.length];
    this.losses = new Mean[outputs.size()];
    Set<String> logged = new HashSet<>();
    for (int i = outputs.size() - 1; i >= 0; i--) {
      this.weights[i] = (float) weights[i];
      losses[i] = new Mean(names.get(i) + "_loss", Metric.Direction.DOWN);
      if (outputs.size() > 1 && logged.add(losses[i].name())) {
        metrics.add(0, losses[i]);
      }
    }
    for (TrainingOutput output : outputs) {
      metrics.addAll(output.metrics());
    }
  }

  /** Output {@code i}. */
  public TrainingOutput output(int i) {
    return outputs[i];
  }

  /** Every output's loss entry and metrics, for the fit loop. */
  public List<Metric> metrics() {
    return metrics;
  }

  /**
   * Logs output {@code i}'s loss over a batch of {@code count} samples and returns its share of the
   * model's loss (times its weight); with {@code training}, scales its gradient by the weight too.
   */
  public double add(int i, double loss, int count, boolean training) {
    losses[i].update(loss, 1); // each batch once, as Keras on TensorFlow (see above)
    if (training && weights[i] != 1f) {
      outputs[i].scaleGradient(count, weights[i]);
    }
    return loss * weights[i];
  }
}
