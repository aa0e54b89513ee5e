package test;

import dev.rnnc.runtime.Initializer;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.ModelSummary;
import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.io.Weights;
import dev.rnnc.runtime.nn.Cells;
import dev.rnnc.runtime.nn.Inputs;
import dev.rnnc.runtime.simd.Activation;
import dev.rnnc.runtime.simd.Kernels;
import dev.rnnc.runtime.simd.SimpleRnnStep;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Generated;

/**
 * The rnnc implementation of {@link Detector}.
 *
 * <pre>
 * input: (10, 5)
 * rnn: @SimpleRNN(units = 32, activation = "relu", useBias = false), (10, 5) -> (32,).
 * score: @Dense(units = 1, activation = "sigmoid"), (32,) -> (1,).
 * </pre>
 *
 * <p>Sizes are constants: {@code TIMESTEPS} ({@code -1} when variable, then known per call),
 * {@code FEATURES}, and per layer {@code *_UNITS}; {@code *_STRIDE} is the width rounded up to 16
 * floats (one 512-bit vector) so every row and gate block starts on a vector boundary, and
 * {@code *_GATES} the width of a recurrent layer's input projection, all its gate blocks.
 *
 * <p>Weights are stored packed for the SIMD kernels (gate blocks padded to 16 floats);
 * {@link #layers()} shows them in Keras layout. An instance keeps its scratch arrays, so it
 * allocates nothing per call beyond a returned array, and is not thread-safe: use one
 * instance per thread.
 */
@Generated("dev.rnnc.processor.RnncProcessor")
public final class RnncDetector implements Detector, RnncModel {
  static final int TIMESTEPS = 10;

  static final int FEATURES = 5;

  static final int RNN_UNITS = 32;

  static final int RNN_STRIDE = 32;

  static final int RNN_GATES = RNN_STRIDE;

  /**
   * rnn's step, made once for its sizes: the kernels may specialise it to them.
   */
  private static final SimpleRnnStep RNN_STEP = Cells.simpleRnnStep(RNN_UNITS, RNN_STRIDE, Activation.RELU);

  static final int SCORE_UNITS = 1;

  static final int SCORE_STRIDE = 16;

  /**
   * rnn: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> RNN_CONFIG = Map.ofEntries(
    Map.entry("units", 32),
    Map.entry("activation", "relu"),
    Map.entry("use_bias", false),
    Map.entry("return_sequences", false),
    Map.entry("return_state", false),
    Map.entry("go_backwards", false),
    Map.entry("stateful", false),
    Map.entry("unroll", false),
    Map.entry("zero_output_for_mask", false));

  /**
   * score: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> SCORE_CONFIG = Map.ofEntries(
    Map.entry("units", 1),
    Map.entry("activation", "sigmoid"),
    Map.entry("use_bias", true));

  /**
   * rnn: Keras {@code kernel} (FEATURES, 1·units), gate blocks (one).
   */
  private final float[] rnnKernel = new float[FEATURES * RNN_GATES];

  /**
   * rnn: Keras {@code recurrent_kernel} (units, 1·units).
   */
  private final float[] rnnRecurrentKernel = new float[RNN_UNITS * RNN_GATES];

  /**
   * score: Keras {@code kernel} (RNN_UNITS, units).
   */
  private final float[] scoreKernel = new float[RNN_UNITS * SCORE_STRIDE];

  /**
   * score: Keras {@code bias} (units,).
   */
  private final float[] scoreBias = new float[SCORE_STRIDE];

  private final Layer rnnLayer;

  private final Layer scoreLayer;

  private final float[] input = new float[TIMESTEPS * FEATURES];

  private final float[] rnnProjection = new float[TIMESTEPS * RNN_GATES];

  private final float[] rnnH = new float[RNN_STRIDE];

  private final float[] rnnGates = new float[RNN_GATES];

  private final float[] scoreOutput = new float[SCORE_STRIDE];

  private final List<Layer> layers;

