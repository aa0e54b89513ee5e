package test;

import dev.rnnc.runtime.Initializer;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.ModelSummary;
import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.io.Weights;
import dev.rnnc.runtime.nn.Cells;
import dev.rnnc.runtime.nn.DenseColumn;
import dev.rnnc.runtime.nn.Inputs;
import dev.rnnc.runtime.nn.WorkspacePool;
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
 * {@link #layers()} shows them in Keras layout.
 *
 * <p>Threads: any number may call one instance at once (as ONNX Runtime's {@code Run} on one
 * session). Each call computes in a {@code Workspace} of its own, taken from a pool that keeps
 * as many as have ever run at once, so after warm-up a call allocates nothing beyond a returned
 * array. Weights must not change ({@code setWeights}, {@code Weights.load} into the model,
 * {@code fit}) while calls run.
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
  private final float[] rnnKernel;

  /**
   * rnn: Keras {@code recurrent_kernel} (units, 1·units).
   */
  private final float[] rnnRecurrentKernel;

  /**
   * score: Keras {@code kernel} (RNN_UNITS, units).
   */
  private final float[] scoreKernel;

  /**
   * score: Keras {@code bias} (units,).
   */
  private final float[] scoreBias;

  private final Layer rnnLayer;

  private final Layer scoreLayer;

  /**
   * score: its kernel's one column, contiguous, for {@code Kernels.matmulColumn}; copied again when
   * the kernel's variable changes; shared with copies.
   */
  private final DenseColumn scoreColumn;

  private final List<Layer> layers;

  /**
   * The workspaces of calls; one per call running at once.
   */
  private final WorkspacePool<Workspace> workspaces = new WorkspacePool<>(Workspace::new);

  /**
   * A model with new weights, or with those of {@code from} (the same arrays) for {@link
   * #copy()}. The weights are assigned before {@code super()}, so that the field
   * initializers that follow may read them.
   */
  private RnncDetector(RnncDetector from) {
    rnnKernel = from != null ? from.rnnKernel : new float[FEATURES * RNN_GATES];
    rnnRecurrentKernel = from != null ? from.rnnRecurrentKernel : new float[RNN_UNITS * RNN_GATES];
    scoreKernel = from != null ? from.scoreKernel : new float[RNN_UNITS * SCORE_STRIDE];
    scoreBias = from != null ? from.scoreBias : new float[SCORE_STRIDE];
    super();
    rnnLayer = new Layer("rnn", "SimpleRNN", RNN_CONFIG, from != null ? from.rnnLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(FEATURES, RNN_UNITS, 0), rnnKernel, Initializer.glorotUniform()),
        new Variable("recurrent_kernel", PackedLayout.matrix(RNN_UNITS, RNN_UNITS, 0), rnnRecurrentKernel, Initializer.orthogonal())));
    scoreLayer = new Layer("score", "Dense", SCORE_CONFIG, from != null ? from.scoreLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(RNN_UNITS, SCORE_UNITS, 0), scoreKernel, Initializer.glorotUniform()),
        new Variable("bias", PackedLayout.vector(SCORE_UNITS, 0), scoreBias, Initializer.zeros())));
    layers = List.of(rnnLayer, scoreLayer);
    scoreColumn = from != null ? from.scoreColumn : DenseColumn.of(layers, scoreKernel);
  }

  /**
   * A model with Keras-default initial weights (glorot_uniform kernels, orthogonal recurrent
   * kernels, zero biases, forget-gate biases 1), drawn from {@code seed}.
   */
  public static RnncDetector create(long seed) {
    RnncDetector model = new RnncDetector(null);
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
    RnncDetector model = new RnncDetector(null);
    Weights.load(path, model);
    return model;
  }

  /**
   * A model that shares this one's weights (the same arrays: weights set, loaded or trained
   * through either are the other's too) and has its own workspaces and carried states (zeros):
   * one per stream of a stateful model. Cheap: allocates no weights.
   */
  @Override
  public RnncDetector copy() {
    return new RnncDetector(this);
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
    Workspace workspace = workspaces.acquire();
    try {
      return workspace.score(window);
    } finally {
      workspaces.release(workspace);
    }
  }

  /**
   * The arrays one call computes in and the methods that run the layers (over the model's
   * weights). A call has a workspace to itself from taking it to giving it back.
   */
  private final class Workspace {
    private final float[] input = new float[TIMESTEPS * FEATURES];

    private final float[] rnnProjection = new float[TIMESTEPS * RNN_GATES];

    private final float[] rnnH = new float[RNN_STRIDE];

    private final float[] rnnGates = new float[RNN_GATES];

    private final float[] scoreOutput = new float[SCORE_STRIDE];

    float[] score(float[][] window) {
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
      Kernels.matmulColumn(rnnH, 0, RNN_STRIDE, 1, RNN_UNITS,
          scoreColumn.current(), 0, SCORE_STRIDE, scoreBias, 0, scoreOutput, 0, SCORE_STRIDE);
      Kernels.activate(Activation.SIGMOID, scoreOutput, 0, SCORE_STRIDE);
    }
  }
}
