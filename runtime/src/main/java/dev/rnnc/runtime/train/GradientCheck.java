package dev.rnnc.runtime.train;

import dev.rnnc.runtime.TrainableCell;
import dev.rnnc.runtime.TrainableMultiInputCell;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.nn.CustomCellGradients;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Checks a custom cell's backward step against finite differences of its forward step, before
 * training with it.
 *
 * <p>The check builds one cell, sets every variable from its own initializer (seeded), draws random
 * inputs for a few timesteps, random initial states and a random linear loss {@code L = Σ_t
 * a_t·output_t + Σ_k c_k·finalState_k} (accumulated in double), and compares, for every weight,
 * every input value of every timestep and every initial state value, the gradient the backward
 * steps give ({@code dL/dθ}, BPTT from the last timestep to the first) with central differences of
 * the forward steps ({@code (L(θ + ε) − L(θ − ε)) / 2ε}, over {@code ε} and {@code 2ε} combined so
 * that their {@code ε²} error cancels). Each value's error is {@code |analytic − numeric| /
 * max(|analytic|, |numeric|, floor)}; the report gives the worst per variable ({@code kernel}, ...,
 * {@code input}, {@code state0}, ...) and passes when every one is within the tolerance. It also
 * fails a backward step that writes its read-only arguments or a gradient's padding, and gradients
 * that do not match the variables.
 *
 * <pre>{@code
 * GradientCheck.Report report =
 *     GradientCheck.of(() -> new MinimalRnnCell(3, 5)).inputSize(3).stateSizes(5).outputSize(5)
 *         .seed(42).run();
 * report.assertPassed();            // AssertionError with the table below when it fails
 * System.out.println(report);
 * // gradient check of MinimalRnnCell (3 timesteps, epsilon 0.01, tolerance 0.01): passed
 * //   kernel            15 values  worst error 1.9e-05
 * //   ...
 * }</pre>
 *
 * <p>Defaults: 3 timesteps, {@code ε = 1e-2}, floor {@code 1e-2}, tolerance {@code 1e-2}. The
 * forward steps run in float32, so the loss carries rounding of about {@code 1e-6}, which the
 * differences divide by {@code 2ε}: a numeric gradient is good to about {@code 1e-5} absolutely
 * (hence the floor: smaller gradients are compared absolutely), and a correct cell's worst error is
 * about {@code 1e-3} or less, a wrong term's far above the tolerance.
 */
public final class GradientCheck {
  /** Where each input row starts in its (longer) array, so offsets are exercised. */
  private static final int OFFSET = 5;

  private final Step step;
  private int[] inputSizes;
  private int[] stateSizes;
  private int outputSize = -1;
  private long seed = 42;
  private int timesteps = 3;
  private double epsilon = 1e-2;
  private double tolerance = 1e-2;
  private double floor = 1e-2;

  private GradientCheck(Step step) {
    this.step = step;
  }

  /** A check of a {@link TrainableCell}, built by {@code cell}. */
  public static GradientCheck of(Supplier<? extends TrainableCell> cell) {
    return new GradientCheck(new Single(cell.get()));
  }

  /** A check of a {@link TrainableMultiInputCell}, built by {@code cell}. */
  public static GradientCheck ofMultiInput(Supplier<? extends TrainableMultiInputCell> cell) {
    return new GradientCheck(new Multi(cell.get()));
  }

  /** The width of the cell's input (a single-input cell). */
  public GradientCheck inputSize(int size) {
    return inputSizes(size);
  }

  /** The width of each input (a multi-input cell: one per input). */
  public GradientCheck inputSizes(int... sizes) {
    this.inputSizes = positive("input sizes", sizes);
    return this;
  }

  /** The size of each state, as {@code @RnnCell(stateSizes)} with units filled in. */
  public GradientCheck stateSizes(int... sizes) {
    this.stateSizes = positive("state sizes", sizes);
    return this;
  }

  /** The width of the output. */
  public GradientCheck outputSize(int size) {
    positive("output size", size);
    this.outputSize = size;
    return this;
  }

  /** Seeds the weights, inputs, states and loss (42 by default). */
  public GradientCheck seed(long seed) {
    this.seed = seed;
    return this;
  }

  /** How many timesteps the cell runs (3 by default). */
  public GradientCheck timesteps(int timesteps) {
    positive("timesteps", timesteps);
    this.timesteps = timesteps;
    return this;
  }

