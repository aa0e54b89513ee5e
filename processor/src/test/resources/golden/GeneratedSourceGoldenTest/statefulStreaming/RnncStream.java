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
import dev.rnnc.runtime.nn.ExclusiveCalls;
import dev.rnnc.runtime.nn.Inputs;
import dev.rnnc.runtime.nn.Outputs;
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
 * The rnnc implementation of {@link Stream}.
 *
 * <pre>
 * input: (20, 1)
 * lstm: @LSTM(units = 16, returnSequences = true, stateful = true), (20, 1) -> (20, 16).
 * head: @TimeDistributed @Dense(units = 1), (20, 16) -> (20, 1).
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
 * <p>Threads: the carried states are this instance's, one stream, so its calls must not overlap:
 * a call made while another runs throws {@code IllegalStateException} instead of mixing the two
 * streams. Give each thread or stream its own instance with {@link #copy()}, which shares the
 * weights. Calls compute in one {@code Workspace} the instance owns, so after warm-up a call
 * allocates nothing beyond a returned array. Weights must not change ({@code setWeights},
 * {@code Weights.load} into the model, {@code fit}) while a call runs.
 */
@Generated("dev.rnnc.processor.RnncProcessor")
public final class RnncStream implements Stream, RnncModel {
  static final int TIMESTEPS = 20;

  static final int FEATURES = 1;

  static final int LSTM_UNITS = 16;

  static final int LSTM_STRIDE = 16;

  static final int LSTM_GATES = 4 * LSTM_STRIDE;

  static final int HEAD_UNITS = 1;

  static final int HEAD_STRIDE = 16;

  /**
   * lstm: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> LSTM_CONFIG = Map.ofEntries(
    Map.entry("units", 16),
    Map.entry("activation", "tanh"),
    Map.entry("recurrent_activation", "sigmoid"),
    Map.entry("unit_forget_bias", true),
    Map.entry("use_bias", true),
    Map.entry("return_sequences", true),
    Map.entry("return_state", false),
    Map.entry("go_backwards", false),
    Map.entry("stateful", true),
    Map.entry("unroll", false),
    Map.entry("zero_output_for_mask", false));

  /**
   * head: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> HEAD_CONFIG = Map.ofEntries(
    Map.entry("layer", Map.of("class_name", "Dense", "config", Map.ofEntries(
      Map.entry("units", 1),
      Map.entry("activation", "linear"),
      Map.entry("use_bias", true)))));

  /**
   * lstm: Keras {@code kernel} (FEATURES, 4·units), gate blocks i, f, o, c.
   */
  private final float[] lstmKernel;

  /**
   * lstm: Keras {@code recurrent_kernel} (units, 4·units).
   */
  private final float[] lstmRecurrentKernel;

  /**
   * lstm: Keras {@code bias}.
   */
  private final float[] lstmBias;

  /**
   * head: Keras {@code kernel} (LSTM_UNITS, units).
   */
  private final float[] headKernel;

  /**
   * head: Keras {@code bias} (units,).
   */
  private final float[] headBias;

  private final Layer lstmLayer;

  /**
   * lstm's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.lstmStep); shared with copies.
   */
  private final LstmStep lstmStep;

  private final Layer headLayer;

  /**
   * head: its kernel's one column, contiguous, for {@code Kernels.matmulColumn}; copied again when
   * the kernel's variable changes; shared with copies.
   */
  private final DenseColumn headColumn;

  private final List<Layer> layers;

  /**
   * The workspace of every call, which carries the states from call to call.
   */
  private final Workspace state = new Workspace();

  /**
   * Makes a call throw while another runs: the states are one stream.
   */
  private final ExclusiveCalls exclusive = new ExclusiveCalls("Stream");

  /**
   * A model with new weights, or with those of {@code from} (the same arrays) for {@link
   * #copy()}. The weights are assigned before {@code super()}, so that the field
   * initializers that follow may read them.
   */
  private RnncStream(RnncStream from) {
    lstmKernel = from != null ? from.lstmKernel : new float[FEATURES * LSTM_GATES];
    lstmRecurrentKernel = from != null ? from.lstmRecurrentKernel : new float[LSTM_UNITS * LSTM_GATES];
    lstmBias = from != null ? from.lstmBias : new float[LSTM_GATES];
    headKernel = from != null ? from.headKernel : new float[LSTM_UNITS * HEAD_STRIDE];
    headBias = from != null ? from.headBias : new float[HEAD_STRIDE];
    super();
    lstmLayer = new Layer("lstm", "LSTM", LSTM_CONFIG, from != null ? from.lstmLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(FEATURES, LSTM_UNITS, 0, 1, 3, 2), lstmKernel, Initializer.glorotUniform()),
        new Variable("recurrent_kernel", PackedLayout.matrix(LSTM_UNITS, LSTM_UNITS, 0, 1, 3, 2), lstmRecurrentKernel, Initializer.orthogonal()),
        new Variable("bias", PackedLayout.vector(LSTM_UNITS, 0, 1, 3, 2), lstmBias, Initializer.unitForgetBias(LSTM_UNITS))),
            state::resetLstm, new float[][] {state.lstmH, state.lstmC},
            new int[] {LSTM_UNITS, LSTM_UNITS});
    headLayer = new Layer("head", "TimeDistributed", HEAD_CONFIG, from != null ? from.headLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(LSTM_UNITS, HEAD_UNITS, 0), headKernel, Initializer.glorotUniform()),
        new Variable("bias", PackedLayout.vector(HEAD_UNITS, 0), headBias, Initializer.zeros())));
    layers = List.of(lstmLayer, headLayer);
    lstmStep = from != null ? from.lstmStep : Cells.lstmStep(layers, lstmRecurrentKernel,
        LSTM_UNITS, LSTM_STRIDE, Activation.TANH, Activation.SIGMOID);
    headColumn = from != null ? from.headColumn : DenseColumn.of(layers, headKernel);
  }

  /**
   * A model with Keras-default initial weights (glorot_uniform kernels, orthogonal recurrent
   * kernels, zero biases, forget-gate biases 1), drawn from {@code seed}.
   */
  public static RnncStream create(long seed) {
    RnncStream model = new RnncStream(null);
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
  public static RnncStream load(Path path) throws IOException {
    RnncStream model = new RnncStream(null);
    Weights.load(path, model);
    return model;
  }

  /**
   * A model that shares this one's weights (the same arrays: weights set, loaded or trained
   * through either are the other's too) and has its own workspaces and carried states (zeros):
   * one per stream of a stateful model. Cheap: allocates no weights.
   */
  @Override
  public RnncStream copy() {
    return new RnncStream(this);
  }

  @Override
  public String modelName() {
    return "Stream";
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
        ModelSummary.row(lstmLayer, "(1, 20, 16)"),
        ModelSummary.row(headLayer, "(1, 20, 1)")));
  }

  /**
   * Keras' {@code model.summary()} as Keras 3.15 prints it (see {@link #modelSummary()}).
   */
  public String summary() {
    return modelSummary().format();
  }

  @Override
  public Layer lstm() {
    return lstmLayer;
  }

  @Override
  public Layer head() {
    return headLayer;
  }

  @Override
  public float[][] predict(float[][] window) {
    exclusive.enter();
    try {
      return state.predict(window);
    } finally {
      exclusive.exit();
    }
  }

  @Override
  public float[] step(float[] x) {
    exclusive.enter();
    try {
      return state.step(x);
    } finally {
      exclusive.exit();
    }
  }

  /**
   * Zeroes the carried states of lstm.
   */
  @Override
  public void resetStates() {
    exclusive.enter();
    try {
      state.resetStates();
    } finally {
      exclusive.exit();
    }
  }

  /**
   * The arrays a call computes in, the carried states among them, and the methods that run
   * the layers (over the model's weights).
   */
  private final class Workspace {
    private final float[] input = new float[TIMESTEPS * FEATURES];

    private final float[] lstmProjection = new float[TIMESTEPS * LSTM_GATES];

    private final float[] lstmH = new float[LSTM_STRIDE];

    private final float[] lstmC = new float[LSTM_STRIDE];

    private final float[] lstmGates = new float[LSTM_GATES];

    private final float[] lstmOutput = new float[TIMESTEPS * LSTM_STRIDE];

    private final float[] headOutput = new float[TIMESTEPS * HEAD_STRIDE];

    float[][] predict(float[][] window) {
      int timesteps = Inputs.checkSequence(window, "window", TIMESTEPS, FEATURES);
      run(window, timesteps);
      return Outputs.sequence(headOutput, timesteps, HEAD_UNITS, HEAD_STRIDE);
    }

    float[] step(float[] x) {
      Inputs.checkStep(x, "x", FEATURES);
      System.arraycopy(x, 0, input, 0, FEATURES);
      forward(1);
      return Arrays.copyOf(headOutput, HEAD_UNITS);
    }

    void resetStates() {
      resetLstm();
    }

    /**
     * Runs every layer on one sample that the caller has checked.
     */
    private void run(float[][] sample, int timesteps) {
      Inputs.packSequence(sample, timesteps, FEATURES, input);
      forward(timesteps);
    }

    /**
     * Runs every layer over the first {@code timesteps} rows of {@code input}.
     */
    private void forward(int timesteps) {
      runLstm(timesteps);
      runHead(timesteps);
    }

    /**
     * lstm: @LSTM(units = 16, returnSequences = true, stateful = true), (20, 1) -> (20, 16).
     */
    private void runLstm(int timesteps) {
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(input, 0, FEATURES, timesteps, FEATURES, lstmKernel, 0, LSTM_GATES, LSTM_GATES,
          lstmBias, 0, lstmProjection, 0, LSTM_GATES);
      // stateful: h and c carry over from the previous call.
      for (int t = 0; t < timesteps; t++) {
        lstmStep.step(lstmProjection, t * LSTM_GATES, lstmRecurrentKernel, lstmGates, lstmC, lstmH);
        System.arraycopy(lstmH, 0, lstmOutput, t * LSTM_STRIDE, LSTM_STRIDE);
      }
    }

    /**
     * head: @TimeDistributed @Dense(units = 1), (20, 16) -> (20, 1).
     */
    private void runHead(int timesteps) {
      // Applied to every timestep, as Keras does: one matrix product over all rows.
      Kernels.matmulColumn(lstmOutput, 0, LSTM_STRIDE, timesteps, LSTM_UNITS,
          headColumn.current(), 0, HEAD_STRIDE, headBias, 0, headOutput, 0, HEAD_STRIDE);
    }

    /**
     * Zeroes lstm's carried states.
     */
    private void resetLstm() {
      Arrays.fill(lstmH, 0f);
      Arrays.fill(lstmC, 0f);
    }
  }
}
