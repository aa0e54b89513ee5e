package dev.rnnc.runtime.train;

import java.util.List;

/**
 * The loss and metrics of a model's output in a generated training step: gathers a batch's targets
 * and sample weights from the user's arrays, computes the loss with its gradient with respect to
 * the output (or, for a cross-entropy behind a sigmoid or softmax head, to the head's logits, as
 * Keras on TensorFlow computes it: {@link BinaryCrossentropy#onLogits()}), and adds the batch to
 * the metrics (unweighted, as Keras' {@code compile(metrics=...)}). Buffers grow with the batch
 * size and are then reused: a step allocates nothing once warm.
 */
public final class TrainingOutput {
  private final Loss loss;
  private final Loss logitsLoss;
  private final List<Metric> metrics;
  private final MeanMetricWrapper[] updated;
  private final OutputLayout layout;
  private final boolean sparse;
  private final String target;
  private float[] targets = new float[0];
  private float[] rowWeights = new float[0];
  private float[] gradient = new float[0];

  /**
   * @param loss the compiled loss
   * @param metrics the compiled metrics
   * @param layout the output's rows: timesteps per sample, width, row stride
   * @param logits whether the head computes the loss from its logits (a sigmoid or softmax head
   *     under a cross-entropy); the gradient is then the logits'
   */
  public TrainingOutput(Loss loss, List<Metric> metrics, OutputLayout layout, boolean logits) {
    this(loss, metrics, layout, logits, "y");
  }

  /**
   * An output whose targets bad-input messages name {@code target} ({@code y.score()}: one output
   * of several).
   */
  public TrainingOutput(
      Loss loss, List<Metric> metrics, OutputLayout layout, boolean logits, String target) {
    this.target = target;
    this.loss = loss;
    this.logitsLoss =
        !logits
            ? null
            : switch (loss) {
              case BinaryCrossentropy b -> b.onLogits();
              case CategoricalCrossentropy c -> c.onLogits();
              case SparseCategoricalCrossentropy s -> s.onLogits();
              default -> throw new IllegalArgumentException(loss.name() + " has no logits form");
            };
    this.metrics = List.copyOf(metrics);
    this.updated =
        this.metrics.stream().map(m -> (MeanMetricWrapper) m).toArray(MeanMetricWrapper[]::new);
    this.layout = layout;
    this.sparse = loss instanceof SparseCategoricalCrossentropy;
  }

  /** The metrics, for the fit loop. */
  public List<Metric> metrics() {
    return metrics;
  }

  /** The gradient the last {@link #compute} wrote: one padded row per output row. */
  public float[] gradient() {
    return gradient;
  }

  /** Checks the user's targets against the samples and the output before any step runs. */
  public void check(int samples, float[][] y) {
    present(y);
    if (layout.isRagged()) { // flattened rows of different widths would hide where rows end
      throw new IllegalArgumentException(
          target + " needs a float[][][] of each sample's rows: they differ in width");
    }
    if (y.length != samples) {
      throw new IllegalArgumentException(
          target + " has " + y.length + " samples, x has " + samples + ": they must match");
    }
    int width = layout.timesteps() * loss.targetWidth(layout.width());
    for (int i = 0; i < samples; i++) {
      if (y[i] == null || y[i].length != width) {
        throw new IllegalArgumentException(
            target
                + "["
                + i
                + "] has "
                + (y[i] == null ? "no" : Integer.toString(y[i].length))
                + " values, expected "
                + width
                + " (the output's width"
                + (layout.timesteps() > 1 ? " times its timesteps" : "")
                + ")");
      }
      for (float v : y[i]) {
        if (!Float.isFinite(v)) {
          throw new IllegalArgumentException(
              target + "[" + i + "] holds " + v + "; targets must be finite");
        }
      }
    }
  }

  /** Checks sequence targets: per sample, one row of the output's width per timestep. */
  public void check(int samples, float[][][] y) {
    present(y);
    if (y.length != samples) {
      throw new IllegalArgumentException(
          target + " has " + y.length + " samples, x has " + samples + ": they must match");
    }
    for (int i = 0; i < samples; i++) {
      if (y[i] == null || y[i].length != layout.timesteps()) {
        throw new IllegalArgumentException(
            target
                + "["
                + i
                + "] has "
                + (y[i] == null ? "no" : Integer.toString(y[i].length))
                + " timesteps, expected "
                + layout.timesteps());
      }
      for (int t = 0; t < layout.timesteps(); t++) {
        float[] row = y[i][t];
        if (row == null || row.length != layout.rowWidth(t)) {
          throw new IllegalArgumentException(
              target
                  + "["
                  + i
                  + "]["
                  + t
                  + "] has "
                  + (row == null ? "no" : Integer.toString(row.length))
                  + " values, expected "
                  + layout.rowWidth(t));
        }
        for (float v : row) {
          if (!Float.isFinite(v)) {
            throw new IllegalArgumentException(
                target + "[" + i + "][" + t + "] holds " + v + "; targets must be finite");
          }
        }
      }
    }
  }

  /** Checks class labels: one per sample, each in {@code [0, width)}. */
  public void check(int samples, int[] labels) {
    present(labels);
    if (labels.length != samples) {
      throw new IllegalArgumentException(
          target
              + " has "
              + labels.length
              + " labels, x has "
              + samples
              + " samples: they must match");
    }
    for (int i = 0; i < samples; i++) {
      if (labels[i] < 0 || labels[i] >= layout.width()) {
        throw new IllegalArgumentException(
            "label "
                + target
                + "["
                + i
                + "] = "
                + labels[i]
                + " is out of range [0, "
                + layout.width()
                + ")");
      }
    }
  }

