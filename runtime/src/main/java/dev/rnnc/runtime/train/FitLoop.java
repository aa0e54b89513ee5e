package dev.rnnc.runtime.train;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Keras' {@code fit} and {@code evaluate} loops, independent of any model: the model supplies a
 * {@link BatchStep} over its data, its metrics, its optimizer and its weights; the loop supplies
 * epochs, batches, shuffling, validation, callbacks, the progress bar and the {@link History}
 * (keras/src/backend/tensorflow/trainer.py {@code fit}, {@code evaluate}).
 *
 * <p>Per epoch: the metrics and the loss tracker are reset; the training samples are visited in
 * batches (the last one smaller), in a new seeded order when shuffling; after each batch the
 * running values go to the callbacks; then the validation data is evaluated with the same metrics
 * and its values join the epoch logs as {@code val_*}. Logged names are sorted, training ones
 * before validation ones, as Keras logs them. {@code loss} is the mean of the batch losses weighted
 * by batch size.
 *
 * <p>Failures. Options and data are checked before the first batch, so bad input changes nothing. A
 * NaN or infinite batch loss stops training at that batch: with a callback that asked to stop (such
 * as {@link TerminateOnNaN}) the fit ends normally, as Keras' does; otherwise it throws {@link
 * NonFiniteLossException} naming the epoch and batch, after {@code onTrainEnd}. An interrupted
 * thread stops training after the current batch (the interrupt flag stays set). The loop itself
 * changes only the metrics; the weights are what the last completed step left.
 */
public final class FitLoop {
  private final Optimizer optimizer;
  private final List<Metric> metrics;
  private final TrainableState state;
  private final Mean lossTracker = Mean.lossTracker();
  private final Metric[] logged; // the loss tracker and the metrics, sorted by name

  /**
   * A loop over a model's training pieces.
   *
   * @param optimizer the model's optimizer, or null (callbacks that need it then fail)
   * @param metrics the metrics the steps update (Keras {@code compile(metrics=...)}), distinct
   *     names, none called {@code loss} or starting with {@code val_}
   * @param state the model's weights, or null (callbacks that need them then fail)
   */
  public FitLoop(Optimizer optimizer, List<? extends Metric> metrics, TrainableState state) {
    this.optimizer = optimizer;
    this.metrics = List.copyOf(metrics);
    this.state = state;
    Set<String> names = new HashSet<>();
    for (Metric m : this.metrics) {
      if (m.name().equals("loss") || m.name().startsWith("val_") || !names.add(m.name())) {
        throw new IllegalArgumentException(
            "metric name '"
                + m.name()
                + "' is taken: names must be distinct, not "
                + "'loss' and not start with 'val_'");
      }
    }
    List<Metric> all = new ArrayList<>(this.metrics);
    all.add(lossTracker);
    all.sort((a, b) -> a.name().compareTo(b.name()));
    this.logged = all.toArray(Metric[]::new);
  }

  /** The loss tracker the loop keeps ({@code loss} in the logs). */
  public Mean lossTracker() {
    return lossTracker;
  }

  /**
   * {@code fit} without separate validation data ({@code validationSplit} may still hold some out).
   */
  public History fit(TrainingData train, FitOptions options) {
    return fit(train, null, options);
  }

