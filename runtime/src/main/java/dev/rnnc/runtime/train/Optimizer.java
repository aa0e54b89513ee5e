package dev.rnnc.runtime.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * A Keras optimizer over flat parameter arrays. Each {@link #apply} is one Keras {@code
 * optimizer.apply(grads, variables)} (keras/src/optimizers/base_optimizer.py): the gradients are
 * clipped ({@code clipnorm}, {@code globalClipnorm} or {@code clipvalue}, at most one), then weight
 * decay shrinks the parameters ({@code p -= p·wd·lr}), then the optimizer's own update runs, then
 * {@code iterations} grows by one. Arithmetic is float32 in Keras' operation order.
 *
 * <p>Parameters are the model's arrays, possibly packed with zero padding: padding lanes with zero
 * gradients stay zero under every rule here. Slot variables (moments, ...) are allocated once, at
 * the first step or {@link #build}; steps allocate nothing. Not thread-safe.
 *
 * <p>A step given a {@link ShardPool} splits its elementwise work across the pool's threads by
 * index ranges of each parameter: clipping's scaling, weight decay and the update of each element
 * are the same float32 operations in the same order as on one thread, so the step's result is the
 * same bits. Norms over whole gradients ({@code clipnorm}, {@code globalClipnorm}) are summed
 * first, on the calling thread, in the one-thread order.
 */
public abstract class Optimizer {
  private final String name;
  private final LearningRateSchedule schedule;
  private float learningRate;
  private final float weightDecay;
  private final Set<String> noWeightDecay;
  private final float clipnorm;
  private final float clipvalue;
  private final float globalClipnorm;
  private long iterations;
  private String[] names;
  private int[] sizes;
  private float[][][] slots; // [parameter][slot]
  private float[][] clipped; // gradients after clipping, when clipping is on
  private float[] clipDivisors; // clipnorm: per parameter, max(norm, clipnorm)
  private float globalClipScale; // globalClipnorm: the scale of every gradient
  private OptimizerState pending;

  /** {@link #applyPart} as the pool's task (a field: a step allocates nothing). */
  private final IntConsumer applyPart = this::applyPart;

  // the step that applyPart runs, set by apply for its parts and cleared after
  private float[][] stepParameters;
  private float[][] stepGradients;
  private float stepRate;
  private int stepParts;

  /** An optimizer with the Keras name {@code name} and the common options. */
  protected Optimizer(String name, Options<?> options) {
    this.name = name;
    this.schedule = options.schedule;
    this.learningRate = (float) options.learningRate;
    this.weightDecay = (float) options.weightDecay;
    this.noWeightDecay = Set.copyOf(options.noWeightDecay);
    this.clipnorm = (float) options.clipnorm;
    this.clipvalue = (float) options.clipvalue;
    this.globalClipnorm = (float) options.globalClipnorm;
    int clips =
        (options.clipnorm > 0 ? 1 : 0)
            + (options.clipvalue > 0 ? 1 : 0)
            + (options.globalClipnorm > 0 ? 1 : 0);
    if (clips > 1) {
      throw new IllegalArgumentException(
          "Only one of `clipnorm`, `clipvalue` and `globalClipnorm` can be set. "
              + "Received: clipnorm="
              + options.clipnorm
              + ", clipvalue="
              + options.clipvalue
              + ", globalClipnorm="
              + options.globalClipnorm);
    }
  }

  /** The Keras name ({@code "adam"}, {@code "sgd"}, ...). */
  public final String name() {
    return name;
  }

  /** Steps applied so far (Keras {@code optimizer.iterations}). */
  public final long iterations() {
    return iterations;
  }

  /** The learning rate the next step uses (Keras {@code optimizer.learning_rate}). */
  public final float learningRate() {
    return schedule != null ? schedule.at(iterations) : learningRate;
  }

  /** Whether the learning rate comes from a {@link LearningRateSchedule}. */
  public final boolean hasSchedule() {
    return schedule != null;
  }

  /**
   * Sets the learning rate (stored as float32, like Keras' variable), e.g. from ReduceLROnPlateau.
   *
   * @throws IllegalStateException when the rate comes from a schedule, as Keras refuses it
   */
  public final void setLearningRate(double value) {
    if (schedule != null) {
      throw new IllegalStateException(
          "This optimizer was created with a LearningRateSchedule as its learning "
              + "rate, hence its learning rate is not settable.");
    }
    learningRate = (float) value;
  }

  /**
   * The slot variables each parameter gets, in Keras' order (e.g. {@code momentum}, {@code
   * velocity}).
   */
  protected abstract List<String> slotNames();

  /**
   * The slot variables each parameter gets, in Keras' order (e.g. {@code momentum}, {@code
   * velocity}; none for plain SGD): {@link #state()} holds these per parameter.
   */
  public final List<String> slots() {
    return List.copyOf(slotNames());
  }

  /** The initial value of slot {@code slot} (0 except Adagrad's accumulator). */
  protected float slotInitialValue(int slot) {
    return 0f;
  }

  /**
   * The optimizer's own update of elements {@code from .. to - 1} of one parameter (after clipping
   * and weight decay). Each element's update reads and writes that element alone (of the parameter,
   * the gradient and the slots), so that a step may update the ranges of a parameter on different
   * threads.
   *
   * @param slots this parameter's slot arrays, in {@link #slotNames()} order
   * @param learningRate this step's rate
   * @param iterations steps applied before this one
   * @param from the first element to update
   * @param to one past the last
   */
  protected abstract void update(
      float[] parameter,
      float[] gradient,
      float[][] slots,
      float learningRate,
      long iterations,
      int from,
      int to);

  /**
   * Allocates the slots for these parameters, named for the state ({@code names[i]} names {@code
   * parameters[i]}). Optional: the first {@link #apply} builds with names {@code param0, param1,
   * ...}. Installs a state loaded before building.
   */
  public final void build(String[] names, float[][] parameters) {
    if (names.length != parameters.length) {
      throw new IllegalArgumentException(
          names.length + " names for " + parameters.length + " parameters");
    }
    if (Set.of(names).size() != names.length) {
      throw new IllegalArgumentException(
          "parameter names must be distinct: " + Arrays.toString(names));
    }
    List<String> slotNames = slotNames();
    float[][][] built = new float[parameters.length][slotNames.size()][];
    for (int i = 0; i < parameters.length; i++) {
      for (int s = 0; s < slotNames.size(); s++) {
        built[i][s] = new float[parameters[i].length];
        Arrays.fill(built[i][s], slotInitialValue(s));
      }
    }
    this.names = names.clone();
    this.sizes = Arrays.stream(parameters).mapToInt(p -> p.length).toArray();
    this.slots = built;
    this.clipped = null;
    this.clipDivisors = new float[parameters.length];
    if (clipnorm > 0 || clipvalue > 0 || globalClipnorm > 0) {
      clipped = new float[parameters.length][];
      for (int i = 0; i < parameters.length; i++) {
        clipped[i] = new float[parameters[i].length];
      }
    }
    if (pending != null) {
      OptimizerState state = pending;
      pending = null;
      loadState(state);
    }
  }

  /** Whether the slots exist (after {@link #build} or the first step). */
  public final boolean isBuilt() {
    return slots != null;
  }

  /**
   * One training step: updates every {@code parameters[i]} in place from {@code gradients[i]} (same
   * lengths). The gradient arrays are read, never written.
   */
  public final void apply(float[][] parameters, float[][] gradients) {
    apply(parameters, gradients, null);
  }

  /**
   * {@link #apply(float[][], float[][])} with its elementwise work split across {@code pool}'s
   * threads (null: on this thread): the same bits either way.
   */
  public final void apply(float[][] parameters, float[][] gradients, ShardPool pool) {
    if (parameters.length != gradients.length) {
      throw new IllegalArgumentException(
          parameters.length + " parameters but " + gradients.length + " gradients");
    }
    if (slots == null) {
      String[] defaults = new String[parameters.length];
      for (int i = 0; i < defaults.length; i++) {
        defaults[i] = "param" + i;
      }
      build(defaults, parameters);
    }
    checkShapes(parameters, gradients);
    computeClipNorms(gradients);
    stepParameters = parameters;
    stepGradients = gradients;
    stepRate = learningRate();
    if (pool == null) {
      stepParts = 1;
      applyPart(0);
    } else {
      stepParts = pool.threads();
      pool.run(stepParts, applyPart);
    }
    // the step's arrays are the caller's, not this optimizer's to keep
    stepParameters = null;
    stepGradients = null;
    iterations++;
  }

  /**
   * Part {@code part} of {@code stepParts} of the step: of each parameter, the elements from {@code
   * ShardPool.start(part, stepParts, length)} to the next part's start, clipped, decayed and
   * updated.
   */
  private void applyPart(int part) {
    for (int i = 0; i < stepParameters.length; i++) {
      float[] p = stepParameters[i];
      int from = ShardPool.start(part, stepParts, p.length);
      int to = ShardPool.start(part + 1, stepParts, p.length);
      float[] g = clip(i, stepGradients[i], from, to);
      if (weightDecay > 0 && !noWeightDecay.contains(names[i])) {
        for (int j = from; j < to; j++) {
          p[j] -= p[j] * weightDecay * stepRate;
        }
      }
      update(p, g, slots[i], stepRate, iterations, from, to);
    }
  }

  private void checkShapes(float[][] parameters, float[][] gradients) {
    if (parameters.length != slots.length) {
      throw new IllegalArgumentException(
          "optimizer built for " + slots.length + " parameters, got " + parameters.length);
    }
    for (int i = 0; i < parameters.length; i++) {
      int size = sizes[i];
      if (parameters[i].length != size || gradients[i].length != parameters[i].length) {
        throw new IllegalArgumentException(
            "parameter "
                + names[i]
                + ": "
                + parameters[i].length
                + " values, gradient "
                + gradients[i].length
                + ", optimizer built for "
                + size);
      }
    }
  }

  /**
   * The norms Keras' {@code _clip_gradients} scales by (tf.clip_by_norm and clip_by_global_norm in
   * float32), over whole gradients: {@link #clip} then scales each range by them.
   */
  private void computeClipNorms(float[][] gradients) {
    if (clipnorm > 0) {
      for (int i = 0; i < gradients.length; i++) {
        float norm = (float) Math.sqrt(sumOfSquares(gradients[i]));
        clipDivisors[i] = Math.max(norm, clipnorm);
      }
    } else if (globalClipnorm > 0) {
      double sum = 0;
      for (float[] g : gradients) {
        sum += sumOfSquares(g);
      }
      float norm = (float) Math.sqrt(sum);
      // Keras: clip_norm·min(1/norm, 1/clip_norm), made NaN by (norm - norm) when norm is not
      // finite
      globalClipScale = globalClipnorm * Math.min(1f / norm, 1f / globalClipnorm) + (norm - norm);
    }
  }

  /**
   * Elements {@code from .. to - 1} of parameter {@code i}'s gradient clipped (Keras' {@code
   * _clip_gradients}, by the norms of {@link #computeClipNorms}), or the gradient itself when
   * clipping is off.
   */
  private float[] clip(int i, float[] gradient, int from, int to) {
    if (clipped == null) {
      return gradient;
    }
    float[] out = clipped[i];
    if (clipnorm > 0) {
      float divisor = clipDivisors[i];
      for (int j = from; j < to; j++) {
        out[j] = gradient[j] * clipnorm / divisor;
      }
    } else if (globalClipnorm > 0) {
      for (int j = from; j < to; j++) {
        out[j] = gradient[j] * globalClipScale;
      }
    } else {
      for (int j = from; j < to; j++) {
        out[j] = Math.min(Math.max(gradient[j], -clipvalue), clipvalue);
      }
    }
    return out;
  }

  private static double sumOfSquares(float[] values) {
    double sum = 0;
    for (float v : values) {
      sum += (double) v * v;
    }
    return sum;
  }

  /** A copy of everything this optimizer carries: iterations, learning rate and slots. */
  public final OptimizerState state() {
    Map<String, float[]> values = new LinkedHashMap<>();
    if (slots != null) {
      List<String> slotNames = slotNames();
      for (int i = 0; i < slots.length; i++) {
        for (int s = 0; s < slotNames.size(); s++) {
          values.put(names[i] + "_" + slotNames.get(s), slots[i][s]);
        }
      }
    }
    return new OptimizerState(name, iterations, learningRate(), values);
  }

  /**
   * Continues from {@code state}: iterations, learning rate (without a schedule) and slots. Before
   * the optimizer is built the state waits for {@link #build} (or the first step), which checks it
   * against the parameters.
   *
   * @throws IllegalArgumentException when the state is another optimizer's or its slots do not
   *     match
   */
  public final void loadState(OptimizerState state) {
    if (!state.optimizer().equals(name)) {
      throw new IllegalArgumentException(
          "state of a " + state.optimizer() + " optimizer cannot load into " + name);
    }
    if (slots == null) {
      pending = state;
      iterations = state.iterations();
      if (schedule == null) {
        learningRate = state.learningRate();
      }
      return;
    }
    List<String> slotNames = slotNames();
    int expected = slots.length * slotNames.size();
    if (state.slots().size() != expected) {
      throw new IllegalArgumentException(
          name
              + " state has "
              + state.slots().size()
              + " slots, this optimizer "
              + expected
              + " ("
              + slots.length
              + " parameters × "
              + slotNames
              + "); state slots: "
              + state.slots().keySet());
    }
    for (int i = 0; i < slots.length; i++) {
      for (int s = 0; s < slotNames.size(); s++) {
        String key = names[i] + "_" + slotNames.get(s);
        float[] values = state.slots().get(key);
        if (values == null || values.length != slots[i][s].length) {
          throw new IllegalArgumentException(
              name
                  + " state: slot "
                  + key
                  + (values == null
                      ? " is missing"
                      : " has " + values.length + " values, the parameter " + slots[i][s].length)
                  + "; state slots: "
                  + state.slots().keySet());
        }
      }
    }
    for (int i = 0; i < slots.length; i++) {
      for (int s = 0; s < slotNames.size(); s++) {
        float[] values = state.slots().get(names[i] + "_" + slotNames.get(s));
        System.arraycopy(values, 0, slots[i][s], 0, values.length);
      }
    }
    iterations = state.iterations();
    if (schedule == null) {
      learningRate = state.learningRate();
    }
  }

  @Override
  public String toString() {
    return name + "(learningRate=" + learningRate() + ", iterations=" + iterations + ")";
  }

  /**
   * The options every Keras optimizer takes, in Keras' names.
   *
   * @param <T> the concrete options type, for chaining
   */
  public abstract static class Options<T extends Options<T>> {
    private double learningRate;
    private LearningRateSchedule schedule;
    private double weightDecay;
    private Set<String> noWeightDecay = Set.of();
    private double clipnorm;
    private double clipvalue;
    private double globalClipnorm;

    /** Options starting from this optimizer's default learning rate. */
    protected Options(double defaultLearningRate) {
      this.learningRate = defaultLearningRate;
    }

    @SuppressWarnings("unchecked")
    private T self() {
      return (T) this;
    }

    /** A constant learning rate. */
    public T learningRate(double value) {
      if (!(value >= 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException("learningRate must be finite and >= 0, was " + value);
      }
      this.learningRate = value;
      this.schedule = null;
      return self();
    }

    /** A learning rate schedule instead of a constant. */
    public T learningRate(LearningRateSchedule value) {
      this.schedule = java.util.Objects.requireNonNull(value, "schedule");
      return self();
    }

    /** Keras {@code weight_decay}: before each update, {@code p -= p·weightDecay·lr} (0: none). */
    public T weightDecay(double value) {
      this.weightDecay = nonNegative("weightDecay", value);
      return self();
    }

    /**
     * Keras {@code exclude_from_weight_decay(var_names)}: parameters (by the names given to build)
     * to skip.
     */
    public T excludeFromWeightDecay(String... parameterNames) {
      this.noWeightDecay = Set.of(parameterNames);
      return self();
    }

    /** Keras {@code clipnorm}: each gradient is scaled to an L2 norm of at most this (0: off). */
    public T clipnorm(double value) {
      this.clipnorm = nonNegative("clipnorm", value);
      return self();
    }

    /**
     * Keras {@code clipvalue}: each gradient element is clamped to {@code [-value, value]} (0:
     * off).
     */
    public T clipvalue(double value) {
      this.clipvalue = nonNegative("clipvalue", value);
      return self();
    }

    /**
     * Keras {@code global_clipnorm}: all gradients together scaled to an L2 norm of at most this
     * (0: off).
     */
    public T globalClipnorm(double value) {
      this.globalClipnorm = nonNegative("globalClipnorm", value);
      return self();
    }

    static double nonNegative(String what, double value) {
      if (!(value >= 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException(what + " must be finite and >= 0, was " + value);
      }
      return value;
    }
  }
}