  /**
   * Checks the class labels of a sequence output: per sample one label per timestep, each in {@code
   * [0, width)}.
   */
  public void check(int samples, int[][] labels) {
    present(labels);
    if (labels.length != samples) {
      throw new IllegalArgumentException(
          target + " has " + labels.length + " samples, x has " + samples + ": they must match");
    }
    for (int i = 0; i < samples; i++) {
      if (labels[i] == null || labels[i].length != layout.timesteps()) {
        throw new IllegalArgumentException(
            target
                + "["
                + i
                + "] has "
                + (labels[i] == null ? "no" : Integer.toString(labels[i].length))
                + " labels, expected "
                + layout.timesteps()
                + " (one per timestep)");
      }
      for (int t = 0; t < labels[i].length; t++) {
        if (labels[i][t] < 0 || labels[i][t] >= layout.rowWidth(t)) {
          throw new IllegalArgumentException(
              "label "
                  + target
                  + "["
                  + i
                  + "]["
                  + t
                  + "] = "
                  + labels[i][t]
                  + " is out of range [0, "
                  + layout.rowWidth(t)
                  + ")");
        }
      }
    }
  }

  private void present(Object targets) {
    if (targets == null) {
      throw new IllegalArgumentException(target + " is null; it must hold the targets");
    }
  }

  /**
   * Gathers the targets and row weights of samples {@code order[from] ... order[from + count - 1]}.
   */
  public void gather(float[][] y, int[] order, int from, int count, float[] sampleWeights) {
    ensure(count);
    int width = layout.timesteps() * loss.targetWidth(layout.width());
    for (int b = 0; b < count; b++) {
      System.arraycopy(y[order[from + b]], 0, targets, b * width, width);
    }
    weights(order, from, count, sampleWeights);
  }

  /** {@link #gather} for sequence targets. */
  public void gather(float[][][] y, int[] order, int from, int count, float[] sampleWeights) {
    ensure(count);
    int width = layout.width();
    for (int b = 0; b < count; b++) {
      float[][] sample = y[order[from + b]];
      for (int t = 0; t < layout.timesteps(); t++) { // a ragged layout's rows width apart
        System.arraycopy(
            sample[t], 0, targets, (b * layout.timesteps() + t) * width, layout.rowWidth(t));
      }
    }
    weights(order, from, count, sampleWeights);
  }

  /** {@link #gather} for class labels, one per sample. */
  public void gather(int[] labels, int[] order, int from, int count, float[] sampleWeights) {
    ensure(count);
    for (int b = 0; b < count; b++) {
      targets[b] = labels[order[from + b]];
    }
    weights(order, from, count, sampleWeights);
  }

  /** {@link #gather} for class labels of a sequence output, one per timestep. */
  public void gather(int[][] labels, int[] order, int from, int count, float[] sampleWeights) {
    ensure(count);
    int timesteps = layout.timesteps();
    for (int b = 0; b < count; b++) {
      int[] sample = labels[order[from + b]];
      for (int t = 0; t < timesteps; t++) {
        targets[b * timesteps + t] = sample[t];
      }
    }
    weights(order, from, count, sampleWeights);
  }

  private void weights(int[] order, int from, int count, float[] sampleWeights) {
    int t = layout.timesteps();
    for (int b = 0; b < count; b++) {
      float w = sampleWeights == null ? 1f : sampleWeights[order[from + b]];
      java.util.Arrays.fill(rowWeights, b * t, (b + 1) * t, w);
    }
  }

  /**
   * The batch's loss; with {@code training}, its gradient into {@link #gradient()}. Metrics see the
   * predictions.
   *
   * @param predictions the output rows
   * @param logits the head's pre-activation rows (the same layout), or null unless constructed with
   *     {@code logits}
   * @param mask per output row, whether it is real (a masked timestep weighs 0 in the loss and the
   *     metrics, as Keras), or null
   */
  public double compute(
      int count, float[] predictions, float[] logits, boolean[] mask, boolean training) {
    double value =
        logitsLoss == null
            ? loss.compute(
                layout, count, targets, predictions, rowWeights, mask, training ? gradient : null)
            : logitsLoss.compute(
                layout, count, targets, logits, rowWeights, mask, training ? gradient : null);
    for (MeanMetricWrapper metric : updated) { // an array: iterating the list would allocate
      metric.update(layout, count, targets, predictions, null, mask);
    }
    return value;
  }

  /**
   * Multiplies the gradient of the last {@link #compute} over {@code count} samples by {@code
   * weight}: this output's share of a weighted sum of losses (Keras' {@code loss_weights}).
   */
  public void scaleGradient(int count, float weight) {
    int n = layout.rows(count) * layout.stride();
    for (int i = 0; i < n; i++) {
      gradient[i] *= weight;
    }
  }

  private void ensure(int count) {
    int rows = layout.rows(count);
    if (rowWeights.length < rows) {
      targets = new float[rows * loss.targetWidth(layout.width())];
      rowWeights = new float[rows];
      gradient = new float[rows * layout.stride()];
    }
  }
}
