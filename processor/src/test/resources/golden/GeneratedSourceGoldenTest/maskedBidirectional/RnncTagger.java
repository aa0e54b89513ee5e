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
import dev.rnnc.runtime.nn.Masks;
import dev.rnnc.runtime.nn.Merge;
import dev.rnnc.runtime.nn.WorkspacePool;
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
 * The rnnc implementation of {@link Tagger}.
 *
 * <pre>
 * input: (None, 4)
 * padding: @Masking(maskValue = -1.0), (None, 4) -> (None, 4).
 * encoder: @Bidirectional(mergeMode = "concat") @LSTM(units = 8, returnSequences = true), (None, 4) -> (None, 16).
 * summary: @Bidirectional(mergeMode = "ave") @GRU(units = 6), (None, 16) -> (6,).
 * tags: @Dense(units = 3, activation = "softmax"), (6,) -> (3,).
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
public final class RnncTagger implements Tagger, RnncModel {
  static final int TIMESTEPS = -1;

  static final int FEATURES = 4;

  static final int ENCODER_UNITS = 8;

  static final int ENCODER_STRIDE = 16;

  static final int ENCODER_GATES = 4 * ENCODER_STRIDE;

  static final int ENCODER_WIDTH = 2 * ENCODER_UNITS;

  static final int ENCODER_OUTPUT_STRIDE = 16;

  static final int SUMMARY_UNITS = 6;

  static final int SUMMARY_STRIDE = 16;

  static final int SUMMARY_GATES = 3 * SUMMARY_STRIDE;

  static final int SUMMARY_WIDTH = SUMMARY_UNITS;

  static final int SUMMARY_OUTPUT_STRIDE = 16;

  static final int TAGS_UNITS = 3;

  static final int TAGS_STRIDE = 16;

  /**
   * padding: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> PADDING_CONFIG = Map.ofEntries(
    Map.entry("mask_value", -1.0));

  /**
   * encoder: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> ENCODER_CONFIG = Map.ofEntries(
    Map.entry("merge_mode", "concat"),
    Map.entry("layer", Map.of("class_name", "LSTM", "config", Map.ofEntries(
      Map.entry("units", 8),
      Map.entry("activation", "tanh"),
      Map.entry("recurrent_activation", "sigmoid"),
      Map.entry("unit_forget_bias", true),
      Map.entry("use_bias", true),
      Map.entry("return_sequences", true),
      Map.entry("return_state", false),
      Map.entry("go_backwards", false),
      Map.entry("stateful", false),
      Map.entry("unroll", false),
      Map.entry("zero_output_for_mask", false)))));

  /**
   * summary: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> SUMMARY_CONFIG = Map.ofEntries(
    Map.entry("merge_mode", "ave"),
    Map.entry("layer", Map.of("class_name", "GRU", "config", Map.ofEntries(
      Map.entry("units", 6),
      Map.entry("activation", "tanh"),
      Map.entry("recurrent_activation", "sigmoid"),
      Map.entry("reset_after", true),
      Map.entry("use_bias", true),
      Map.entry("return_sequences", false),
      Map.entry("return_state", false),
      Map.entry("go_backwards", false),
      Map.entry("stateful", false),
      Map.entry("unroll", false),
      Map.entry("zero_output_for_mask", false)))));

  /**
   * tags: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> TAGS_CONFIG = Map.ofEntries(
    Map.entry("units", 3),
    Map.entry("activation", "softmax"),
    Map.entry("use_bias", true));

  /**
   * encoderForward: Keras {@code forward_layer/kernel} (FEATURES, 4·units), gate blocks i, f, o, c.
   */
  private final float[] encoderForwardKernel;

  /**
   * encoderForward: Keras {@code forward_layer/recurrent_kernel} (units, 4·units).
   */
  private final float[] encoderForwardRecurrentKernel;

  /**
   * encoderForward: Keras {@code forward_layer/bias}.
   */
  private final float[] encoderForwardBias;

