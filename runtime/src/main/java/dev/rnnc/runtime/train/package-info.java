/**
 * Training at run time, with Keras 3.15's semantics and names: losses with their gradients,
 * optimizers, streaming metrics, the {@code fit}/{@code evaluate} loop, callbacks, the progress bar
 * and the history. Generated models plug in through {@link dev.rnnc.runtime.train.BatchStep};
 * nothing here knows a layer.
 *
 * <h2>How a model uses it</h2>
 *
 * <pre>{@code
 * Loss loss = new SparseCategoricalCrossentropy(true);                 // compile(loss=...)
 * Optimizer optimizer = Adam.builder().learningRate(1e-3).clipnorm(1).build();
 * List<Metric> metrics = List.of(Metrics.get("accuracy", classes, true));
 * BatchStep step = (order, from, count, sampleWeights, training) -> {
 *   // gather samples order[from..from+count) into batch buffers, forward,
 *   double value = loss.compute(layout, count, labels, logits, rowWeights, mask, dLogits);
 *   // backward into gradient buffers; if (training && Double.isFinite(value)) optimizer.apply(params, grads);
 *   // metrics: ((MeanMetricWrapper) m).update(layout, count, labels, probabilities, null, mask)
 *   return value;
 * };
 * History history = new FitLoop(optimizer, metrics, TrainableState.of(params))
 *     .fit(TrainingData.of(n, step), new FitOptions().epochs(10).validationSplit(0.1));
 * history.plot(Path.of("history.png"));
 * }</pre>
 *
 * <h2>Keras' rules followed (with the source file that fixes each)</h2>
 *
 * <ul>
 *   <li>Loss reduction {@code sum_over_batch_size}; a mask makes it a mean over valid rows
 *       (losses/loss.py). Cross-entropies from probabilities clip to {@code [1e-7, 1-1e-7]} with no
 *       gradient outside (backend/tensorflow/nn.py).
 *   <li>Behind a sigmoid or softmax output Keras computes cross-entropy from the logits ({@code
 *       _keras_logits}): models call {@code onLogits()} on the pre-activation.
 *   <li>Optimizers: clip, then weight decay, then the update, then {@code iterations + 1}, in
 *       float32 (optimizers/base_optimizer.py); Adam's epsilon outside the root, RMSprop's and
 *       Adagrad's inside.
 *   <li>The loss in the logs is the batch losses' mean weighted by batch size; {@code
 *       compile(metrics)} ignore sample weights, {@code weighted_metrics} use them
 *       (trainers/compile_utils.py).
 *   <li>{@code validation_split} takes the last samples before shuffling; logs are sorted, training
 *       names before {@code val_} names.
 * </ul>
 *
 * <h2>Where rnnc decides differently</h2>
 *
 * <ul>
 *   <li>A per-sample weight on a per-timestep output is an error in Keras 3.15; rnnc's steps repeat
 *       it over the sample's timesteps (losses take per-row weights).
 *   <li>A NaN or infinite loss stops the fit with {@link
 *       dev.rnnc.runtime.train.NonFiniteLossException} (Keras trains on); with {@link
 *       dev.rnnc.runtime.train.TerminateOnNaN} it stops as Keras does.
 *   <li>A batch size larger than the training data is an error (Keras runs one short batch).
 *   <li>{@code verbose = 1} on an output that is not a terminal prints {@code verbose = 2}'s line
 *       per epoch instead of redrawing a bar into a log file.
 *   <li>Shuffling is seeded per epoch from {@code (seed, epoch)}, so a resumed fit sees the same
 *       orders; the orders are not Keras' (different generators).
 *   <li>Losses and metrics accumulate in double (Keras: float32): equal to about 1e-7 relative.
 * </ul>
 */
package dev.rnnc.runtime.train;
