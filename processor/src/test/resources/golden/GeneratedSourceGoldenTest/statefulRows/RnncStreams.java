package test;

import dev.rnnc.runtime.Initializer;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.ModelSummary;
import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.io.Weights;
import dev.rnnc.runtime.nn.Cells;
import dev.rnnc.runtime.nn.ExclusiveCalls;
import dev.rnnc.runtime.nn.Inputs;
import dev.rnnc.runtime.simd.Activation;
import dev.rnnc.runtime.simd.GruStep;
import dev.rnnc.runtime.simd.Kernels;
import dev.rnnc.runtime.simd.LstmStep;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Generated;

/**
 * The rnnc implementation of {@link Streams}.
 *
 * <pre>
 * input: (4, 2)
 * encoder: @LSTM(units = 3, returnSequences = true, stateful = true), (4, 2) -> (4, 3).
 * summary: @GRU(units = 2, stateful = true), (4, 3) -> (2,).
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
public final class RnncStreams implements Streams, RnncModel {
  static final int TIMESTEPS = 4;

  static final int FEATURES = 2;

  static final int ENCODER_UNITS = 3;

  static final int ENCODER_STRIDE = 16;

  static final int ENCODER_GATES = 4 * ENCODER_STRIDE;

  static final int SUMMARY_UNITS = 2;

  static final int SUMMARY_STRIDE = 16;

  static final int SUMMARY_GATES = 3 * SUMMARY_STRIDE;

  static final int BATCH_SIZE = 2;

  static final int STATE_ROW_SIZE = ENCODER_UNITS + ENCODER_UNITS + SUMMARY_UNITS;

  /**
   * encoder: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> ENCODER_CONFIG = Map.ofEntries(
    Map.entry("units", 3),
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
   * summary: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> SUMMARY_CONFIG = Map.ofEntries(
    Map.entry("units", 2),
    Map.entry("activation", "tanh"),
    Map.entry("recurrent_activation", "sigmoid"),
    Map.entry("reset_after", true),
    Map.entry("use_bias", true),
    Map.entry("return_sequences", false),
    Map.entry("return_state", false),
    Map.entry("go_backwards", false),
    Map.entry("stateful", true),
    Map.entry("unroll", false),
    Map.entry("zero_output_for_mask", false));

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
   * summary: Keras {@code kernel} (ENCODER_UNITS, 3·units), gate blocks z, r, h.
   */
  private final float[] summaryKernel;

  /**
   * summary: Keras {@code recurrent_kernel} (units, 3·units).
   */
  private final float[] summaryRecurrentKernel;

  /**
   * summary: Keras {@code bias} (2, 3·units): input bias, then recurrent bias.
   */
  private final float[] summaryBias;

  private final Layer encoderLayer;

  /**
   * encoder's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.lstmStep); shared with copies.
   */
  private final LstmStep encoderStep;

  private final Layer summaryLayer;

  /**
   * summary's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.gruStep); shared with copies.
   */
  private final GruStep summaryStep;

  private final List<Layer> layers;

  /**
   * The workspace of every call, which carries the states from call to call.
   */
  private final Workspace state = new Workspace();

  /**
   * Makes a call throw while another runs: the states are one stream.
   */
  private final ExclusiveCalls exclusive = new ExclusiveCalls("Streams");

  /**
   * A model with new weights, or with those of {@code from} (the same arrays) for {@link
   * #copy()}. The weights are assigned before {@code super()}, so that the field
   * initializers that follow may read them.
   */
  private RnncStreams(RnncStreams from) {
    encoderKernel = from != null ? from.encoderKernel : new float[FEATURES * ENCODER_GATES];
    encoderRecurrentKernel = from != null ? from.encoderRecurrentKernel : new float[ENCODER_UNITS * ENCODER_GATES];
    encoderBias = from != null ? from.encoderBias : new float[ENCODER_GATES];
    summaryKernel = from != null ? from.summaryKernel : new float[ENCODER_UNITS * SUMMARY_GATES];
    summaryRecurrentKernel = from != null ? from.summaryRecurrentKernel : new float[SUMMARY_UNITS * SUMMARY_GATES];
    summaryBias = from != null ? from.summaryBias : new float[2 * SUMMARY_GATES];
    super();
    encoderLayer = new Layer("encoder", "LSTM", ENCODER_CONFIG, from != null ? from.encoderLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(FEATURES, ENCODER_UNITS, 0, 1, 3, 2), encoderKernel, Initializer.glorotUniform()),
        new Variable("recurrent_kernel", PackedLayout.matrix(ENCODER_UNITS, ENCODER_UNITS, 0, 1, 3, 2), encoderRecurrentKernel, Initializer.orthogonal()),
        new Variable("bias", PackedLayout.vector(ENCODER_UNITS, 0, 1, 3, 2), encoderBias, Initializer.unitForgetBias(ENCODER_UNITS))),
            state::resetEncoder, new float[][] {state.encoderH, state.encoderC},
            new int[] {ENCODER_UNITS, ENCODER_UNITS});
    summaryLayer = new Layer("summary", "GRU", SUMMARY_CONFIG, from != null ? from.summaryLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(ENCODER_UNITS, SUMMARY_UNITS, 0, 1, 2), summaryKernel, Initializer.glorotUniform()),
        new Variable("recurrent_kernel", PackedLayout.matrix(SUMMARY_UNITS, SUMMARY_UNITS, 0, 1, 2), summaryRecurrentKernel, Initializer.orthogonal()),
        new Variable("bias", PackedLayout.matrix(2, SUMMARY_UNITS, 0, 1, 2), summaryBias, Initializer.zeros())),
            state::resetSummary, new float[][] {state.summaryH}, new int[] {SUMMARY_UNITS});
    layers = List.of(encoderLayer, summaryLayer);
    encoderStep = from != null ? from.encoderStep : Cells.lstmStep(layers, encoderRecurrentKernel,
        ENCODER_UNITS, ENCODER_STRIDE, Activation.TANH, Activation.SIGMOID);
    summaryStep = from != null ? from.summaryStep : Cells.gruStep(layers, summaryRecurrentKernel,
        SUMMARY_UNITS, SUMMARY_STRIDE, Activation.TANH, Activation.SIGMOID, true);
  }

  /**
   * A model with Keras-default initial weights (glorot_uniform kernels, orthogonal recurrent
   * kernels, zero biases, forget-gate biases 1), drawn from {@code seed}.
   */
  public static RnncStreams create(long seed) {
    RnncStreams model = new RnncStreams(null);
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
  public static RnncStreams load(Path path) throws IOException {
    RnncStreams model = new RnncStreams(null);
    Weights.load(path, model);
    return model;
  }

  /**
   * A model that shares this one's weights (the same arrays: weights set, loaded or trained
   * through either are the other's too) and has its own workspaces and carried states (zeros):
   * one per stream of a stateful model. Cheap: allocates no weights.
   */
  @Override
  public RnncStreams copy() {
    return new RnncStreams(this);
  }

  @Override
  public String modelName() {
    return "Streams";
  }

  @Override
  public Map<String, Object> inputConfig() {
    return Map.of("shape", List.of(TIMESTEPS, FEATURES), "dtype", "float32", "batch_size", 2);
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
        ModelSummary.row(encoderLayer, "(2, 4, 3)"),
        ModelSummary.row(summaryLayer, "(2, 2)")));
  }

  @Override
  public Layer encoder() {
    return encoderLayer;
  }

  @Override
  public Layer summary() {
    return summaryLayer;
  }

  @Override
  public float[][] predict(float[][][] batch) {
    exclusive.enter();
    try {
      return state.predict(batch);
    } finally {
      exclusive.exit();
    }
  }

  /**
   * Zeroes the carried states of encoder, summary.
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
   * Zeroes batch row {@code row}'s carried states; the other rows keep theirs.
   */
  @Override
  public void resetStates(int row) {
    exclusive.enter();
    try {
      state.resetStates(row);
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

    private final float[] encoderProjection = new float[TIMESTEPS * ENCODER_GATES];

    private final float[] encoderH = new float[ENCODER_STRIDE];

    private final float[] encoderC = new float[ENCODER_STRIDE];

    private final float[] encoderGates = new float[ENCODER_GATES];

    private final float[] encoderOutput = new float[TIMESTEPS * ENCODER_STRIDE];

    private final float[] summaryProjection = new float[TIMESTEPS * SUMMARY_GATES];

    private final float[] summaryH = new float[SUMMARY_STRIDE];

    private final float[] summaryGates = new float[SUMMARY_GATES];

    /**
     * One row of carried states per batch row (@Input(batchSize)), every stateful layer's in turn.
     */
    private final float[][] stateRows = new float[BATCH_SIZE][STATE_ROW_SIZE];

    float[][] predict(float[][][] batch) {
      Inputs.checkSequences(batch, "batch", TIMESTEPS, FEATURES);
      Inputs.checkStateRows(batch, "batch", BATCH_SIZE);
      float[][] results = new float[batch.length][];
      for (int i = 0; i < batch.length; i++) {
        loadStateRow(i);
        run(batch[i]);
        storeStateRow(i);
        results[i] = Arrays.copyOf(summaryH, SUMMARY_UNITS);
      }
      return results;
    }

    void resetStates() {
      resetEncoder();
      resetSummary();
    }

    void resetStates(int row) {
      Inputs.checkStateRow(row, BATCH_SIZE);
      Arrays.fill(stateRows[row], 0f);
    }

    /**
     * Runs every layer on one sample that the caller has checked.
     */
    private void run(float[][] sample) {
      Inputs.packSequence(sample, TIMESTEPS, FEATURES, input);
      runEncoder();
      runSummary();
    }

    /**
     * encoder: @LSTM(units = 3, returnSequences = true, stateful = true), (4, 2) -> (4, 3).
     */
    private void runEncoder() {
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(input, 0, FEATURES, TIMESTEPS, FEATURES,
          encoderKernel, 0, ENCODER_GATES, ENCODER_GATES, encoderBias, 0,
          encoderProjection, 0, ENCODER_GATES);
      // stateful: h and c carry over from the previous call.
      for (int t = 0; t < TIMESTEPS; t++) {
        encoderStep.step(encoderProjection, t * ENCODER_GATES,
            encoderRecurrentKernel, encoderGates, encoderC, encoderH);
        System.arraycopy(encoderH, 0, encoderOutput, t * ENCODER_STRIDE, ENCODER_STRIDE);
      }
    }

    /**
     * summary: @GRU(units = 2, stateful = true), (4, 3) -> (2,).
     */
    private void runSummary() {
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(encoderOutput, 0, ENCODER_STRIDE, TIMESTEPS, ENCODER_UNITS,
          summaryKernel, 0, SUMMARY_GATES, SUMMARY_GATES, summaryBias, 0,
          summaryProjection, 0, SUMMARY_GATES);
      // stateful: h carry over from the previous call.
      for (int t = 0; t < TIMESTEPS; t++) {
        summaryStep.step(summaryProjection, t * SUMMARY_GATES,
            summaryRecurrentKernel, summaryBias, SUMMARY_GATES, summaryGates, summaryH);
      }
    }

    /**
     * Loads batch row {@code row}'s carried states into the stateful layers.
     */
    private void loadStateRow(int row) {
      float[] states = stateRows[row];
      System.arraycopy(states, 0, encoderH, 0, ENCODER_UNITS);
      System.arraycopy(states, ENCODER_UNITS, encoderC, 0, ENCODER_UNITS);
      System.arraycopy(states, ENCODER_UNITS + ENCODER_UNITS, summaryH, 0, SUMMARY_UNITS);
    }

    /**
     * Stores the stateful layers' carried states as batch row {@code row}'s.
     */
    private void storeStateRow(int row) {
      float[] states = stateRows[row];
      System.arraycopy(encoderH, 0, states, 0, ENCODER_UNITS);
      System.arraycopy(encoderC, 0, states, ENCODER_UNITS, ENCODER_UNITS);
      System.arraycopy(summaryH, 0, states, ENCODER_UNITS + ENCODER_UNITS, SUMMARY_UNITS);
    }

    /**
     * Zeroes encoder's carried states.
     */
    private void resetEncoder() {
      Arrays.fill(encoderH, 0f);
      Arrays.fill(encoderC, 0f);
      // and in every batch row
      for (float[] row : stateRows) {
        Arrays.fill(row, 0, 0 + ENCODER_UNITS + ENCODER_UNITS, 0f);
      }
    }

    /**
     * Zeroes summary's carried states.
     */
    private void resetSummary() {
      Arrays.fill(summaryH, 0f);
      // and in every batch row
      for (float[] row : stateRows) {
        Arrays.fill(row, ENCODER_UNITS + ENCODER_UNITS, ENCODER_UNITS + ENCODER_UNITS + SUMMARY_UNITS, 0f);
      }
    }
  }
}