  private RnncDetector() {
    rnnLayer = new Layer("rnn", "SimpleRNN", RNN_CONFIG, List.of(
        new Variable("kernel", PackedLayout.matrix(FEATURES, RNN_UNITS, 0), rnnKernel, Initializer.glorotUniform()),
        new Variable("recurrent_kernel", PackedLayout.matrix(RNN_UNITS, RNN_UNITS, 0), rnnRecurrentKernel, Initializer.orthogonal())));
    scoreLayer = new Layer("score", "Dense", SCORE_CONFIG, List.of(
        new Variable("kernel", PackedLayout.matrix(RNN_UNITS, SCORE_UNITS, 0), scoreKernel, Initializer.glorotUniform()),
        new Variable("bias", PackedLayout.vector(SCORE_UNITS, 0), scoreBias, Initializer.zeros())));
    layers = List.of(rnnLayer, scoreLayer);
  }

  /**
   * A model with Keras-default initial weights (glorot_uniform kernels, orthogonal recurrent
   * kernels, zero biases, forget-gate biases 1), drawn from {@code seed}.
   */
  public static RnncDetector create(long seed) {
    RnncDetector model = new RnncDetector();
    model.initialize(seed);
    return model;
  }

  /**
   * A model with the weights of {@code path}: a Keras 3 {@code .keras} or {@code .weights.h5}
   * file (layers matched by name, else by order), a PyTorch {@code state_dict} in safetensors, or an
   * rnnc weight file; the format is recognised by content.
   *
   * @throws IOException if the file cannot be read, or ({@code WeightsException}) does not fit
   *     this model; its message lists every mismatch
   */
  public static RnncDetector load(Path path) throws IOException {
    RnncDetector model = new RnncDetector();
    Weights.load(path, model);
    return model;
  }

  @Override
  public String modelName() {
    return "anomaly_detector";
  }

  @Override
  public Map<String, Object> inputConfig() {
    return Map.of("shape", List.of(TIMESTEPS, FEATURES), "dtype", "float32");
  }

  @Override
  public List<Layer> layers() {
    return layers;
  }

  /**
   * The rows of Keras' {@code model.summary()}, as for a Keras Sequential: output shapes from the
   * checked spec, parameters counted from each layer's variables.
   */
  @Override
  public ModelSummary modelSummary() {
    return ModelSummary.sequential(modelName(), List.of(
        ModelSummary.row(rnnLayer, "(None, 32)"),
        ModelSummary.row(scoreLayer, "(None, 1)")));
  }

  /**
   * Keras' {@code model.summary()} as Keras 3.15 prints it (see {@link #modelSummary()}).
   */
  public String summary() {
    return modelSummary().format();
  }

  @Override
  public Layer rnn() {
    return rnnLayer;
  }

  @Override
  public Layer score() {
    return scoreLayer;
  }

  @Override
  public float[] score(float[][] window) {
    Inputs.checkSequence(window, "window", TIMESTEPS, FEATURES);
    run(window);
    return Arrays.copyOf(scoreOutput, SCORE_UNITS);
  }

  /**
   * Runs every layer on one sample that the caller has checked.
   */
  private void run(float[][] sample) {
    Inputs.packSequence(sample, TIMESTEPS, FEATURES, input);
    runRnn();
    runScore();
  }

  /**
   * rnn: @SimpleRNN(units = 32, activation = "relu", useBias = false), (10, 5) -> (32,).
   */
  private void runRnn() {
    // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
    Kernels.matmul(input, 0, FEATURES, TIMESTEPS, FEATURES, rnnKernel, 0, RNN_GATES, RNN_GATES,
        null, 0, rnnProjection, 0, RNN_GATES);
    Arrays.fill(rnnH, 0f);
    for (int t = 0; t < TIMESTEPS; t++) {
      RNN_STEP.step(rnnProjection, t * RNN_GATES, rnnRecurrentKernel, rnnH, rnnGates);
    }
  }

  /**
   * score: @Dense(units = 1, activation = "sigmoid"), (32,) -> (1,).
   */
  private void runScore() {
    Kernels.matmul(rnnH, 0, RNN_STRIDE, 1, RNN_UNITS, scoreKernel, 0, SCORE_STRIDE, SCORE_STRIDE,
        scoreBias, 0, scoreOutput, 0, SCORE_STRIDE);
    Kernels.activate(Activation.SIGMOID, scoreOutput, 0, SCORE_STRIDE);
  }
}