  /**
   * Keras {@code fit(x, y, ..., validation_data=...)}.
   *
   * @param train the training data
   * @param validation Keras {@code validation_data}, or null
   * @return the per-epoch values
   * @throws IllegalArgumentException for options that do not fit the data (before any step)
   * @throws NonFiniteLossException when a batch loss is not finite and no callback stopped training
   */
  public History fit(TrainingData train, TrainingData validation, FitOptions options) {
    FitPlan plan = FitPlan.of(train, validation, options);
    History history = new History();
    List<Callback> all = new ArrayList<>(options.callbacks());
    all.add(history);
    int verbose = options.verbose();
    if (verbose > 0) {
      all.add(
          new ProgbarLogger(
              verbose == 1 && !options.isDynamicDisplay() ? 2 : verbose,
              options.out(),
              options.clock()));
    }
    CallbackList callbacks = new CallbackList(all);
    LoopContext context =
        new LoopContext(
            options.epochs(), plan.steps(), verbose, optimizer, state, metrics, options.out());
    callbacks.setContext(context);
    Logs batchLogs = new Logs();
    Logs noLogs = new Logs();
    Logs trainingLogs = new Logs();
    callbacks.onTrainBegin(new Logs());
    for (int epoch = options.initialEpoch(); epoch < options.epochs(); epoch++) {
      reset();
      callbacks.onEpochBegin(epoch, new Logs());
      int[] order = plan.order(epoch);
      int done = 0;
      for (int batch = 0; batch < plan.steps(); batch++) {
        int from = batch * options.batchSize();
        int count = Math.min(options.batchSize(), order.length - from);
        noLogs.clear();
        callbacks.onTrainBatchBegin(batch, noLogs);
        double loss = train.step().step(order, from, count, plan.trainWeights(), true);
        lossTracker.update(loss, count);
        if (state != null) {
          state.progress(epoch, batch + 1);
        }
        done = batch + 1;
        fill(batchLogs);
        callbacks.onTrainBatchEnd(batch, batchLogs);
        if (!Double.isFinite(loss) && !context.stopTrainingRequested()) {
          callbacks.onTrainEnd(trainingLogs);
          throw new NonFiniteLossException(
              epoch, options.epochs(), batch, plan.steps(), loss, history);
        }
        if (Thread.currentThread().isInterrupted()) {
          context.stopTraining();
        }
        if (context.stopTrainingRequested()) {
          break;
        }
      }
      Logs epochLogs = new Logs();
      fill(epochLogs);
      if (plan.validates(epoch)) {
        Logs validationLogs =
            test(
                plan.validationData(),
                plan.validationOrder(),
                plan.validationBatchSize(),
                callbacks);
        for (int i = 0; i < validationLogs.size(); i++) {
          epochLogs.put("val_" + validationLogs.name(i), validationLogs.value(i));
        }
      }
      if (state != null && done == plan.steps()) {
        state.progress(epoch + 1, 0);
      }
      callbacks.onEpochEnd(epoch, epochLogs);
      trainingLogs = epochLogs;
      if (context.stopTrainingRequested()) {
        break;
      }
    }
    callbacks.onTrainEnd(trainingLogs);
    return history;
  }

  /**
   * Keras {@code evaluate(x, y, batch_size, verbose, sample_weight, callbacks)}: the loss and
   * metrics over {@code data}, in order, in batches of {@code options.batchSize()}; {@code
   * verbose}, {@code output} and {@code callbacks} apply, the other options do not.
   *
   * @return {@code loss} and each metric, sorted by name (Keras {@code return_dict=True})
   */
  public Logs evaluate(TrainingData data, FitOptions options) {
    int[] order = FitPlan.range(0, data.samples());
    int steps = FitPlan.steps(order.length, options.batchSize());
    List<Callback> all = new ArrayList<>(options.callbacks());
    if (options.verbose() > 0) {
      int verbose = options.verbose() == 1 && !options.isDynamicDisplay() ? 2 : options.verbose();
      all.add(new ProgbarLogger(verbose, options.out(), options.clock()));
    }
    CallbackList callbacks = new CallbackList(all);
    callbacks.setContext(
        new LoopContext(1, steps, options.verbose(), optimizer, state, metrics, options.out()));
    return test(data, order, options.batchSize(), callbacks);
  }

  private Logs test(TrainingData data, int[] order, int batchSize, CallbackList callbacks) {
    reset();
    callbacks.onTestBegin(new Logs());
    Logs batchLogs = new Logs();
    int steps = FitPlan.steps(order.length, batchSize);
    for (int batch = 0; batch < steps; batch++) {
      int from = batch * batchSize;
      int count = Math.min(batchSize, order.length - from);
      double loss = data.step().step(order, from, count, data.sampleWeights(), false);
      lossTracker.update(loss, count);
      fill(batchLogs);
      callbacks.onTestBatchEnd(batch, batchLogs);
    }
    Logs logs = new Logs();
    fill(logs);
    callbacks.onTestEnd(logs);
    return logs;
  }

