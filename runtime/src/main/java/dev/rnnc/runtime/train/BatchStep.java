package dev.rnnc.runtime.train;

/**
 * One batch of training or evaluation, as a model implements it for the fit loop. The loop never
 * sees the data: it hands over indices into the arrays the step reads (the user's {@code x} and
 * {@code y}), so a generated model implements this without allocating.
 *
 * <p>A training step runs the forward pass, the loss (with its gradient), the backward pass and one
 * optimizer update, and adds the batch to the metrics; an evaluation step runs the forward pass and
 * the loss and adds to the metrics. Either returns the batch's loss as Keras reports it (the
 * reduced loss of {@link Loss#compute}, summed over outputs for several).
 *
 * <p>Weights: the loss takes the sample weights; the metrics of Keras' {@code compile(metrics=...)}
 * do not (keras/src/trainers/compile_utils.py {@code CompileMetrics.update_state}: only {@code
 * weighted_metrics} see them); both see the output mask.
 *
 * <p>When the loss is not finite a training step should return it <em>without</em> applying the
 * update: the fit loop then stops with the weights of the last finite batch (see {@link FitLoop}).
 */
@FunctionalInterface
public interface BatchStep {

  /**
   * Runs the batch of samples {@code order[from] … order[from + count - 1]}.
   *
   * @param order sample indices into the step's arrays (shuffled for training)
   * @param from the batch's first position in {@code order}
   * @param count the batch size (the last batch of an epoch may be smaller)
   * @param sampleWeights the weight of each sample, indexed by sample index (not position), or null
   *     for all 1: Keras' {@code sample_weight} or the weights {@code classWeight} gives; for a
   *     sequence output the step repeats a sample's weight over its timesteps
   * @param training whether to update the weights (Keras {@code train_step}) or only evaluate
   *     ({@code test_step})
   * @return the batch loss
   */
  double step(int[] order, int from, int count, float[] sampleWeights, boolean training);
}