  /**
   * encoderBackward: Keras {@code backward_layer/kernel} (FEATURES, 4·units), gate blocks i, f, o, c.
   */
  private final float[] encoderBackwardKernel;

  /**
   * encoderBackward: Keras {@code backward_layer/recurrent_kernel} (units, 4·units).
   */
  private final float[] encoderBackwardRecurrentKernel;

  /**
   * encoderBackward: Keras {@code backward_layer/bias}.
   */
  private final float[] encoderBackwardBias;

  /**
   * summaryForward: Keras {@code forward_layer/kernel} (ENCODER_WIDTH, 3·units), gate blocks z, r, h.
   */
  private final float[] summaryForwardKernel;

  /**
   * summaryForward: Keras {@code forward_layer/recurrent_kernel} (units, 3·units).
   */
  private final float[] summaryForwardRecurrentKernel;

  /**
   * summaryForward: Keras {@code forward_layer/bias} (2, 3·units): input bias, then recurrent bias.
   */
  private final float[] summaryForwardBias;

  /**
   * summaryBackward: Keras {@code backward_layer/kernel} (ENCODER_WIDTH, 3·units), gate blocks z, r, h.
   */
  private final float[] summaryBackwardKernel;

  /**
   * summaryBackward: Keras {@code backward_layer/recurrent_kernel} (units, 3·units).
   */
  private final float[] summaryBackwardRecurrentKernel;

  /**
   * summaryBackward: Keras {@code backward_layer/bias} (2, 3·units): input bias, then recurrent bias.
   */
  private final float[] summaryBackwardBias;

  /**
   * tags: Keras {@code kernel} (SUMMARY_WIDTH, units).
   */
  private final float[] tagsKernel;

  /**
   * tags: Keras {@code bias} (units,).
   */
  private final float[] tagsBias;

  private final Layer paddingLayer;

  private final Layer encoderLayer;

  /**
   * encoderForward's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.lstmStep); shared with copies.
   */
  private final LstmStep encoderForwardStep;

  /**
   * encoderBackward's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.lstmStep); shared with copies.
   */
  private final LstmStep encoderBackwardStep;

  private final Layer summaryLayer;

  /**
   * summaryForward's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.gruStep); shared with copies.
   */
  private final GruStep summaryForwardStep;

  /**
   * summaryBackward's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.gruStep); shared with copies.
   */
  private final GruStep summaryBackwardStep;