  private void reset() {
    for (Metric m : logged) {
      m.reset();
    }
  }

  private void fill(Logs logs) {
    for (Metric m : logged) {
      logs.put(m.name(), m.result());
    }
  }

  /** The class weights as per-sample weights (Keras {@code class_weight_to_sample_weights}). */
  static float[] classWeights(TrainingData train, Map<Integer, Double> classWeight) {
    if (train.classOf() == null) {
      throw new IllegalArgumentException(
          "classWeight needs the class of each sample: TrainingData.withClasses");
    }
    float[] weights = new float[train.samples()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = classWeight.getOrDefault(train.classOf().applyAsInt(i), 1.0).floatValue();
    }
    return weights;
  }

  /** The sample orders, batch counts and validation of one fit, checked up front. */
  private record FitPlan(
      int trainCount,
      int steps,
      boolean shuffle,
      long seed,
      float[] trainWeights,
      TrainingData validationData,
      int[] validationOrder,
      int validationBatchSize,
      int validationFreq) {

    static FitPlan of(TrainingData train, TrainingData validation, FitOptions options) {
      int n = train.samples();
      int trainCount = n;
      int[] validationOrder = null;
      TrainingData validationData = validation;
      if (validation != null) {
        validationOrder = range(0, validation.samples());
      } else if (options.validationSplit() > 0) {
        // keras/src/trainers/data_adapters/array_slicing.py train_validation_split: the last
        // samples
        int splitAt = (int) Math.floor(n * (1.0 - options.validationSplit()));
        if (splitAt == 0 || splitAt == n) {
          throw new IllegalArgumentException(
              "Training data contains "
                  + n
                  + " samples, which is not sufficient to "
                  + "split it into a validation and training set as specified by `validationSplit="
                  + options.validationSplit()
                  + "`. Either provide more data, or a different value for the "
                  + "`validationSplit` argument.");
        }
        trainCount = splitAt;
        validationOrder = range(splitAt, n);
        validationData = train;
      }
      if (options.batchSize() > trainCount) {
        throw new IllegalArgumentException(
            "batchSize "
                + options.batchSize()
                + " is larger than the "
                + trainCount
                + " training samples");
      }
      float[] trainWeights = train.sampleWeights();
      if (options.classWeight() != null) {
        if (trainWeights != null) {
          throw new IllegalArgumentException(
              "Arguments `sampleWeight` and `classWeight` cannot be specified at the "
                  + "same time.");
        }
        trainWeights = classWeights(train, options.classWeight());
      }
      long seed = options.seed().orElseGet(() -> new SplittableRandom().nextLong());
      return new FitPlan(
          trainCount,
          steps(trainCount, options.batchSize()),
          options.shuffle(),
          seed,
          trainWeights,
          validationData,
          validationOrder,
          options.validationBatchSize(),
          options.validationFreq());
    }

    /** Epoch {@code epoch}'s training order: 0..trainCount-1, shuffled from (seed, epoch) alone. */
    int[] order(int epoch) {
      int[] order = range(0, trainCount);
      if (shuffle) {
        SplittableRandom random = new SplittableRandom(seed + 0x9E3779B97F4A7C15L * (epoch + 1));
        for (int i = order.length - 1; i > 0; i--) {
          int j = random.nextInt(i + 1);
          int swap = order[i];
          order[i] = order[j];
          order[j] = swap;
        }
      }
      return order;
    }

    boolean validates(int epoch) {
      return validationOrder != null && (epoch + 1) % validationFreq == 0;
    }

    static int steps(int samples, int batchSize) {
      return (samples + batchSize - 1) / batchSize;
    }

    static int[] range(int from, int to) {
      int[] indices = new int[to - from];
      for (int i = 0; i < indices.length; i++) {
        indices[i] = from + i;
      }
      return indices;
    }
  }
}