  /** The finite difference's step, {@code 1e-2} by default. */
  public GradientCheck epsilon(double epsilon) {
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("epsilon must be positive, was " + epsilon);
    }
    this.epsilon = epsilon;
    return this;
  }

  /** The largest error that passes, {@code 1e-2} by default. */
  public GradientCheck tolerance(double tolerance) {
    if (!(tolerance > 0)) {
      throw new IllegalArgumentException("tolerance must be positive, was " + tolerance);
    }
    this.tolerance = tolerance;
    return this;
  }

  /** Gradients smaller than this are compared absolutely, {@code 1e-2} by default. */
  public GradientCheck floor(double floor) {
    if (!(floor > 0)) {
      throw new IllegalArgumentException("floor must be positive, was " + floor);
    }
    this.floor = floor;
    return this;
  }

  private static int[] positive(String what, int... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException(what + ": none given");
    }
    for (int v : values) {
      if (v <= 0) {
        throw new IllegalArgumentException(
            what + " must be positive, was " + Arrays.toString(values));
      }
    }
    return values.clone();
  }

  /** One variable's comparison: {@code worstError} at {@code worstIndex} (Keras layout). */
  public record Entry(
      String name,
      int size,
      double worstError,
      int worstIndex,
      double analytic,
      double numeric,
      String problem,
      boolean passed) {

    @Override
    public String toString() {
      String line =
          String.format(
              Locale.ROOT, "  %-18s %6d values  worst error %.2g", name, size, worstError);
      if (worstIndex >= 0 && worstError > 0) {
        line +=
            String.format(
                Locale.ROOT,
                " at [%d] (backward %.6g, finite difference %.6g)",
                worstIndex,
                analytic,
                numeric);
      }
      if (problem != null) {
        line += "; " + problem;
      }
      return line + (passed ? "" : "  FAILED");
    }
  }

  /** The check's outcome, per variable. */
  public static final class Report {
    private final String header;
    private final List<Entry> entries;

    Report(String header, List<Entry> entries) {
      this.header = header;
      this.entries = List.copyOf(entries);
    }

    /**
     * Every variable's entry: the cell's variables, then {@code input} (per input), then states.
     */
    public List<Entry> entries() {
      return entries;
    }

    /** The entry named {@code name}. */
    public Entry entry(String name) {
      return entries.stream()
          .filter(e -> e.name().equals(name))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no entry " + name));
    }

    /** Whether every entry passed. */
    public boolean passed() {
      return entries.stream().allMatch(Entry::passed);
    }

    /** The entries that failed. */
    public List<Entry> failures() {
      return entries.stream().filter(e -> !e.passed()).toList();
    }

    /** Throws an {@link AssertionError} with the report when some entry failed. */
    public void assertPassed() {
      if (!passed()) {
        throw new AssertionError(toString());
      }
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder(header).append(passed() ? ": passed" : ": FAILED (");
      if (!passed()) {
        out.append(String.join(", ", failures().stream().map(Entry::name).toList())).append(")");
      }
      for (Entry e : entries) {
        out.append('\n').append(e);
      }
      return out.toString();
    }
  }

  /** Runs the check. */
  public Report run() {
    if (inputSizes == null || stateSizes == null || outputSize < 0) {
      throw new IllegalStateException("give inputSize(s), stateSizes and outputSize before run()");
    }
    if (step instanceof Single && inputSizes.length != 1) {
      throw new IllegalStateException("a single-input cell takes one input size");
    }
    List<Variable> variables = step.variables();
    CustomCellGradients.check(step.cell(), variables, step.gradients());
    SplittableRandom random = new SplittableRandom(seed);
    for (Variable v : variables) {
      v.initialize(random);
    }
    int inputs = inputSizes.length;
    // each input row sits at OFFSET in a longer array of NaNs: a cell reading outside it fails
    float[][][] x = new float[timesteps][inputs][];
    for (int t = 0; t < timesteps; t++) {
      for (int k = 0; k < inputs; k++) {
        x[t][k] = new float[OFFSET + inputSizes[k] + OFFSET];
        Arrays.fill(x[t][k], Float.NaN);
        System.arraycopy(uniform(random, inputSizes[k]), 0, x[t][k], OFFSET, inputSizes[k]);
      }
    }
    float[][] initial = new float[stateSizes.length][];
    float[][] stateWeights = new float[stateSizes.length][];
    for (int k = 0; k < stateSizes.length; k++) {
      initial[k] = uniform(random, stateSizes[k]);
    }
    float[][] outputWeights = new float[timesteps][];
    for (int t = 0; t < timesteps; t++) {
      outputWeights[t] = uniform(random, outputSize);
    }
    for (int k = 0; k < stateSizes.length; k++) {
      stateWeights[k] = uniform(random, stateSizes[k]);
    }
    Loss loss = new Loss(x, initial, outputWeights, stateWeights);

    // the backward steps' gradients
    List<String> problems = new ArrayList<>();
    for (float[] g : step.gradients()) {
      Arrays.fill(g, 0f);
    }
    float[][][] saved = new float[timesteps][][];
    float[][] states = copy(initial);
    float[] output = new float[outputSize];
    for (int t = 0; t < timesteps; t++) {
      saved[t] = copy(states);
      step.step(x[t], states, output);
    }
    float[][] dStates = copy(stateWeights);
    float[][][] dx = new float[timesteps][inputs][];
    for (int t = timesteps - 1; t >= 0; t--) {
      for (int k = 0; k < inputs; k++) {
        dx[t][k] = new float[OFFSET + inputSizes[k] + OFFSET];
      }
      float[][] before = copy(saved[t]);
      float[][] input = copy(x[t]);
      float[] dOutput = outputWeights[t].clone();
      step.backward(input, before, dOutput, dStates, dx[t]);
      if (!Arrays.deepEquals(before, saved[t])) {
        problems.add("backward changed the states it was given (they are read only)");
      }
      if (!Arrays.deepEquals(input, x[t])) {
        problems.add("backward changed its input (it is read only)");
      }
      if (!Arrays.equals(dOutput, outputWeights[t])) {
        problems.add("backward changed dOutput (it is read only)");
      }
      for (int k = 0; k < inputs; k++) {
        for (int i = 0; i < dx[t][k].length; i++) {
          if ((i < OFFSET || i >= OFFSET + inputSizes[k]) && dx[t][k][i] != 0f) {
            problems.add("backward wrote outside its input's gradient (dInputOffset not honoured)");
          }
        }
      }
    }

    List<Entry> entries = new ArrayList<>();
    for (int v = 0; v < variables.size(); v++) {
      Variable variable = variables.get(v);
      float[] storage = variable.storage();
      float[] gradient = step.gradients().get(v);
      int[] packedIndex = packedIndices(variable);
      double[] analytic = new double[packedIndex.length];
      String padding = null;
      boolean[] used = new boolean[storage.length];
      for (int i = 0; i < packedIndex.length; i++) {
        analytic[i] = gradient[packedIndex[i]];
        used[packedIndex[i]] = true;
      }
      for (int p = 0; p < storage.length; p++) {
        if (!used[p] && gradient[p] != 0f) {
          padding = "backward wrote " + gradient[p] + " into padding (packed index " + p + ")";
          break;
        }
      }
      double[] numeric = new double[packedIndex.length];
      for (int i = 0; i < packedIndex.length; i++) {
        numeric[i] = loss.difference(storage, packedIndex[i]);
      }
      entries.add(entry(variable.name(), analytic, numeric, padding));
    }
    for (int k = 0; k < inputs; k++) {
      double[] analytic = new double[timesteps * inputSizes[k]];
      double[] numeric = new double[analytic.length];
      for (int t = 0; t < timesteps; t++) {
        for (int i = 0; i < inputSizes[k]; i++) {
          analytic[t * inputSizes[k] + i] = dx[t][k][OFFSET + i];
          numeric[t * inputSizes[k] + i] = loss.difference(x[t][k], OFFSET + i);
        }
      }
      entries.add(entry(inputs == 1 ? "input" : "input" + k, analytic, numeric, null));
    }
    for (int k = 0; k < stateSizes.length; k++) {
      double[] analytic = new double[stateSizes[k]];
      double[] numeric = new double[stateSizes[k]];
      for (int i = 0; i < stateSizes[k]; i++) {
        analytic[i] = dStates[k][i];
        numeric[i] = loss.difference(initial[k], i);
      }
      entries.add(entry("state" + k, analytic, numeric, null));
    }
    if (!problems.isEmpty()) {
      entries.add(
          new Entry(
              "read-only arguments",
              0,
              0,
              -1,
              0,
              0,
              String.join("; ", problems.stream().distinct().toList()),
              false));
    }
    String header =
        String.format(
            Locale.ROOT,
            "gradient check of %s (%d timesteps, seed %d, epsilon %s, tolerance %s)",
            step.cell().getClass().getSimpleName(),
            timesteps,
            seed,
            epsilon,
            tolerance);
    return new Report(header, entries);
  }

  private Entry entry(String name, double[] analytic, double[] numeric, String problem) {
    double worst = 0;
    int at = -1;
    for (int i = 0; i < analytic.length; i++) {
      double scale = Math.max(floor, Math.max(Math.abs(analytic[i]), Math.abs(numeric[i])));
      double error = Math.abs(analytic[i] - numeric[i]) / scale;
      if (!(error <= worst)) { // NaN counts as worst
        worst = error;
        at = i;
      }
    }
    boolean passed = problem == null && worst <= tolerance;
    return new Entry(
        name,
        analytic.length,
        worst,
        at,
        at < 0 ? 0 : analytic[at],
        at < 0 ? 0 : numeric[at],
        problem,
        passed);
  }

  /** Where each value of the variable (Keras layout, row-major) lives in its storage. */
  private static int[] packedIndices(Variable variable) {
    int size = variable.size();
    float[] marks = new float[size];
    for (int i = 0; i < size; i++) {
      marks[i] = i + 1; // exact in float up to 2^24 values
    }
    float[] packed = new float[variable.storage().length];
    variable.layout().pack(marks, packed);
    int[] index = new int[size];
    for (int p = 0; p < packed.length; p++) {
      if (packed[p] != 0f) {
        index[(int) packed[p] - 1] = p;
      }
    }
    return index;
  }

  /** The forward steps' loss, and its central differences. */
  private final class Loss {
    private final float[][][] x;
    private final float[][] initial;
    private final float[][] outputWeights;
    private final float[][] stateWeights;
    private final float[][] states;
    private final float[] output;

    Loss(float[][][] x, float[][] initial, float[][] outputWeights, float[][] stateWeights) {
      this.x = x;
      this.initial = initial;
      this.outputWeights = outputWeights;
      this.stateWeights = stateWeights;
      this.states = copy(initial);
      this.output = new float[outputSize];
    }

    double value() {
      for (int k = 0; k < initial.length; k++) {
        System.arraycopy(initial[k], 0, states[k], 0, initial[k].length);
      }
      double sum = 0;
      for (int t = 0; t < x.length; t++) {
        step.step(x[t], states, output);
        for (int j = 0; j < outputSize; j++) {
          sum += (double) outputWeights[t][j] * output[j];
        }
      }
      for (int k = 0; k < states.length; k++) {
        for (int j = 0; j < states[k].length; j++) {
          sum += (double) stateWeights[k][j] * states[k][j];
        }
      }
      return sum;
    }

    /**
     * {@code dL/d values[i]}: central differences over {@code ε} and {@code 2ε} (each divided by
     * the step actually taken in float), combined as Richardson's {@code (4·D(ε) − D(2ε)) / 3} so
     * that the {@code ε²} error of either cancels.
     */
    double difference(float[] values, int i) {
      return (4 * central(values, i, epsilon) - central(values, i, 2 * epsilon)) / 3;
    }

    private double central(float[] values, int i, double h) {
      float original = values[i];
      float up = (float) (original + h);
      float down = (float) (original - h);
      values[i] = up;
      double plus = value();
      values[i] = down;
      double minus = value();
      values[i] = original;
      return (plus - minus) / ((double) up - down);
    }
  }

  private static float[] uniform(SplittableRandom random, int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextDouble(-1, 1);
    }
    return values;
  }

  private static float[][] copy(float[][] arrays) {
    float[][] out = new float[arrays.length][];
    for (int k = 0; k < arrays.length; k++) {
      out[k] = arrays[k].clone();
    }
    return out;
  }

  /** A cell of either kind, one input row per input. */
  private sealed interface Step permits Single, Multi {
    Object cell();

    List<Variable> variables();

    List<float[]> gradients();

    void step(float[][] inputs, float[][] states, float[] output);

    void backward(
        float[][] inputs, float[][] states, float[] dOutput, float[][] dStates, float[][] dInputs);
  }

  private record Single(TrainableCell cell) implements Step {
    @Override
    public List<Variable> variables() {
      return cell.variables();
    }

    @Override
    public List<float[]> gradients() {
      return cell.gradients();
    }

    @Override
    public void step(float[][] inputs, float[][] states, float[] output) {
      cell.step(inputs[0], OFFSET, states, output);
    }

    @Override
    public void backward(
        float[][] inputs, float[][] states, float[] dOutput, float[][] dStates, float[][] dInputs) {
      cell.backward(inputs[0], OFFSET, states, dOutput, dStates, dInputs[0], OFFSET);
    }
  }

  private record Multi(TrainableMultiInputCell cell) implements Step {
    @Override
    public List<Variable> variables() {
      return cell.variables();
    }

    @Override
    public List<float[]> gradients() {
      return cell.gradients();
    }

    @Override
    public void step(float[][] inputs, float[][] states, float[] output) {
      cell.step(inputs, offsets(inputs.length), states, output);
    }

    @Override
    public void backward(
        float[][] inputs, float[][] states, float[] dOutput, float[][] dStates, float[][] dInputs) {
      cell.backward(
          inputs,
          offsets(inputs.length),
          states,
          dOutput,
          dStates,
          dInputs,
          offsets(inputs.length));
    }

    private static int[] offsets(int n) {
      int[] offsets = new int[n];
      Arrays.fill(offsets, OFFSET);
      return offsets;
    }
  }
}