  private final Layer tagsLayer;

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
  private RnncTagger(RnncTagger from) {
    encoderForwardKernel = from != null ? from.encoderForwardKernel : new float[FEATURES * ENCODER_GATES];
    encoderForwardRecurrentKernel = from != null ? from.encoderForwardRecurrentKernel : new float[ENCODER_UNITS * ENCODER_GATES];
    encoderForwardBias = from != null ? from.encoderForwardBias : new float[ENCODER_GATES];
    encoderBackwardKernel = from != null ? from.encoderBackwardKernel : new float[FEATURES * ENCODER_GATES];
    encoderBackwardRecurrentKernel = from != null ? from.encoderBackwardRecurrentKernel : new float[ENCODER_UNITS * ENCODER_GATES];
    encoderBackwardBias = from != null ? from.encoderBackwardBias : new float[ENCODER_GATES];
    summaryForwardKernel = from != null ? from.summaryForwardKernel : new float[ENCODER_WIDTH * SUMMARY_GATES];
    summaryForwardRecurrentKernel = from != null ? from.summaryForwardRecurrentKernel : new float[SUMMARY_UNITS * SUMMARY_GATES];
    summaryForwardBias = from != null ? from.summaryForwardBias : new float[2 * SUMMARY_GATES];
    summaryBackwardKernel = from != null ? from.summaryBackwardKernel : new float[ENCODER_WIDTH * SUMMARY_GATES];
    summaryBackwardRecurrentKernel = from != null ? from.summaryBackwardRecurrentKernel : new float[SUMMARY_UNITS * SUMMARY_GATES];
    summaryBackwardBias = from != null ? from.summaryBackwardBias : new float[2 * SUMMARY_GATES];
    tagsKernel = from != null ? from.tagsKernel : new float[SUMMARY_WIDTH * TAGS_STRIDE];
    tagsBias = from != null ? from.tagsBias : new float[TAGS_STRIDE];
    super();
    paddingLayer = new Layer("padding", "Masking", PADDING_CONFIG, List.of());
    encoderLayer = new Layer("encoder", "Bidirectional", ENCODER_CONFIG, from != null ? from.encoderLayer.variables() : List.of(
        new Variable("forward_layer/kernel", PackedLayout.matrix(FEATURES, ENCODER_UNITS, 0, 1, 3, 2), encoderForwardKernel, Initializer.glorotUniform()),
        new Variable("forward_layer/recurrent_kernel", PackedLayout.matrix(ENCODER_UNITS, ENCODER_UNITS, 0, 1, 3, 2), encoderForwardRecurrentKernel, Initializer.orthogonal()),
        new Variable("forward_layer/bias", PackedLayout.vector(ENCODER_UNITS, 0, 1, 3, 2), encoderForwardBias, Initializer.unitForgetBias(ENCODER_UNITS)),
        new Variable("backward_layer/kernel", PackedLayout.matrix(FEATURES, ENCODER_UNITS, 0, 1, 3, 2), encoderBackwardKernel, Initializer.glorotUniform()),
        new Variable("backward_layer/recurrent_kernel", PackedLayout.matrix(ENCODER_UNITS, ENCODER_UNITS, 0, 1, 3, 2), encoderBackwardRecurrentKernel, Initializer.orthogonal()),
        new Variable("backward_layer/bias", PackedLayout.vector(ENCODER_UNITS, 0, 1, 3, 2), encoderBackwardBias, Initializer.unitForgetBias(ENCODER_UNITS))));
    summaryLayer = new Layer("summary", "Bidirectional", SUMMARY_CONFIG, from != null ? from.summaryLayer.variables() : List.of(
        new Variable("forward_layer/kernel", PackedLayout.matrix(ENCODER_WIDTH, SUMMARY_UNITS, 0, 1, 2), summaryForwardKernel, Initializer.glorotUniform()),
        new Variable("forward_layer/recurrent_kernel", PackedLayout.matrix(SUMMARY_UNITS, SUMMARY_UNITS, 0, 1, 2), summaryForwardRecurrentKernel, Initializer.orthogonal()),
        new Variable("forward_layer/bias", PackedLayout.matrix(2, SUMMARY_UNITS, 0, 1, 2), summaryForwardBias, Initializer.zeros()),
        new Variable("backward_layer/kernel", PackedLayout.matrix(ENCODER_WIDTH, SUMMARY_UNITS, 0, 1, 2), summaryBackwardKernel, Initializer.glorotUniform()),
        new Variable("backward_layer/recurrent_kernel", PackedLayout.matrix(SUMMARY_UNITS, SUMMARY_UNITS, 0, 1, 2), summaryBackwardRecurrentKernel, Initializer.orthogonal()),
        new Variable("backward_layer/bias", PackedLayout.matrix(2, SUMMARY_UNITS, 0, 1, 2), summaryBackwardBias, Initializer.zeros())));
    tagsLayer = new Layer("tags", "Dense", TAGS_CONFIG, from != null ? from.tagsLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(SUMMARY_WIDTH, TAGS_UNITS, 0), tagsKernel, Initializer.glorotUniform()),
        new Variable("bias", PackedLayout.vector(TAGS_UNITS, 0), tagsBias, Initializer.zeros())));
    layers = List.of(paddingLayer, encoderLayer, summaryLayer, tagsLayer);
    encoderForwardStep = from != null ? from.encoderForwardStep :
        Cells.lstmStep(layers, encoderForwardRecurrentKernel,
        ENCODER_UNITS, ENCODER_STRIDE, Activation.TANH, Activation.SIGMOID);
    encoderBackwardStep = from != null ? from.encoderBackwardStep :
        Cells.lstmStep(layers, encoderBackwardRecurrentKernel,
        ENCODER_UNITS, ENCODER_STRIDE, Activation.TANH, Activation.SIGMOID);
    summaryForwardStep = from != null ? from.summaryForwardStep :
        Cells.gruStep(layers, summaryForwardRecurrentKernel,
        SUMMARY_UNITS, SUMMARY_STRIDE, Activation.TANH, Activation.SIGMOID, true);
    summaryBackwardStep = from != null ? from.summaryBackwardStep :
        Cells.gruStep(layers, summaryBackwardRecurrentKernel,
        SUMMARY_UNITS, SUMMARY_STRIDE, Activation.TANH, Activation.SIGMOID, true);
  }

  /**
   * A model with Keras-default initial weights (glorot_uniform kernels, orthogonal recurrent
   * kernels, zero biases, forget-gate biases 1), drawn from {@code seed}.
   */
  public static RnncTagger create(long seed) {
    RnncTagger model = new RnncTagger(null);
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
  public static RnncTagger load(Path path) throws IOException {
    RnncTagger model = new RnncTagger(null);
    Weights.load(path, model);
    return model;
  }

  /**
   * A model that shares this one's weights (the same arrays: weights set, loaded or trained
   * through either are the other's too) and has its own workspaces and carried states (zeros):
   * one per stream of a stateful model. Cheap: allocates no weights.
   */
  @Override
  public RnncTagger copy() {
    return new RnncTagger(this);
  }

  @Override
  public String modelName() {
    return "Tagger";
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
        ModelSummary.row(paddingLayer, "(None, None, 4)"),
        ModelSummary.row(encoderLayer, "(None, None, 16)"),
        ModelSummary.row(summaryLayer, "(None, 6)"),
        ModelSummary.row(tagsLayer, "(None, 3)")));
  }

  @Override
  public Layer padding() {
    return paddingLayer;
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
  public Layer tags() {
    return tagsLayer;
  }

  @Override
  public float[] predict(float[][] sequence) {
    Workspace workspace = workspaces.acquire();
    try {
      return workspace.predict(sequence);
    } finally {
      workspaces.release(workspace);
    }
  }

  /**
   * The arrays one call computes in and the methods that run the layers (over the model's
   * weights). A call has a workspace to itself from taking it to giving it back.
   */
  private final class Workspace {
    private float[] input = new float[0];

    private boolean[] mask = new boolean[0];

    private float[] paddingOutput = new float[0];

    private float[] encoderForwardProjection = new float[0];

    private final float[] encoderForwardH = new float[ENCODER_STRIDE];

    private final float[] encoderForwardC = new float[ENCODER_STRIDE];

    private final float[] encoderForwardGates = new float[ENCODER_GATES];

    private float[] encoderForwardOutput = new float[0];

    private float[] encoderBackwardProjection = new float[0];

    private final float[] encoderBackwardH = new float[ENCODER_STRIDE];

    private final float[] encoderBackwardC = new float[ENCODER_STRIDE];

    private final float[] encoderBackwardGates = new float[ENCODER_GATES];

    private float[] encoderBackwardOutput = new float[0];

    private float[] encoderOutput = new float[0];

    private float[] summaryForwardProjection = new float[0];

    private final float[] summaryForwardH = new float[SUMMARY_STRIDE];

    private final float[] summaryForwardGates = new float[SUMMARY_GATES];

    private final float[] summaryForwardLast = new float[SUMMARY_STRIDE];

    private float[] summaryBackwardProjection = new float[0];

    private final float[] summaryBackwardH = new float[SUMMARY_STRIDE];

    private final float[] summaryBackwardGates = new float[SUMMARY_GATES];

    private final float[] summaryBackwardLast = new float[SUMMARY_STRIDE];

    private final float[] summaryOutput = new float[SUMMARY_OUTPUT_STRIDE];

    private final float[] tagsOutput = new float[TAGS_STRIDE];

    /**
     * Timesteps the per-timestep arrays hold; they grow, never shrink.
     */
    private int capacity;

    float[] predict(float[][] sequence) {
      int timesteps = Inputs.checkSequence(sequence, "sequence", TIMESTEPS, FEATURES);
      run(sequence, timesteps);
      return Arrays.copyOf(tagsOutput, TAGS_UNITS);
    }

    /**
     * Runs every layer on one sample that the caller has checked.
     */
    private void run(float[][] sample, int timesteps) {
      ensureCapacity(timesteps);
      Inputs.packSequence(sample, timesteps, FEATURES, input);
      forward(timesteps);
    }

    /**
     * Runs every layer over the first {@code timesteps} rows of {@code input}.
     */
    private void forward(int timesteps) {
      runPadding(timesteps);
      runEncoder(timesteps);
      runSummary(timesteps);
      runTags(timesteps);
    }

    /**
     * Grows the per-timestep arrays for a longer sequence (amortized: no allocation once warm).
     */
    private void ensureCapacity(int timesteps) {
      if (timesteps <= capacity) {
        return;
      }
      capacity = Math.max(timesteps, 2 * capacity);
      input = new float[capacity * FEATURES];
      mask = new boolean[capacity];
      paddingOutput = new float[capacity * FEATURES];
      encoderForwardProjection = new float[capacity * ENCODER_GATES];
      encoderForwardOutput = new float[capacity * ENCODER_STRIDE];
      encoderBackwardProjection = new float[capacity * ENCODER_GATES];
      encoderBackwardOutput = new float[capacity * ENCODER_STRIDE];
      encoderOutput = new float[capacity * ENCODER_OUTPUT_STRIDE];
      summaryForwardProjection = new float[capacity * SUMMARY_GATES];
      summaryBackwardProjection = new float[capacity * SUMMARY_GATES];
    }

    /**
     * padding: @Masking(maskValue = -1.0), (None, 4) -> (None, 4).
     */
    private void runPadding(int timesteps) {
      Masks.fromValue(input, timesteps, FEATURES, FEATURES, -1.0f, mask, paddingOutput);
    }

    /**
     * encoder: @Bidirectional(mergeMode = "concat") @LSTM(units = 8, returnSequences = true), (None, 4) -> (None, 16).
     */
    private void runEncoder(int timesteps) {
      // Forward direction.
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(paddingOutput, 0, FEATURES, timesteps, FEATURES,
          encoderForwardKernel, 0, ENCODER_GATES, ENCODER_GATES, encoderForwardBias, 0,
          encoderForwardProjection, 0, ENCODER_GATES);
      Arrays.fill(encoderForwardH, 0f);
      Arrays.fill(encoderForwardC, 0f);
      for (int t = 0; t < timesteps; t++) {
        if (mask[t]) {
          encoderForwardStep.step(encoderForwardProjection, t * ENCODER_GATES,
              encoderForwardRecurrentKernel, encoderForwardGates, encoderForwardC, encoderForwardH);
          System.arraycopy(encoderForwardH, 0, encoderForwardOutput, t * ENCODER_STRIDE, ENCODER_STRIDE);
        } else {
          // masked: the state carries over unchanged
          Masks.skipStep(encoderForwardOutput, t, ENCODER_STRIDE, true);
        }
      }
      // Backward direction, output in processing order.
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(paddingOutput, 0, FEATURES, timesteps, FEATURES,
          encoderBackwardKernel, 0, ENCODER_GATES, ENCODER_GATES, encoderBackwardBias, 0,
          encoderBackwardProjection, 0, ENCODER_GATES);
      Arrays.fill(encoderBackwardH, 0f);
      Arrays.fill(encoderBackwardC, 0f);
      for (int step = 0; step < timesteps; step++) {
        int t = timesteps - 1 - step;
        if (mask[t]) {
          encoderBackwardStep.step(encoderBackwardProjection, t * ENCODER_GATES,
              encoderBackwardRecurrentKernel, encoderBackwardGates, encoderBackwardC, encoderBackwardH);
          System.arraycopy(encoderBackwardH, 0, encoderBackwardOutput, step * ENCODER_STRIDE, ENCODER_STRIDE);
        } else {
          // masked: the state carries over unchanged
          Masks.skipStep(encoderBackwardOutput, step, ENCODER_STRIDE, true);
        }
      }
      // merge_mode="concat", backward rows flipped back to input order.
      Merge.concat(encoderForwardOutput, encoderBackwardOutput, timesteps, ENCODER_UNITS, ENCODER_STRIDE, true,
          encoderOutput, ENCODER_OUTPUT_STRIDE);
    }

    /**
     * summary: @Bidirectional(mergeMode = "ave") @GRU(units = 6), (None, 16) -> (6,).
     */
    private void runSummary(int timesteps) {
      // Forward direction.
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(encoderOutput, 0, ENCODER_OUTPUT_STRIDE, timesteps, ENCODER_WIDTH,
          summaryForwardKernel, 0, SUMMARY_GATES, SUMMARY_GATES, summaryForwardBias, 0,
          summaryForwardProjection, 0, SUMMARY_GATES);
      Arrays.fill(summaryForwardH, 0f);
      Arrays.fill(summaryForwardLast, 0f);
      for (int t = 0; t < timesteps; t++) {
        if (mask[t]) {
          summaryForwardStep.step(summaryForwardProjection, t * SUMMARY_GATES,
              summaryForwardRecurrentKernel, summaryForwardBias, SUMMARY_GATES,
              summaryForwardGates, summaryForwardH);
          System.arraycopy(summaryForwardH, 0, summaryForwardLast, 0, SUMMARY_STRIDE);
        } else {
          // masked: the state carries over unchanged
        }
      }
      // Backward direction.
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(encoderOutput, 0, ENCODER_OUTPUT_STRIDE, timesteps, ENCODER_WIDTH,
          summaryBackwardKernel, 0, SUMMARY_GATES, SUMMARY_GATES, summaryBackwardBias, 0,
          summaryBackwardProjection, 0, SUMMARY_GATES);
      Arrays.fill(summaryBackwardH, 0f);
      Arrays.fill(summaryBackwardLast, 0f);
      for (int step = 0; step < timesteps; step++) {
        int t = timesteps - 1 - step;
        if (mask[t]) {
          summaryBackwardStep.step(summaryBackwardProjection, t * SUMMARY_GATES,
              summaryBackwardRecurrentKernel, summaryBackwardBias, SUMMARY_GATES,
              summaryBackwardGates, summaryBackwardH);
          System.arraycopy(summaryBackwardH, 0, summaryBackwardLast, 0, SUMMARY_STRIDE);
        } else {
          // masked: the state carries over unchanged
        }
      }
      // merge_mode="ave".
      Merge.ave(summaryForwardLast, summaryBackwardLast, 1, SUMMARY_UNITS, SUMMARY_STRIDE, false,
          summaryOutput, SUMMARY_OUTPUT_STRIDE);
    }

    /**
     * tags: @Dense(units = 3, activation = "softmax"), (6,) -> (3,).
     */
    private void runTags(int timesteps) {
      Kernels.matmul(summaryOutput, 0, SUMMARY_OUTPUT_STRIDE, 1, SUMMARY_WIDTH,
          tagsKernel, 0, TAGS_STRIDE, TAGS_STRIDE, tagsBias, 0, tagsOutput, 0, TAGS_STRIDE);
      Kernels.softmax(tagsOutput, 0, TAGS_UNITS);
    }
  }
}
