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
import dev.rnnc.runtime.nn.Merge;
import dev.rnnc.runtime.nn.Outputs;
import dev.rnnc.runtime.nn.WorkspacePool;
import dev.rnnc.runtime.simd.Activation;
import dev.rnnc.runtime.simd.Kernels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Generated;

/**
 * The rnnc implementation of {@link TorchTagger}.
 *
 * <pre>
 * input: (4, 3)
 * encoder_l0: @Bidirectional(mergeMode = "concat") @LSTM(units = 4, projSize = 2, returnSequences = true), (4, 3) -> (4, 4).
 * encoder: @Bidirectional(mergeMode = "concat") @LSTM(units = 4, projSize = 2, returnSequences = true, returnState = true), (4, 4) -> (4, 4).
 * head: @Dense(units = 1), (4, 4) -> (4, 1).
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
public final class RnncTorchTagger implements TorchTagger, RnncModel {
  static final int TIMESTEPS = 4;

  static final int FEATURES = 3;

  static final int ENCODER_L0_UNITS = 4;

  static final int ENCODER_L0_STRIDE = 16;

  static final int ENCODER_L0_GATES = 4 * ENCODER_L0_STRIDE;

  static final int ENCODER_L0_PROJ_SIZE = 2;

  static final int ENCODER_L0_PROJ_STRIDE = 16;

  static final int ENCODER_L0_WIDTH = 2 * ENCODER_L0_PROJ_SIZE;

  static final int ENCODER_L0_OUTPUT_STRIDE = 16;

  static final int ENCODER_UNITS = 4;

  static final int ENCODER_STRIDE = 16;

  static final int ENCODER_GATES = 4 * ENCODER_STRIDE;

  static final int ENCODER_PROJ_SIZE = 2;

  static final int ENCODER_PROJ_STRIDE = 16;

  static final int ENCODER_WIDTH = 2 * ENCODER_PROJ_SIZE;

  static final int ENCODER_OUTPUT_STRIDE = 16;

  static final int HEAD_UNITS = 1;

  static final int HEAD_STRIDE = 16;

  /**
   * encoder_l0: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> ENCODER_L0_CONFIG = Map.ofEntries(
    Map.entry("merge_mode", "concat"),
    Map.entry("layer", Map.of("class_name", "LSTM", "config", Map.ofEntries(
      Map.entry("units", 4),
      Map.entry("activation", "tanh"),
      Map.entry("recurrent_activation", "sigmoid"),
      Map.entry("unit_forget_bias", true),
      Map.entry("rnnc_proj_size", 2),
      Map.entry("use_bias", true),
      Map.entry("return_sequences", true),
      Map.entry("return_state", false),
      Map.entry("go_backwards", false),
      Map.entry("stateful", false),
      Map.entry("unroll", false),
      Map.entry("zero_output_for_mask", false)))));

  /**
   * encoder: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> ENCODER_CONFIG = Map.ofEntries(
    Map.entry("merge_mode", "concat"),
    Map.entry("layer", Map.of("class_name", "LSTM", "config", Map.ofEntries(
      Map.entry("units", 4),
      Map.entry("activation", "tanh"),
      Map.entry("recurrent_activation", "sigmoid"),
      Map.entry("unit_forget_bias", true),
      Map.entry("rnnc_proj_size", 2),
      Map.entry("use_bias", true),
      Map.entry("return_sequences", true),
      Map.entry("return_state", true),
      Map.entry("go_backwards", false),
      Map.entry("stateful", false),
      Map.entry("unroll", false),
      Map.entry("zero_output_for_mask", false)))));

  /**
   * head: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> HEAD_CONFIG = Map.ofEntries(
    Map.entry("units", 1),
    Map.entry("activation", "linear"),
    Map.entry("use_bias", true));

  /**
   * encoder_l0Forward: Keras {@code forward_layer/kernel} (FEATURES, 4·units), gate blocks i, f, o, c.
   */
  private final float[] encoder_l0ForwardKernel;

  /**
   * encoder_l0Forward: Keras {@code forward_layer/recurrent_kernel} (projSize, 4·units).
   */
  private final float[] encoder_l0ForwardRecurrentKernel;

  /**
   * encoder_l0Forward: Keras {@code forward_layer/bias}.
   */
  private final float[] encoder_l0ForwardBias;

  /**
   * encoder_l0Forward: {@code forward_layer/projection_kernel} (units, projSize), PyTorch's weight_hr transposed.
   */
  private final float[] encoder_l0ForwardProjectionKernel;

  /**
   * encoder_l0Backward: Keras {@code backward_layer/kernel} (FEATURES, 4·units), gate blocks i, f, o, c.
   */
  private final float[] encoder_l0BackwardKernel;

  /**
   * encoder_l0Backward: Keras {@code backward_layer/recurrent_kernel} (projSize, 4·units).
   */
  private final float[] encoder_l0BackwardRecurrentKernel;

  /**
   * encoder_l0Backward: Keras {@code backward_layer/bias}.
   */
  private final float[] encoder_l0BackwardBias;

  /**
   * encoder_l0Backward: {@code backward_layer/projection_kernel} (units, projSize), PyTorch's weight_hr transposed.
   */
  private final float[] encoder_l0BackwardProjectionKernel;

  /**
   * encoderForward: Keras {@code forward_layer/kernel} (ENCODER_L0_WIDTH, 4·units), gate blocks i, f, o, c.
   */
  private final float[] encoderForwardKernel;

  /**
   * encoderForward: Keras {@code forward_layer/recurrent_kernel} (projSize, 4·units).
   */
  private final float[] encoderForwardRecurrentKernel;

  /**
   * encoderForward: Keras {@code forward_layer/bias}.
   */
  private final float[] encoderForwardBias;

  /**
   * encoderForward: {@code forward_layer/projection_kernel} (units, projSize), PyTorch's weight_hr transposed.
   */
  private final float[] encoderForwardProjectionKernel;

  /**
   * encoderBackward: Keras {@code backward_layer/kernel} (ENCODER_L0_WIDTH, 4·units), gate blocks i, f, o, c.
   */
  private final float[] encoderBackwardKernel;

  /**
   * encoderBackward: Keras {@code backward_layer/recurrent_kernel} (projSize, 4·units).
   */
  private final float[] encoderBackwardRecurrentKernel;

  /**
   * encoderBackward: Keras {@code backward_layer/bias}.
   */
  private final float[] encoderBackwardBias;

  /**
   * encoderBackward: {@code backward_layer/projection_kernel} (units, projSize), PyTorch's weight_hr transposed.
   */
  private final float[] encoderBackwardProjectionKernel;

  /**
   * head: Keras {@code kernel} (ENCODER_WIDTH, units).
   */
  private final float[] headKernel;

  /**
   * head: Keras {@code bias} (units,).
   */
  private final float[] headBias;

  private final Layer encoder_l0Layer;

  private final Layer encoderLayer;

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
  private RnncTorchTagger(RnncTorchTagger from) {
    encoder_l0ForwardKernel = from != null ? from.encoder_l0ForwardKernel : new float[FEATURES * ENCODER_L0_GATES];
    encoder_l0ForwardRecurrentKernel = from != null ? from.encoder_l0ForwardRecurrentKernel : new float[ENCODER_L0_PROJ_SIZE * ENCODER_L0_GATES];
    encoder_l0ForwardBias = from != null ? from.encoder_l0ForwardBias : new float[ENCODER_L0_GATES];
    encoder_l0ForwardProjectionKernel = from != null ? from.encoder_l0ForwardProjectionKernel : new float[ENCODER_L0_UNITS * ENCODER_L0_PROJ_STRIDE];
    encoder_l0BackwardKernel = from != null ? from.encoder_l0BackwardKernel : new float[FEATURES * ENCODER_L0_GATES];
    encoder_l0BackwardRecurrentKernel = from != null ? from.encoder_l0BackwardRecurrentKernel : new float[ENCODER_L0_PROJ_SIZE * ENCODER_L0_GATES];
    encoder_l0BackwardBias = from != null ? from.encoder_l0BackwardBias : new float[ENCODER_L0_GATES];
    encoder_l0BackwardProjectionKernel = from != null ? from.encoder_l0BackwardProjectionKernel : new float[ENCODER_L0_UNITS * ENCODER_L0_PROJ_STRIDE];
    encoderForwardKernel = from != null ? from.encoderForwardKernel : new float[ENCODER_L0_WIDTH * ENCODER_GATES];
    encoderForwardRecurrentKernel = from != null ? from.encoderForwardRecurrentKernel : new float[ENCODER_PROJ_SIZE * ENCODER_GATES];
    encoderForwardBias = from != null ? from.encoderForwardBias : new float[ENCODER_GATES];
    encoderForwardProjectionKernel = from != null ? from.encoderForwardProjectionKernel : new float[ENCODER_UNITS * ENCODER_PROJ_STRIDE];
    encoderBackwardKernel = from != null ? from.encoderBackwardKernel : new float[ENCODER_L0_WIDTH * ENCODER_GATES];
    encoderBackwardRecurrentKernel = from != null ? from.encoderBackwardRecurrentKernel : new float[ENCODER_PROJ_SIZE * ENCODER_GATES];
    encoderBackwardBias = from != null ? from.encoderBackwardBias : new float[ENCODER_GATES];
    encoderBackwardProjectionKernel = from != null ? from.encoderBackwardProjectionKernel : new float[ENCODER_UNITS * ENCODER_PROJ_STRIDE];
    headKernel = from != null ? from.headKernel : new float[ENCODER_WIDTH * HEAD_STRIDE];
    headBias = from != null ? from.headBias : new float[HEAD_STRIDE];
    super();
    encoder_l0Layer = new Layer("encoder_l0", "Bidirectional", ENCODER_L0_CONFIG, from != null ? from.encoder_l0Layer.variables() : List.of(
        new Variable("forward_layer/kernel", PackedLayout.matrix(FEATURES, ENCODER_L0_UNITS, 0, 1, 3, 2), encoder_l0ForwardKernel, Initializer.glorotUniform()),
        new Variable("forward_layer/recurrent_kernel", PackedLayout.matrix(ENCODER_L0_PROJ_SIZE, ENCODER_L0_UNITS, 0, 1, 3, 2), encoder_l0ForwardRecurrentKernel, Initializer.orthogonal()),
        new Variable("forward_layer/bias", PackedLayout.vector(ENCODER_L0_UNITS, 0, 1, 3, 2), encoder_l0ForwardBias, Initializer.unitForgetBias(ENCODER_L0_UNITS)),
        new Variable("forward_layer/projection_kernel", PackedLayout.matrix(ENCODER_L0_UNITS, ENCODER_L0_PROJ_SIZE, 0), encoder_l0ForwardProjectionKernel, Initializer.glorotUniform()),
        new Variable("backward_layer/kernel", PackedLayout.matrix(FEATURES, ENCODER_L0_UNITS, 0, 1, 3, 2), encoder_l0BackwardKernel, Initializer.glorotUniform()),
        new Variable("backward_layer/recurrent_kernel", PackedLayout.matrix(ENCODER_L0_PROJ_SIZE, ENCODER_L0_UNITS, 0, 1, 3, 2), encoder_l0BackwardRecurrentKernel, Initializer.orthogonal()),
        new Variable("backward_layer/bias", PackedLayout.vector(ENCODER_L0_UNITS, 0, 1, 3, 2), encoder_l0BackwardBias, Initializer.unitForgetBias(ENCODER_L0_UNITS)),
        new Variable("backward_layer/projection_kernel", PackedLayout.matrix(ENCODER_L0_UNITS, ENCODER_L0_PROJ_SIZE, 0), encoder_l0BackwardProjectionKernel, Initializer.glorotUniform())));
    encoderLayer = new Layer("encoder", "Bidirectional", ENCODER_CONFIG, from != null ? from.encoderLayer.variables() : List.of(
        new Variable("forward_layer/kernel", PackedLayout.matrix(ENCODER_L0_WIDTH, ENCODER_UNITS, 0, 1, 3, 2), encoderForwardKernel, Initializer.glorotUniform()),
        new Variable("forward_layer/recurrent_kernel", PackedLayout.matrix(ENCODER_PROJ_SIZE, ENCODER_UNITS, 0, 1, 3, 2), encoderForwardRecurrentKernel, Initializer.orthogonal()),
        new Variable("forward_layer/bias", PackedLayout.vector(ENCODER_UNITS, 0, 1, 3, 2), encoderForwardBias, Initializer.unitForgetBias(ENCODER_UNITS)),
        new Variable("forward_layer/projection_kernel", PackedLayout.matrix(ENCODER_UNITS, ENCODER_PROJ_SIZE, 0), encoderForwardProjectionKernel, Initializer.glorotUniform()),
        new Variable("backward_layer/kernel", PackedLayout.matrix(ENCODER_L0_WIDTH, ENCODER_UNITS, 0, 1, 3, 2), encoderBackwardKernel, Initializer.glorotUniform()),
        new Variable("backward_layer/recurrent_kernel", PackedLayout.matrix(ENCODER_PROJ_SIZE, ENCODER_UNITS, 0, 1, 3, 2), encoderBackwardRecurrentKernel, Initializer.orthogonal()),
        new Variable("backward_layer/bias", PackedLayout.vector(ENCODER_UNITS, 0, 1, 3, 2), encoderBackwardBias, Initializer.unitForgetBias(ENCODER_UNITS)),
        new Variable("backward_layer/projection_kernel", PackedLayout.matrix(ENCODER_UNITS, ENCODER_PROJ_SIZE, 0), encoderBackwardProjectionKernel, Initializer.glorotUniform())));
    headLayer = new Layer("head", "Dense", HEAD_CONFIG, from != null ? from.headLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(ENCODER_WIDTH, HEAD_UNITS, 0), headKernel, Initializer.glorotUniform()),
        new Variable("bias", PackedLayout.vector(HEAD_UNITS, 0), headBias, Initializer.zeros())));
    layers = List.of(encoder_l0Layer, encoderLayer, headLayer);
    headColumn = from != null ? from.headColumn : DenseColumn.of(layers, headKernel);
  }

  /**
   * A model with Keras-default initial weights (glorot_uniform kernels, orthogonal recurrent
   * kernels, zero biases, forget-gate biases 1), drawn from {@code seed}.
   */
  public static RnncTorchTagger create(long seed) {
    RnncTorchTagger model = new RnncTorchTagger(null);
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
  public static RnncTorchTagger load(Path path) throws IOException {
    RnncTorchTagger model = new RnncTorchTagger(null);
    Weights.load(path, model);
    return model;
  }

  /**
   * A model that shares this one's weights (the same arrays: weights set, loaded or trained
   * through either are the other's too) and has its own workspaces and carried states (zeros):
   * one per stream of a stateful model. Cheap: allocates no weights.
   */
  @Override
  public RnncTorchTagger copy() {
    return new RnncTorchTagger(this);
  }

  @Override
  public String modelName() {
    return "TorchTagger";
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
        ModelSummary.row(encoder_l0Layer, "(None, 4, 4)"),
        ModelSummary.row(encoderLayer, "[(None, 4, 4), (None, 2), (None, 4), (None, 2), (None, 4)]"),
        ModelSummary.row(headLayer, "(None, 4, 1)")));
  }

  /**
   * Keras' {@code model.summary()} as Keras 3.15 prints it (see {@link #modelSummary()}).
   */
  public String summary() {
    return modelSummary().format();
  }

  @Override
  public Layer encoder() {
    return encoderLayer;
  }

  @Override
  public Layer head() {
    return headLayer;
  }

  @Override
  public float[][] predict(float[][] x) {
    Workspace workspace = workspaces.acquire();
    try {
      return workspace.predict(x);
    } finally {
      workspaces.release(workspace);
    }
  }

  @Override
  public TorchTagger.Tagged tag(float[][] x) {
    Workspace workspace = workspaces.acquire();
    try {
      return workspace.tag(x);
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

    private final float[] encoder_l0ForwardCellOutput = new float[ENCODER_L0_STRIDE];

    private final float[] encoder_l0ForwardProjection = new float[TIMESTEPS * ENCODER_L0_GATES];

    private final float[] encoder_l0ForwardH = new float[ENCODER_L0_PROJ_STRIDE];

    private final float[] encoder_l0ForwardC = new float[ENCODER_L0_STRIDE];

    private final float[] encoder_l0ForwardGates = new float[ENCODER_L0_GATES];

    private final float[] encoder_l0ForwardOutput = new float[TIMESTEPS * ENCODER_L0_PROJ_STRIDE];

    private final float[] encoder_l0BackwardCellOutput = new float[ENCODER_L0_STRIDE];

    private final float[] encoder_l0BackwardProjection = new float[TIMESTEPS * ENCODER_L0_GATES];

    private final float[] encoder_l0BackwardH = new float[ENCODER_L0_PROJ_STRIDE];

    private final float[] encoder_l0BackwardC = new float[ENCODER_L0_STRIDE];

    private final float[] encoder_l0BackwardGates = new float[ENCODER_L0_GATES];

    private final float[] encoder_l0BackwardOutput = new float[TIMESTEPS * ENCODER_L0_PROJ_STRIDE];

    private final float[] encoder_l0Output = new float[TIMESTEPS * ENCODER_L0_OUTPUT_STRIDE];

    private final float[] encoderForwardCellOutput = new float[ENCODER_STRIDE];

    private final float[] encoderForwardProjection = new float[TIMESTEPS * ENCODER_GATES];

    private final float[] encoderForwardH = new float[ENCODER_PROJ_STRIDE];

    private final float[] encoderForwardC = new float[ENCODER_STRIDE];

    private final float[] encoderForwardGates = new float[ENCODER_GATES];

    private final float[] encoderForwardOutput = new float[TIMESTEPS * ENCODER_PROJ_STRIDE];

    private final float[] encoderBackwardCellOutput = new float[ENCODER_STRIDE];

    private final float[] encoderBackwardProjection = new float[TIMESTEPS * ENCODER_GATES];

    private final float[] encoderBackwardH = new float[ENCODER_PROJ_STRIDE];

    private final float[] encoderBackwardC = new float[ENCODER_STRIDE];

    private final float[] encoderBackwardGates = new float[ENCODER_GATES];

    private final float[] encoderBackwardOutput = new float[TIMESTEPS * ENCODER_PROJ_STRIDE];

    private final float[] encoderOutput = new float[TIMESTEPS * ENCODER_OUTPUT_STRIDE];

    private final float[] headOutput = new float[TIMESTEPS * HEAD_STRIDE];

    float[][] predict(float[][] x) {
      Inputs.checkSequence(x, "x", TIMESTEPS, FEATURES);
      run(x);
      return Outputs.sequence(headOutput, TIMESTEPS, HEAD_UNITS, HEAD_STRIDE);
    }

    TorchTagger.Tagged tag(float[][] x) {
      Inputs.checkSequence(x, "x", TIMESTEPS, FEATURES);
      run(x);
      return new TorchTagger.Tagged(Outputs.sequence(headOutput, TIMESTEPS, HEAD_UNITS, HEAD_STRIDE),
          new float[][] {Arrays.copyOf(encoder_l0ForwardH, ENCODER_L0_PROJ_SIZE),
          Arrays.copyOf(encoder_l0BackwardH, ENCODER_L0_PROJ_SIZE),
          Arrays.copyOf(encoderForwardH, ENCODER_PROJ_SIZE),
          Arrays.copyOf(encoderBackwardH, ENCODER_PROJ_SIZE)},
          new float[][] {Arrays.copyOf(encoder_l0ForwardC, ENCODER_L0_UNITS),
          Arrays.copyOf(encoder_l0BackwardC, ENCODER_L0_UNITS),
          Arrays.copyOf(encoderForwardC, ENCODER_UNITS),
          Arrays.copyOf(encoderBackwardC, ENCODER_UNITS)});
    }

    /**
     * Runs every layer on one sample that the caller has checked.
     */
    private void run(float[][] sample) {
      Inputs.packSequence(sample, TIMESTEPS, FEATURES, input);
      runEncoder_l0();
      runEncoder();
      runHead();
    }

    /**
     * encoder_l0: @Bidirectional(mergeMode = "concat") @LSTM(units = 4, projSize = 2, returnSequences = true), (4, 3) -> (4, 4).
     */
    private void runEncoder_l0() {
      // Forward direction.
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(input, 0, FEATURES, TIMESTEPS, FEATURES,
          encoder_l0ForwardKernel, 0, ENCODER_L0_GATES, ENCODER_L0_GATES, encoder_l0ForwardBias, 0,
          encoder_l0ForwardProjection, 0, ENCODER_L0_GATES);
      Arrays.fill(encoder_l0ForwardH, 0f);
      Arrays.fill(encoder_l0ForwardC, 0f);
      for (int t = 0; t < TIMESTEPS; t++) {
        Cells.lstmProjected(encoder_l0ForwardProjection, t * ENCODER_L0_GATES,
            encoder_l0ForwardRecurrentKernel, ENCODER_L0_UNITS, ENCODER_L0_STRIDE,
            encoder_l0ForwardGates, encoder_l0ForwardC, encoder_l0ForwardCellOutput,
            encoder_l0ForwardProjectionKernel, ENCODER_L0_PROJ_SIZE, ENCODER_L0_PROJ_STRIDE, encoder_l0ForwardH,
            Activation.TANH, Activation.SIGMOID);
        System.arraycopy(encoder_l0ForwardH, 0, encoder_l0ForwardOutput, t * ENCODER_L0_PROJ_STRIDE, ENCODER_L0_PROJ_STRIDE);
      }
      // Backward direction, output in processing order.
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(input, 0, FEATURES, TIMESTEPS, FEATURES,
          encoder_l0BackwardKernel, 0, ENCODER_L0_GATES, ENCODER_L0_GATES,
          encoder_l0BackwardBias, 0, encoder_l0BackwardProjection, 0, ENCODER_L0_GATES);
      Arrays.fill(encoder_l0BackwardH, 0f);
      Arrays.fill(encoder_l0BackwardC, 0f);
      for (int step = 0; step < TIMESTEPS; step++) {
        int t = TIMESTEPS - 1 - step;
        Cells.lstmProjected(encoder_l0BackwardProjection, t * ENCODER_L0_GATES,
            encoder_l0BackwardRecurrentKernel, ENCODER_L0_UNITS, ENCODER_L0_STRIDE,
            encoder_l0BackwardGates, encoder_l0BackwardC, encoder_l0BackwardCellOutput,
            encoder_l0BackwardProjectionKernel, ENCODER_L0_PROJ_SIZE, ENCODER_L0_PROJ_STRIDE, encoder_l0BackwardH,
            Activation.TANH, Activation.SIGMOID);
        System.arraycopy(encoder_l0BackwardH, 0, encoder_l0BackwardOutput, step * ENCODER_L0_PROJ_STRIDE, ENCODER_L0_PROJ_STRIDE);
      }
      // merge_mode="concat", backward rows flipped back to input order.
      Merge.concat(encoder_l0ForwardOutput, encoder_l0BackwardOutput, TIMESTEPS, ENCODER_L0_PROJ_SIZE, ENCODER_L0_PROJ_STRIDE, true,
          encoder_l0Output, ENCODER_L0_OUTPUT_STRIDE);
    }

    /**
     * encoder: @Bidirectional(mergeMode = "concat") @LSTM(units = 4, projSize = 2, returnSequences = true, returnState = true), (4, 4) -> (4, 4).
     */
    private void runEncoder() {
      // Forward direction.
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(encoder_l0Output, 0, ENCODER_L0_OUTPUT_STRIDE, TIMESTEPS, ENCODER_L0_WIDTH,
          encoderForwardKernel, 0, ENCODER_GATES, ENCODER_GATES, encoderForwardBias, 0,
          encoderForwardProjection, 0, ENCODER_GATES);
      Arrays.fill(encoderForwardH, 0f);
      Arrays.fill(encoderForwardC, 0f);
      for (int t = 0; t < TIMESTEPS; t++) {
        Cells.lstmProjected(encoderForwardProjection, t * ENCODER_GATES,
            encoderForwardRecurrentKernel, ENCODER_UNITS, ENCODER_STRIDE,
            encoderForwardGates, encoderForwardC, encoderForwardCellOutput,
            encoderForwardProjectionKernel, ENCODER_PROJ_SIZE, ENCODER_PROJ_STRIDE, encoderForwardH,
            Activation.TANH, Activation.SIGMOID);
        System.arraycopy(encoderForwardH, 0, encoderForwardOutput, t * ENCODER_PROJ_STRIDE, ENCODER_PROJ_STRIDE);
      }
      // Backward direction, output in processing order.
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(encoder_l0Output, 0, ENCODER_L0_OUTPUT_STRIDE, TIMESTEPS, ENCODER_L0_WIDTH,
          encoderBackwardKernel, 0, ENCODER_GATES, ENCODER_GATES, encoderBackwardBias, 0,
          encoderBackwardProjection, 0, ENCODER_GATES);
      Arrays.fill(encoderBackwardH, 0f);
      Arrays.fill(encoderBackwardC, 0f);
      for (int step = 0; step < TIMESTEPS; step++) {
        int t = TIMESTEPS - 1 - step;
        Cells.lstmProjected(encoderBackwardProjection, t * ENCODER_GATES,
            encoderBackwardRecurrentKernel, ENCODER_UNITS, ENCODER_STRIDE,
            encoderBackwardGates, encoderBackwardC, encoderBackwardCellOutput,
            encoderBackwardProjectionKernel, ENCODER_PROJ_SIZE, ENCODER_PROJ_STRIDE, encoderBackwardH,
            Activation.TANH, Activation.SIGMOID);
        System.arraycopy(encoderBackwardH, 0, encoderBackwardOutput, step * ENCODER_PROJ_STRIDE, ENCODER_PROJ_STRIDE);
      }
      // merge_mode="concat", backward rows flipped back to input order.
      Merge.concat(encoderForwardOutput, encoderBackwardOutput, TIMESTEPS, ENCODER_PROJ_SIZE, ENCODER_PROJ_STRIDE, true,
          encoderOutput, ENCODER_OUTPUT_STRIDE);
    }

    /**
     * head: @Dense(units = 1), (4, 4) -> (4, 1).
     */
    private void runHead() {
      // Applied to every timestep, as Keras does: one matrix product over all rows.
      Kernels.matmulColumn(encoderOutput, 0, ENCODER_OUTPUT_STRIDE, TIMESTEPS, ENCODER_WIDTH,
          headColumn.current(), 0, HEAD_STRIDE, headBias, 0, headOutput, 0, HEAD_STRIDE);
    }
  }
}
