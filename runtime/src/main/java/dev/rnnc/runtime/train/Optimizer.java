package dev.rnnc.runtime.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
  private OptimizerState pending;

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
   * The optimizer's own update of one parameter (after clipping and weight decay).
   *
   * @param slots this parameter's slot arrays, in {@link #slotNames()} order
   * @param learningRate this step's rate
   * @param iterations steps applied before this one
   */
  protected abstract void update(
      float[] parameter, float[] gradient, float[][] slots, float learningRate, long iterations);

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
    float[][] grads = clip(gradients);
    float rate = learningRate();
    if (weightDecay > 0) {
      for (int i = 0; i < parameters.length; i++) {
        if (!noWeightDecay.contains(names[i])) {
          float[] p = parameters[i];
          for (int j = 0; j < p.length; j++) {
            p[j] -= p[j] * weightDecay * rate;
          }
        }
      }
    }
    for (int i = 0; i < parameters.length; i++) {
      update(parameters[i], grads[i], slots[i], rate, iterations);
    }
    iterations++;
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

  /** Keras' {@code _clip_gradients}; tf.clip_by_norm and clip_by_global_norm in float32. */
  private float[][] clip(float[][] gradients) {
    if (clipped == null) {
      return gradients;
    }
    if (clipnorm > 0) {
      for (int i = 0; i < gradients.length; i++) {
        float norm = (float) Math.sqrt(sumOfSquares(gradients[i]));
        float divisor = Math.max(norm, clipnorm);
        for (int j = 0; j < gradients[i].length; j++) {
          clipped[i][j] = gradients[i][j] * clipnorm / divisor;
        }
      }
    } else if (globalClipnorm > 0) {
      double sum = 0;
      for (float[] g : gradients) {
        sum += sumOfSquares(g);
      }
      float norm = (float) Math.sqrt(sum);
      // Keras: clip_norm·min(1/norm, 1/clip_norm), made NaN by (norm - norm) when norm is not
      // finite
      float scale = globalClipnorm * Math.min(1f / norm, 1f / globalClipnorm) + (norm - norm);
      for (int i = 0; i < gradients.length; i++) {
        for (int j = 0; j < gradients[i].length; j++) {
          clipped[i][j] = gradients[i][j] * scale;
        }
      }
    } else {
      for (int i = 0; i < gradients.length; i++) {
        for (int j = 0; j < gradients[i].length; j++) {
          clipped[i][j] = Math.min(Math.max(gradients[i][j], -clipvalue), clipvalue);
        }
      }
    }
    return clipped;
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
