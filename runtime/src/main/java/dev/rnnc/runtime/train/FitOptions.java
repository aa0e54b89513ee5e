package dev.rnnc.runtime.train;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.DoubleSupplier;

/**
 * The arguments of Keras' {@code fit}, in Keras' names and with Keras' defaults, chained: {@code
 * new FitOptions().epochs(10).batchSize(64).validationSplit(0.2).callbacks(new EarlyStopping())}.
 * Data ({@code x}, {@code y}, {@code sample_weight}, {@code validation_data}) travels in {@link
 * TrainingData}.
 */
public final class FitOptions {
  private int epochs = 1;
  private int batchSize = 32;
  private boolean shuffle = true;
  private OptionalLong seed = OptionalLong.empty();
  private double validationSplit;
  private int validationBatchSize;
  private int validationFreq = 1;
  private final List<Callback> callbacks = new ArrayList<>();
  private int verbose = 1;
  private int initialEpoch;
  private Map<Integer, Double> classWeight;
  private PrintStream output;
  private Boolean dynamicDisplay;
  private DoubleSupplier clock = () -> System.nanoTime() / 1e9;
  private int threads = Runtime.getRuntime().availableProcessors();

  /** Keras' defaults: 1 epoch, batch size 32, shuffled, verbose 1. */
  public FitOptions() {}

  /** Keras {@code epochs}: the epoch to stop at (with {@code initialEpoch}, not a count). */
  public FitOptions epochs(int value) {
    this.epochs = atLeast("epochs", value, 0);
    return this;
  }

  /** Keras {@code batch_size} (default 32). */
  public FitOptions batchSize(int value) {
    this.batchSize = atLeast("batchSize", value, 1);
    return this;
  }

  /** Keras {@code shuffle}: a new order of the training samples every epoch (default true). */
  public FitOptions shuffle(boolean value) {
    this.shuffle = value;
    return this;
  }

  /**
   * The shuffling seed. Epoch {@code e}'s order depends only on the seed and {@code e}, so a fit
   * resumed with {@code initialEpoch} sees the orders an uninterrupted one would. Without a seed
   * each fit draws one (Keras shuffles unseeded).
   */
  public FitOptions seed(long value) {
    this.seed = OptionalLong.of(value);
    return this;
  }

