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
import dev.rnnc.runtime.nn.Outputs;
import dev.rnnc.runtime.nn.WorkspacePool;
import dev.rnnc.runtime.simd.Activation;
import dev.rnnc.runtime.simd.Kernels;
import dev.rnnc.runtime.simd.LstmStep;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Generated;

/**
 * The rnnc implementation of {@link Forecaster}.
 *
 * <pre>
 * input: (30, 1)
 * encoder: @LSTM(units = 64, returnSequences = true), (30, 1) -> (30, 64).
 * drop: @Dropout(rate = 0.2), (30, 64) -> (30, 64).
 * summary: @LSTM(units = 32), (30, 64) -> (32,).
 * hidden: @Dense(units = 16, activation = "relu"), (32,) -> (16,).
 * head: @Dense(units = 1), (16,) -> (1,).
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
public final class RnncForecaster implements Forecaster, RnncModel {
  static final int TIMESTEPS = 30;

  static final int FEATURES = 1;

  static final int ENCODER_UNITS = 64;

  static final int ENCODER_STRIDE = 64;

  static final int ENCODER_GATES = 4 * ENCODER_STRIDE;

  static final int SUMMARY_UNITS = 32;

  static final int SUMMARY_STRIDE = 32;

  static final int SUMMARY_GATES = 4 * SUMMARY_STRIDE;

  static final int HIDDEN_UNITS = 16;

  static final int HIDDEN_STRIDE = 16;

  static final int HEAD_UNITS = 1;

  static final int HEAD_STRIDE = 16;

  static final int CHUNK = 8;

  /**
   * encoder: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> ENCODER_CONFIG = Map.ofEntries(
    Map.entry("units", 64),
    Map.entry("activation", "tanh"),
    Map.entry("recurrent_activation", "sigmoid"),
    Map.entry("unit_forget_bias", true),
    Map.entry("use_bias", true),
    Map.entry("return_sequences", true),
    Map.entry("return_state", false),
    Map.entry("go_backwards", false),
    Map.entry("stateful", false),
    Map.entry("unroll", false),
    Map.entry("zero_output_for_mask", false));

  /**
   * drop: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> DROP_CONFIG = Map.ofEntries(
    Map.entry("rate", 0.2));

  /**
   * summary: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> SUMMARY_CONFIG = Map.ofEntries(
    Map.entry("units", 32),
    Map.entry("activation", "tanh"),
    Map.entry("recurrent_activation", "sigmoid"),
    Map.entry("unit_forget_bias", true),
    Map.entry("use_bias", true),
    Map.entry("return_sequences", false),
    Map.entry("return_state", false),
    Map.entry("go_backwards", false),
    Map.entry("stateful", false),
    Map.entry("unroll", false),
    Map.entry("zero_output_for_mask", false));

  /**
   * hidden: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> HIDDEN_CONFIG = Map.ofEntries(
    Map.entry("units", 16),
    Map.entry("activation", "relu"),
    Map.entry("use_bias", true));

  /**
   * head: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> HEAD_CONFIG = Map.ofEntries(
    Map.entry("units", 1),
    Map.entry("activation", "linear"),
    Map.entry("use_bias", true));

  /**
   * encoder: Keras {@code kernel} (FEATURES, 4·units), gate blocks i, f, o, c.
   */
  private final float[] encoderKernel;

  /**
   * encoder: Keras {@code recurrent_kernel} (units, 4·units).
   */
  private final float[] encoderRecurrentKernel;

  /**
   * encoder: Keras {@code bias}.
   */
  private final float[] encoderBias;

  /**
   * summary: Keras {@code kernel} (ENCODER_UNITS, 4·units), gate blocks i, f, o, c.
   */
  private final float[] summaryKernel;

  /**
   * summary: Keras {@code recurrent_kernel} (units, 4·units).
   */
  private final float[] summaryRecurrentKernel;

  /**
   * summary: Keras {@code bias}.
   */
  private final float[] summaryBias;

  /**
   * hidden: Keras {@code kernel} (SUMMARY_UNITS, units).
   */
  private final float[] hiddenKernel;

  /**
   * hidden: Keras {@code bias} (units,).
   */
  private final float[] hiddenBias;

  /**
   * head: Keras {@code kernel} (HIDDEN_UNITS, units).
   */
  private final float[] headKernel;

  /**
   * head: Keras {@code bias} (units,).
   */
  private final float[] headBias;

  private final Layer encoderLayer;

  /**
   * encoder's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.lstmPanelsStep); shared with copies.
   */
  private final LstmStep encoderStep;

  private final Layer dropLayer;

  private final Layer summaryLayer;

  /**
   * summary's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.lstmStep); shared with copies.
   */
  private final LstmStep summaryStep;

  private final Layer hiddenLayer;

  private final Layer headLayer;

  /**
   * head: its kernel's one column, contiguous, for {@code Kernels.matmulColumn}; copied again when
   * the kernel's variable changes; shared with copies.
   */
  private final DenseColumn headColumn;

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
  private RnncForecaster(RnncForecaster from) {
    encoderKernel = from != null ? from.encoderKernel : new float[FEATURES * ENCODER_GATES];
    encoderRecurrentKernel = from != null ? from.encoderRecurrentKernel : new float[ENCODER_UNITS * ENCODER_GATES];
    encoderBias = from != null ? from.encoderBias : new float[ENCODER_GATES];
    summaryKernel = from != null ? from.summaryKernel : new float[ENCODER_UNITS * SUMMARY_GATES];
    summaryRecurrentKernel = from != null ? from.summaryRecurrentKernel : new float[SUMMARY_UNITS * SUMMARY_GATES];
    summaryBias = from != null ? from.summaryBias : new float[SUMMARY_GATES];
    hiddenKernel = from != null ? from.hiddenKernel : new float[SUMMARY_UNITS * HIDDEN_STRIDE];
    hiddenBias = from != null ? from.hiddenBias : new float[HIDDEN_STRIDE];
    headKernel = from != null ? from.headKernel : new float[HIDDEN_UNITS * HEAD_STRIDE];
    headBias = from != null ? from.headBias : new float[HEAD_STRIDE];
    super();
    encoderLayer = new Layer("encoder", "LSTM", ENCODER_CONFIG, from != null ? from.encoderLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(FEATURES, ENCODER_UNITS, 0, 1, 3, 2), encoderKernel, Initializer.glorotUniform()),
        new Variable("recurrent_kernel", PackedLayout.matrix(ENCODER_UNITS, ENCODER_UNITS, 0, 1, 3, 2), encoderRecurrentKernel, Initializer.orthogonal()),
        new Variable("bias", PackedLayout.vector(ENCODER_UNITS, 0, 1, 3, 2), encoderBias, Initializer.unitForgetBias(ENCODER_UNITS))));
    dropLayer = new Layer("drop", "Dropout", DROP_CONFIG, List.of());
    summaryLayer = new Layer("summary", "LSTM", SUMMARY_CONFIG, from != null ? from.summaryLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(ENCODER_UNITS, SUMMARY_UNITS, 0, 1, 3, 2), summaryKernel, Initializer.glorotUniform()),
        new Variable("recurrent_kernel", PackedLayout.matrix(SUMMARY_UNITS, SUMMARY_UNITS, 0, 1, 3, 2), summaryRecurrentKernel, Initializer.orthogonal()),
        new Variable("bias", PackedLayout.vector(SUMMARY_UNITS, 0, 1, 3, 2), summaryBias, Initializer.unitForgetBias(SUMMARY_UNITS))));
    hiddenLayer = new Layer("hidden", "Dense", HIDDEN_CONFIG, from != null ? from.hiddenLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(SUMMARY_UNITS, HIDDEN_UNITS, 0), hiddenKernel, Initializer.glorotUniform()),
        new Variable("bias", PackedLayout.vector(HIDDEN_UNITS, 0), hiddenBias, Initializer.zeros())));
    headLayer = new Layer("head", "Dense", HEAD_CONFIG, from != null ? from.headLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(HIDDEN_UNITS, HEAD_UNITS, 0), headKernel, Initializer.glorotUniform()),
        new Variable("bias", PackedLayout.vector(HEAD_UNITS, 0), headBias, Initializer.zeros())));
    layers = List.of(encoderLayer, dropLayer, summaryLayer, hiddenLayer, headLayer);
    encoderStep = from != null ? from.encoderStep :
        Cells.lstmPanelsStep(layers, encoderRecurrentKernel,
        ENCODER_UNITS, ENCODER_STRIDE, Activation.TANH, Activation.SIGMOID);
    summaryStep = from != null ? from.summaryStep : Cells.lstmStep(layers, summaryRecurrentKernel,
        SUMMARY_UNITS, SUMMARY_STRIDE, Activation.TANH, Activation.SIGMOID);
    headColumn = from != null ? from.headColumn : DenseColumn.of(layers, headKernel);
  }

  /**
   * A model with Keras-default initial weights (glorot_uniform kernels, orthogonal recurrent
   * kernels, zero biases, forget-gate biases 1), drawn from {@code seed}.
   */
  public static RnncForecaster create(long seed) {
    RnncForecaster model = new RnncForecaster(null);
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
  public static RnncForecaster load(Path path) throws IOException {
    RnncForecaster model = new RnncForecaster(null);
    Weights.load(path, model);
    return model;
  }

  /**
   * A model that shares this one's weights (the same arrays: weights set, loaded or trained
   * through either are the other's too) and has its own workspaces and carried states (zeros):
   * one per stream of a stateful model. Cheap: allocates no weights.
   */
  @Override
  public RnncForecaster copy() {
    return new RnncForecaster(this);
  }

  @Override
  public String modelName() {
    return "Forecaster";
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
        ModelSummary.row(encoderLayer, "(None, 30, 64)"),
        ModelSummary.row(dropLayer, "(None, 30, 64)"),
        ModelSummary.row(summaryLayer, "(None, 32)"),
        ModelSummary.row(hiddenLayer, "(None, 16)"),
        ModelSummary.row(headLayer, "(None, 1)")));
  }

  @Override
  public Layer encoder() {
    return encoderLayer;
  }

  @Override
  public Layer drop() {
    return dropLayer;
  }

  @Override
  public Layer summary() {
    return summaryLayer;
  }

  @Override
  public Layer hidden() {
    return hiddenLayer;
  }

  @Override
  public Layer head() {
    return headLayer;
  }

  @Override
  public float[] predict(float[][] window) {
    Workspace workspace = workspaces.acquire();
    try {
      return workspace.predict(window);
    } finally {
      workspaces.release(workspace);
    }
  }

  @Override
  public float[][] predict(float[][][] windows) {
    Workspace workspace = workspaces.acquire();
    try {
      return workspace.predict(windows);
    } finally {
      workspaces.release(workspace);
    }
  }

  @Override
  public void predictInto(float[][] window, float[] out) {
    Workspace workspace = workspaces.acquire();
    try {
      workspace.predictInto(window, out);
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

    private final float[] encoderProjection = new float[TIMESTEPS * ENCODER_GATES];

    private final float[] encoderH = new float[ENCODER_STRIDE];

    private final float[] encoderC = new float[ENCODER_STRIDE];

    private final float[] encoderGates = new float[ENCODER_GATES];

    private final float[] encoderOutput = new float[TIMESTEPS * ENCODER_STRIDE];

    private final float[] summaryProjection = new float[TIMESTEPS * SUMMARY_GATES];

    private final float[] summaryH = new float[SUMMARY_STRIDE];

    private final float[] summaryC = new float[SUMMARY_STRIDE];

    private final float[] summaryGates = new float[SUMMARY_GATES];

    private final float[] hiddenOutput = new float[HIDDEN_STRIDE];

    private final float[] headOutput = new float[HEAD_STRIDE];

    private final float[] chunkInput = new float[CHUNK * TIMESTEPS * FEATURES];

    private final float[] encoderChunkProjection = new float[CHUNK * TIMESTEPS * ENCODER_GATES];

    private final float[] encoderChunkH = new float[CHUNK * ENCODER_STRIDE];

    private final float[] encoderChunkC = new float[CHUNK * ENCODER_STRIDE];

    private final float[] encoderChunkGates = new float[CHUNK * ENCODER_GATES];

    private final float[] encoderChunkOutput = new float[CHUNK * TIMESTEPS * ENCODER_STRIDE];

    private final float[] summaryChunkProjection = new float[CHUNK * TIMESTEPS * SUMMARY_GATES];

    private final float[] summaryChunkH = new float[CHUNK * SUMMARY_STRIDE];

    private final float[] summaryChunkC = new float[CHUNK * SUMMARY_STRIDE];

    private final float[] summaryChunkGates = new float[CHUNK * SUMMARY_GATES];

    private final float[] hiddenChunkOutput = new float[CHUNK * HIDDEN_STRIDE];

    private final float[] headChunkOutput = new float[CHUNK * HEAD_STRIDE];

    float[] predict(float[][] window) {
      Inputs.checkSequence(window, "window", TIMESTEPS, FEATURES);
      run(window);
      return Arrays.copyOf(headOutput, HEAD_UNITS);
    }

    float[][] predict(float[][][] windows) {
      Inputs.checkSequences(windows, "windows", TIMESTEPS, FEATURES);
      float[][] results = new float[windows.length][];
      // Samples go through the layers in lockstep, CHUNK at a time (runChunk).
      for (int start = 0; start < windows.length; start += CHUNK) {
        int n = Math.min(CHUNK, windows.length - start);
        runChunk(windows, start, n);
        for (int b = 0; b < n; b++) {
          results[start + b] = Arrays.copyOfRange(headChunkOutput, b * HEAD_STRIDE, b * HEAD_STRIDE + HEAD_UNITS);
        }
      }
      return results;
    }

    void predictInto(float[][] window, float[] out) {
      Inputs.checkSequence(window, "window", TIMESTEPS, FEATURES);
      Outputs.checkVector(out, "out", -1, HEAD_UNITS);
      run(window);
      System.arraycopy(headOutput, 0, out, 0, HEAD_UNITS);
    }

    /**
     * Runs every layer on one sample that the caller has checked.
     */
    private void run(float[][] sample) {
      Inputs.packSequence(sample, TIMESTEPS, FEATURES, input);
      runEncoder();
      runSummary();
      runHidden();
      runHead();
    }

    /**
     * encoder: @LSTM(units = 64, returnSequences = true), (30, 1) -> (30, 64).
     */
    private void runEncoder() {
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(input, 0, FEATURES, TIMESTEPS, FEATURES,
          encoderKernel, 0, ENCODER_GATES, ENCODER_GATES, encoderBias, 0,
          encoderProjection, 0, ENCODER_GATES);
      Arrays.fill(encoderH, 0f);
      Arrays.fill(encoderC, 0f);
      for (int t = 0; t < TIMESTEPS; t++) {
        encoderStep.step(encoderProjection, t * ENCODER_GATES,
            encoderRecurrentKernel, encoderGates, encoderC, encoderH);
        System.arraycopy(encoderH, 0, encoderOutput, t * ENCODER_STRIDE, ENCODER_STRIDE);
      }
    }

    /**
     * summary: @LSTM(units = 32), (30, 64) -> (32,).
     */
    private void runSummary() {
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(encoderOutput, 0, ENCODER_STRIDE, TIMESTEPS, ENCODER_UNITS,
          summaryKernel, 0, SUMMARY_GATES, SUMMARY_GATES, summaryBias, 0,
          summaryProjection, 0, SUMMARY_GATES);
      Arrays.fill(summaryH, 0f);
      Arrays.fill(summaryC, 0f);
      for (int t = 0; t < TIMESTEPS; t++) {
        summaryStep.step(summaryProjection, t * SUMMARY_GATES,
            summaryRecurrentKernel, summaryGates, summaryC, summaryH);
      }
    }

    /**
     * hidden: @Dense(units = 16, activation = "relu"), (32,) -> (16,).
     */
    private void runHidden() {
      Kernels.matmul(summaryH, 0, SUMMARY_STRIDE, 1, SUMMARY_UNITS,
          hiddenKernel, 0, HIDDEN_STRIDE, HIDDEN_STRIDE, hiddenBias, 0,
          hiddenOutput, 0, HIDDEN_STRIDE);
      Kernels.activate(Activation.RELU, hiddenOutput, 0, HIDDEN_STRIDE);
    }

    /**
     * head: @Dense(units = 1), (16,) -> (1,).
     */
    private void runHead() {
      Kernels.matmulColumn(hiddenOutput, 0, HIDDEN_STRIDE, 1, HIDDEN_UNITS,
          headColumn.current(), 0, HEAD_STRIDE, headBias, 0, headOutput, 0, HEAD_STRIDE);
    }

    /**
     * Runs every layer on samples {@code start .. start + n} ({@code n <= CHUNK}) of a checked batch
     * in lockstep; outputs land in chunk buffers, one row (or sequence) per sample.
     */
    private void runChunk(float[][][] samples, int start, int n) {
      for (int b = 0; b < n; b++) {
        Inputs.packSequence(samples[start + b], TIMESTEPS, FEATURES, chunkInput, b * TIMESTEPS * FEATURES);
      }
      // encoder: every sample's x·W + b in one product, then all samples step together.
      Kernels.matmul(chunkInput, 0, FEATURES, n * TIMESTEPS, FEATURES,
          encoderKernel, 0, ENCODER_GATES, ENCODER_GATES, encoderBias, 0,
          encoderChunkProjection, 0, ENCODER_GATES);
      Arrays.fill(encoderChunkH, 0, n * ENCODER_STRIDE, 0f);
      Arrays.fill(encoderChunkC, 0, n * ENCODER_STRIDE, 0f);
      for (int t = 0; t < TIMESTEPS; t++) {
        Cells.lstmSteps(n, encoderChunkProjection, t * ENCODER_GATES, TIMESTEPS * ENCODER_GATES,
            encoderRecurrentKernel, ENCODER_UNITS, ENCODER_STRIDE,
            encoderChunkGates, encoderChunkC, encoderChunkH, ENCODER_STRIDE,
            Activation.TANH, Activation.SIGMOID);
        for (int b = 0; b < n; b++) {
          System.arraycopy(encoderChunkH, b * ENCODER_STRIDE,
              encoderChunkOutput, (b * TIMESTEPS + t) * ENCODER_STRIDE, ENCODER_STRIDE);
        }
      }
      // summary: every sample's x·W + b in one product, then all samples step together.
      Kernels.matmul(encoderChunkOutput, 0, ENCODER_STRIDE, n * TIMESTEPS, ENCODER_UNITS,
          summaryKernel, 0, SUMMARY_GATES, SUMMARY_GATES, summaryBias, 0,
          summaryChunkProjection, 0, SUMMARY_GATES);
      Arrays.fill(summaryChunkH, 0, n * SUMMARY_STRIDE, 0f);
      Arrays.fill(summaryChunkC, 0, n * SUMMARY_STRIDE, 0f);
      for (int t = 0; t < TIMESTEPS; t++) {
        Cells.lstmSteps(n, summaryChunkProjection, t * SUMMARY_GATES, TIMESTEPS * SUMMARY_GATES,
            summaryRecurrentKernel, SUMMARY_UNITS, SUMMARY_STRIDE,
            summaryChunkGates, summaryChunkC, summaryChunkH, SUMMARY_STRIDE,
            Activation.TANH, Activation.SIGMOID);
      }
      // hidden: one product over the chunk's rows.
      Kernels.matmul(summaryChunkH, 0, SUMMARY_STRIDE, n, SUMMARY_UNITS,
          hiddenKernel, 0, HIDDEN_STRIDE, HIDDEN_STRIDE, hiddenBias, 0,
          hiddenChunkOutput, 0, HIDDEN_STRIDE);
      Kernels.activate(Activation.RELU, hiddenChunkOutput, 0, n * HIDDEN_STRIDE);
      // head: one product over the chunk's rows.
      Kernels.matmulColumn(hiddenChunkOutput, 0, HIDDEN_STRIDE, n, HIDDEN_UNITS,
          headColumn.current(), 0, HEAD_STRIDE, headBias, 0, headChunkOutput, 0, HEAD_STRIDE);
    }
  }
}