  /**
   * Keras {@code validation_split}: the fraction of samples held out for validation, taken from the
   * end of the data before any shuffling (the last {@code n - floor(n·(1-split))} samples). Ignored
   * when validation data is given, as in Keras.
   */
  public FitOptions validationSplit(double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException("validationSplit must be in [0, 1), was " + value);
    }
    this.validationSplit = value;
    return this;
  }

  /** Keras {@code validation_batch_size} (default: the batch size). */
  public FitOptions validationBatchSize(int value) {
    this.validationBatchSize = atLeast("validationBatchSize", value, 1);
    return this;
  }

  /** Keras {@code validation_freq}: validate after every {@code n}-th epoch (default 1). */
  public FitOptions validationFreq(int value) {
    this.validationFreq = atLeast("validationFreq", value, 1);
    return this;
  }

  /** Keras {@code callbacks}, run in this order. */
  public FitOptions callbacks(Callback... values) {
    for (Callback callback : values) {
      callbacks.add(Objects.requireNonNull(callback, "callback"));
    }
    return this;
  }

  /**
   * Keras {@code verbose}: 0 silent, 1 a progress bar, 2 one line per epoch (default 1). On an
   * output that is not a terminal, 1 prints what 2 prints: a bar redrawn with {@code \r} only makes
   * sense on a terminal.
   */
  public FitOptions verbose(int value) {
    if (value < 0 || value > 2) {
      throw new IllegalArgumentException("verbose must be 0, 1 or 2, was " + value);
    }
    this.verbose = value;
    return this;
  }

  /** Keras {@code initial_epoch}: the epoch to start from, to resume a fit (default 0). */
  public FitOptions initialEpoch(int value) {
    this.initialEpoch = atLeast("initialEpoch", value, 0);
    return this;
  }

  /**
   * Keras {@code class_weight}: each training sample's loss weighted by its class's weight (classes
   * not listed weigh 1). Needs {@link TrainingData#withClasses}; cannot be combined with sample
   * weights.
   */
  public FitOptions classWeight(Map<Integer, Double> weights) {
    for (Map.Entry<Integer, Double> e : weights.entrySet()) {
      if (!(e.getValue() >= 0) || e.getValue().isInfinite()) {
        throw new IllegalArgumentException(
            "class weight of "
                + e.getKey()
                + " is "
                + e.getValue()
                + "; weights must be finite and >= 0");
      }
    }
    this.classWeight = Map.copyOf(new HashMap<>(weights));
    return this;
  }

  /** Where progress goes (default {@code System.out}). */
  public FitOptions output(PrintStream out) {
    this.output = Objects.requireNonNull(out, "out");
    return this;
  }

  /**
   * Whether the output is a terminal that can redraw a line. By default: true only when the output
   * is {@code System.out} and the JVM's console is a terminal.
   */
  public FitOptions dynamicDisplay(boolean value) {
    this.dynamicDisplay = value;
    return this;
  }

  /**
   * The threads a training step runs on (default: every core, {@code
   * Runtime.availableProcessors()}). A batch is split into this many fixed shards of consecutive
   * samples (fewer when the batch is smaller), each shard's forward and backward pass runs on its
   * own thread with its own buffers and gradients, the loss is taken over the whole batch, and the
   * shards' gradients are summed in shard order before the optimizer's step: the same seed, data
   * and thread count give bit-identical weights, whatever the scheduling, and however warm the JIT
   * is (the training kernels' activations have the same bits in every tier, where the Vector API's
   * exp and tanh, which inference uses, give other last bits once C2 compiles them). Different
   * thread counts sum in different orders, so their weights differ by float rounding. Every model
   * splits: Dropout's and recurrent dropout's masks are those one thread would draw (each shard
   * skips the other shards' draws), stateful layers' shards carry their samples' rows of the
   * states, custom cells run on each shard's own cell objects. Masks replayed by {@code
   * RecurrentDropouts.replay} (a test hook) keep the step on one thread.
   */
  public FitOptions threads(int value) {
    this.threads = atLeast("threads", value, 1);
    return this;
  }

  /** The clock of the progress bar's durations, in seconds (tests fix it). */
  FitOptions clock(DoubleSupplier value) {
    this.clock = Objects.requireNonNull(value, "clock");
    return this;
  }

  int threads() {
    return threads;
  }

  int epochs() {
    return epochs;
  }

  int batchSize() {
    return batchSize;
  }

  boolean shuffle() {
    return shuffle;
  }

  OptionalLong seed() {
    return seed;
  }

  double validationSplit() {
    return validationSplit;
  }

  int validationBatchSize() {
    return validationBatchSize > 0 ? validationBatchSize : batchSize;
  }

  int validationFreq() {
    return validationFreq;
  }

  List<Callback> callbacks() {
    return List.copyOf(callbacks);
  }

  int verbose() {
    return verbose;
  }

  int initialEpoch() {
    return initialEpoch;
  }

  Map<Integer, Double> classWeight() {
    return classWeight;
  }

  PrintStream out() {
    return output != null ? output : System.out;
  }

  boolean isDynamicDisplay() {
    if (dynamicDisplay != null) {
      return dynamicDisplay;
    }
    java.io.Console console = System.console();
    return (output == null || output == System.out) && console != null && console.isTerminal();
  }

  DoubleSupplier clock() {
    return clock;
  }

  private static int atLeast(String what, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(what + " must be >= " + min + ", was " + value);
    }
    return value;
  }
}
