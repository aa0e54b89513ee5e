package test;

import dev.rnnc.runtime.Initializer;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.ModelGraph;
import dev.rnnc.runtime.ModelSummary;
import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.io.Weights;
import dev.rnnc.runtime.nn.Cells;
import dev.rnnc.runtime.nn.DenseColumn;
import dev.rnnc.runtime.nn.Inputs;
import dev.rnnc.runtime.nn.Masks;
import dev.rnnc.runtime.nn.Merge;
import dev.rnnc.runtime.nn.Outputs;
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
import java.util.Optional;
import javax.annotation.processing.Generated;

/**
 * The rnnc implementation of {@link Matcher}.
 *
 * <pre>
 * input left: (5, 4)
 * input right: (7, 4)
 * padding: @Masking(maskValue = 0.0), (5, 4) -> (5, 4). Takes left.
 * features: @GRU(units = 4, returnSequences = true), (5, 4) -> (5, 4). Takes padding.
 * joined: @Concatenate, (5, 4) -> (5, 8). Takes padding, features.
 * encoder: @LSTM(units = 6), (5, 8) -> (6,). Takes joined.
 * widen: @Dense(units = 8), (7, 4) -> (7, 8). Takes right.
 * encodedRight: @Shared("encoder"), (7, 8) -> (6,). Takes widen.
 * mean: @Average, (6,) -> (6,). Takes encoder, encodedRight.
 * head: @Dense(units = 1, activation = "sigmoid"), (6,) -> (1,). Takes mean.
 * </pre>
 *
 * <p>Sizes are constants: per input {@code <INPUT>_TIMESTEPS} ({@code -1} when variable, then known
 * per call, each input on its own) and {@code <INPUT>_FEATURES}, and per layer {@code *_UNITS}; {@code *_STRIDE}
 * is the width rounded up to 16
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
public final class RnncMatcher implements Matcher, RnncModel {
  static final int LEFT_TIMESTEPS = 5;

  static final int LEFT_FEATURES = 4;

  static final int RIGHT_TIMESTEPS = 7;

  static final int RIGHT_FEATURES = 4;

  static final int FEATURES_UNITS = 4;

  static final int FEATURES_STRIDE = 16;

  static final int FEATURES_GATES = 3 * FEATURES_STRIDE;

  static final int JOINED_UNITS = 8;

  static final int JOINED_STRIDE = 16;

  static final int ENCODER_UNITS = 6;

  static final int ENCODER_STRIDE = 16;

  static final int ENCODER_GATES = 4 * ENCODER_STRIDE;

  static final int WIDEN_UNITS = 8;

  static final int WIDEN_STRIDE = 16;

  static final int ENCODED_RIGHT_UNITS = 6;

  static final int ENCODED_RIGHT_STRIDE = 16;

  static final int ENCODED_RIGHT_GATES = 4 * ENCODED_RIGHT_STRIDE;

  static final int MEAN_UNITS = 6;

  static final int MEAN_STRIDE = 16;

  static final int HEAD_UNITS = 1;

  static final int HEAD_STRIDE = 16;

  /**
   * padding: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> PADDING_CONFIG = Map.ofEntries(
    Map.entry("mask_value", 0.0),
    Map.entry("rnnc_inbound", List.of("left")));

  /**
   * features: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> FEATURES_CONFIG = Map.ofEntries(
    Map.entry("units", 4),
    Map.entry("activation", "tanh"),
    Map.entry("recurrent_activation", "sigmoid"),
    Map.entry("reset_after", true),
    Map.entry("use_bias", true),
    Map.entry("return_sequences", true),
    Map.entry("return_state", false),
    Map.entry("go_backwards", false),
    Map.entry("stateful", false),
    Map.entry("unroll", false),
    Map.entry("zero_output_for_mask", false),
    Map.entry("rnnc_inbound", List.of("padding")));

  /**
   * joined: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> JOINED_CONFIG = Map.ofEntries(
    Map.entry("axis", -1),
    Map.entry("rnnc_inbound", List.of("padding", "features")));

  /**
   * encoder: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> ENCODER_CONFIG = Map.ofEntries(
    Map.entry("units", 6),
    Map.entry("activation", "tanh"),
    Map.entry("recurrent_activation", "sigmoid"),
    Map.entry("unit_forget_bias", true),
    Map.entry("use_bias", true),
    Map.entry("return_sequences", false),
    Map.entry("return_state", false),
    Map.entry("go_backwards", false),
    Map.entry("stateful", false),
    Map.entry("unroll", false),
    Map.entry("zero_output_for_mask", false),
    Map.entry("rnnc_inbound", List.of("joined")));

  /**
   * widen: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> WIDEN_CONFIG = Map.ofEntries(
    Map.entry("units", 8),
    Map.entry("activation", "linear"),
    Map.entry("use_bias", true),
    Map.entry("rnnc_inbound", List.of("right")));

  /**
   * mean: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> MEAN_CONFIG = Map.ofEntries(
    Map.entry("rnnc_inbound", List.of("encoder", "encodedRight")));

  /**
   * head: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> HEAD_CONFIG = Map.ofEntries(
    Map.entry("units", 1),
    Map.entry("activation", "sigmoid"),
    Map.entry("use_bias", true),
    Map.entry("rnnc_inbound", List.of("mean")));

  /**
   * features: Keras {@code kernel} (LEFT_FEATURES, 3·units), gate blocks z, r, h.
   */
  private final float[] featuresKernel;

  /**
   * features: Keras {@code recurrent_kernel} (units, 3·units).
   */
  private final float[] featuresRecurrentKernel;

  /**
   * features: Keras {@code bias} (2, 3·units): input bias, then recurrent bias.
   */
  private final float[] featuresBias;

  /**
   * encoder: Keras {@code kernel} (JOINED_UNITS, 4·units), gate blocks i, f, o, c.
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
   * widen: Keras {@code kernel} (RIGHT_FEATURES, units).
   */
  private final float[] widenKernel;

  /**
   * widen: Keras {@code bias} (units,).
   */
  private final float[] widenBias;

  /**
   * encodedRight applies encoder: the same array as {@code encoderKernel}.
   */
  private final float[] encodedRightKernel = encoderKernel;

  /**
   * encodedRight applies encoder: the same array as {@code encoderRecurrentKernel}.
   */
  private final float[] encodedRightRecurrentKernel = encoderRecurrentKernel;

  /**
   * encodedRight applies encoder: the same array as {@code encoderBias}.
   */
  private final float[] encodedRightBias = encoderBias;

  /**
   * head: Keras {@code kernel} (MEAN_UNITS, units).
   */
  private final float[] headKernel;

  /**
   * head: Keras {@code bias} (units,).
   */
  private final float[] headBias;

  private final Layer paddingLayer;

  private final Layer featuresLayer;

  /**
   * features's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.gruStep); shared with copies.
   */
  private final GruStep featuresStep;

  private final Layer joinedLayer;

  private final Layer encoderLayer;

  /**
   * encoder's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.lstmStep); shared with copies.
   */
  private final LstmStep encoderStep;

  private final Layer widenLayer;

  /**
   * encodedRight's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.lstmStep); shared with copies.
   */
  private final LstmStep encodedRightStep;

  private final Layer meanLayer;

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
  private RnncMatcher(RnncMatcher from) {
    featuresKernel = from != null ? from.featuresKernel : new float[LEFT_FEATURES * FEATURES_GATES];
    featuresRecurrentKernel = from != null ? from.featuresRecurrentKernel : new float[FEATURES_UNITS * FEATURES_GATES];
    featuresBias = from != null ? from.featuresBias : new float[2 * FEATURES_GATES];
    encoderKernel = from != null ? from.encoderKernel : new float[JOINED_UNITS * ENCODER_GATES];
    encoderRecurrentKernel = from != null ? from.encoderRecurrentKernel : new float[ENCODER_UNITS * ENCODER_GATES];
    encoderBias = from != null ? from.encoderBias : new float[ENCODER_GATES];
    widenKernel = from != null ? from.widenKernel : new float[RIGHT_FEATURES * WIDEN_STRIDE];
    widenBias = from != null ? from.widenBias : new float[WIDEN_STRIDE];
    headKernel = from != null ? from.headKernel : new float[MEAN_UNITS * HEAD_STRIDE];
    headBias = from != null ? from.headBias : new float[HEAD_STRIDE];
    super();
    paddingLayer = new Layer("padding", "Masking", PADDING_CONFIG, List.of());
    featuresLayer = new Layer("features", "GRU", FEATURES_CONFIG, from != null ? from.featuresLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(LEFT_FEATURES, FEATURES_UNITS, 0, 1, 2), featuresKernel, Initializer.glorotUniform()),
        new Variable("recurrent_kernel", PackedLayout.matrix(FEATURES_UNITS, FEATURES_UNITS, 0, 1, 2), featuresRecurrentKernel, Initializer.orthogonal()),
        new Variable("bias", PackedLayout.matrix(2, FEATURES_UNITS, 0, 1, 2), featuresBias, Initializer.zeros())));
    joinedLayer = new Layer("joined", "Concatenate", JOINED_CONFIG, List.of());
    encoderLayer = new Layer("encoder", "LSTM", ENCODER_CONFIG, from != null ? from.encoderLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(JOINED_UNITS, ENCODER_UNITS, 0, 1, 3, 2), encoderKernel, Initializer.glorotUniform()),
        new Variable("recurrent_kernel", PackedLayout.matrix(ENCODER_UNITS, ENCODER_UNITS, 0, 1, 3, 2), encoderRecurrentKernel, Initializer.orthogonal()),
        new Variable("bias", PackedLayout.vector(ENCODER_UNITS, 0, 1, 3, 2), encoderBias, Initializer.unitForgetBias(ENCODER_UNITS))));
    widenLayer = new Layer("widen", "Dense", WIDEN_CONFIG, from != null ? from.widenLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(RIGHT_FEATURES, WIDEN_UNITS, 0), widenKernel, Initializer.glorotUniform()),
        new Variable("bias", PackedLayout.vector(WIDEN_UNITS, 0), widenBias, Initializer.zeros())));
    meanLayer = new Layer("mean", "Average", MEAN_CONFIG, List.of());
    headLayer = new Layer("head", "Dense", HEAD_CONFIG, from != null ? from.headLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(MEAN_UNITS, HEAD_UNITS, 0), headKernel, Initializer.glorotUniform()),
        new Variable("bias", PackedLayout.vector(HEAD_UNITS, 0), headBias, Initializer.zeros())));
    layers = List.of(paddingLayer, featuresLayer, joinedLayer, encoderLayer, widenLayer, meanLayer, headLayer);
    featuresStep = from != null ? from.featuresStep : Cells.gruStep(layers, featuresRecurrentKernel,
        FEATURES_UNITS, FEATURES_STRIDE, Activation.TANH, Activation.SIGMOID, true);
    encoderStep = from != null ? from.encoderStep : Cells.lstmStep(layers, encoderRecurrentKernel,
        ENCODER_UNITS, ENCODER_STRIDE, Activation.TANH, Activation.SIGMOID);
    encodedRightStep = from != null ? from.encodedRightStep :
        Cells.lstmStep(layers, encodedRightRecurrentKernel,
        ENCODED_RIGHT_UNITS, ENCODED_RIGHT_STRIDE, Activation.TANH, Activation.SIGMOID);
    headColumn = from != null ? from.headColumn : DenseColumn.of(layers, headKernel);
  }

  /**
   * A model with Keras-default initial weights (glorot_uniform kernels, orthogonal recurrent
   * kernels, zero biases, forget-gate biases 1), drawn from {@code seed}.
   */
  public static RnncMatcher create(long seed) {
    RnncMatcher model = new RnncMatcher(null);
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
  public static RnncMatcher load(Path path) throws IOException {
    RnncMatcher model = new RnncMatcher(null);
    Weights.load(path, model);
    return model;
  }

  /**
   * A model that shares this one's weights (the same arrays: weights set, loaded or trained
   * through either are the other's too) and has its own workspaces and carried states (zeros):
   * one per stream of a stateful model. Cheap: allocates no weights.
   */
  @Override
  public RnncMatcher copy() {
    return new RnncMatcher(this);
  }

  @Override
  public String modelName() {
    return "Matcher";
  }

  @Override
  public Map<String, Object> inputConfig() {
    return Map.of("shape", List.of(LEFT_TIMESTEPS, LEFT_FEATURES), "dtype", "float32");
  }

  @Override
  public List<Layer> layers() {
    return layers;
  }

  /**
   * The rows of Keras' {@code model.summary()} for the functional model Keras would build: its
   * row order and "Connected to" ({@code layer[node][tensor]}), output shapes from the checked spec,
   * parameters counted from each layer's variables.
   */
  @Override
  public ModelSummary modelSummary() {
    return ModelSummary.graph(modelName(), List.of(
        ModelSummary.input("left", "(None, 5, 4)"),
        ModelSummary.row(paddingLayer, "(None, 5, 4)", "left[0][0]"),
        ModelSummary.row(featuresLayer, "(None, 5, 4)", "padding[0][0]"),
        ModelSummary.input("right", "(None, 7, 4)"),
        ModelSummary.row(joinedLayer, "(None, 5, 8)", "padding[0][0], features[0][0]"),
        ModelSummary.row(widenLayer, "(None, 7, 8)", "right[0][0]"),
        ModelSummary.row(encoderLayer, "(None, 6)", "joined[0][0], widen[0][0]"),
        ModelSummary.row(meanLayer, "(None, 6)", "encoder[0][0], encoder[1][0]"),
        ModelSummary.row(headLayer, "(None, 1)", "mean[0][0]")));
  }

  /**
   * The functional model Keras would build ({@code saveKeras} writes it): its operations in Keras'
   * order, the tensors each layer application takes ({@code layer[node][tensor]}) and its output
   * shapes, the model's inputs and outputs.
   */
  @Override
  public Optional<ModelGraph> modelGraph() {
    return Optional.of(ModelGraph.of(List.of(
          ModelGraph.input("left", "(None, 5, 4)", "float32"),
          ModelGraph.node("padding", List.of("left[0][0]"), List.of(), "(None, 5, 4)"),
          ModelGraph.node("features", List.of("padding[0][0]"), List.of(), "(None, 5, 4)"),
          ModelGraph.input("right", "(None, 7, 4)", "float32"),
          ModelGraph.node("joined", List.of("padding[0][0]", "features[0][0]"), List.of(), "(None, 5, 8)"),
          ModelGraph.node("widen", List.of("right[0][0]"), List.of(), "(None, 7, 8)"),
          ModelGraph.node("encoder", List.of("joined[0][0]"), List.of(), "(None, 6)"),
          ModelGraph.node("encoder", List.of("widen[0][0]"), List.of(), "(None, 6)"),
          ModelGraph.node("mean", List.of("encoder[0][0]", "encoder[1][0]"), List.of(), "(None, 6)"),
          ModelGraph.node("head", List.of("mean[0][0]"), List.of(), "(None, 1)")),
          List.of("left", "right"),
          List.of("head[0][0]")));
  }

  /**
   * Keras' {@code model.summary()} as Keras 3.15 prints it (see {@link #modelSummary()}).
   */
  public String summary() {
    return modelSummary().format();
  }

  /**
   * The parameters only declare the wiring; the arguments are ignored.
   */
  @Override
  public Layer padding(Layer left) {
    return paddingLayer;
  }

  @Override
  public Layer features() {
    return featuresLayer;
  }

  /**
   * The parameters only declare the wiring; the arguments are ignored.
   */
  @Override
  public Layer joined(Layer padding, Layer features) {
    return joinedLayer;
  }

  @Override
  public Layer encoder() {
    return encoderLayer;
  }

  /**
   * The parameters only declare the wiring; the arguments are ignored.
   */
  @Override
  public Layer widen(Layer right) {
    return widenLayer;
  }

  /**
   * encodedRight applies encoder's layer, with its weights: returns that layer.
   * The parameters only declare the wiring; the arguments are ignored.
   */
  @Override
  public Layer encodedRight(Layer widen) {
    return encoderLayer;
  }

  /**
   * The parameters only declare the wiring; the arguments are ignored.
   */
  @Override
  public Layer mean(Layer encoder, Layer encodedRight) {
    return meanLayer;
  }

  @Override
  public Layer head() {
    return headLayer;
  }

  @Override
  public void predictInto(float[][] left, float[][] right, float[] out) {
    Workspace workspace = workspaces.acquire();
    try {
      workspace.predictInto(left, right, out);
    } finally {
      workspaces.release(workspace);
    }
  }

  /**
   * The arrays one call computes in and the methods that run the layers (over the model's
   * weights). A call has a workspace to itself from taking it to giving it back.
   */
  private final class Workspace {
    private final float[] leftInput = new float[LEFT_TIMESTEPS * LEFT_FEATURES];

    private final float[] rightInput = new float[RIGHT_TIMESTEPS * RIGHT_FEATURES];

    /**
     * Which timesteps are real (true) or padding, written by the layer that makes the mask.
     */
    private final boolean[] mask = new boolean[LEFT_TIMESTEPS];

    private final float[] paddingOutput = new float[LEFT_TIMESTEPS * LEFT_FEATURES];

    private final float[] featuresProjection = new float[LEFT_TIMESTEPS * FEATURES_GATES];

    private final float[] featuresH = new float[FEATURES_STRIDE];

    private final float[] featuresGates = new float[FEATURES_GATES];

    private final float[] featuresOutput = new float[LEFT_TIMESTEPS * FEATURES_STRIDE];

    private final float[] joinedOutput = new float[LEFT_TIMESTEPS * JOINED_STRIDE];

    private final float[] encoderProjection = new float[LEFT_TIMESTEPS * ENCODER_GATES];

    private final float[] encoderH = new float[ENCODER_STRIDE];

    private final float[] encoderC = new float[ENCODER_STRIDE];

    private final float[] encoderGates = new float[ENCODER_GATES];

    private final float[] encoderLast = new float[ENCODER_STRIDE];

    private final float[] widenOutput = new float[RIGHT_TIMESTEPS * WIDEN_STRIDE];

    private final float[] encodedRightProjection = new float[RIGHT_TIMESTEPS * ENCODED_RIGHT_GATES];

    private final float[] encodedRightH = new float[ENCODED_RIGHT_STRIDE];

    private final float[] encodedRightC = new float[ENCODED_RIGHT_STRIDE];

    private final float[] encodedRightGates = new float[ENCODED_RIGHT_GATES];

    private final float[] meanOutput = new float[MEAN_STRIDE];

    private final float[] headOutput = new float[HEAD_STRIDE];

    void predictInto(float[][] left, float[][] right, float[] out) {
      Inputs.checkSequence(left, "left", LEFT_TIMESTEPS, LEFT_FEATURES);
      Inputs.checkSequence(right, "right", RIGHT_TIMESTEPS, RIGHT_FEATURES);
      Outputs.checkVector(out, "out", -1, HEAD_UNITS);
      run(left, right);
      System.arraycopy(headOutput, 0, out, 0, HEAD_UNITS);
    }

    /**
     * Runs every layer on one sample of each input, which the caller has checked.
     */
    private void run(float[][] left, float[][] right) {
      Inputs.packSequence(left, LEFT_TIMESTEPS, LEFT_FEATURES, leftInput);
      Inputs.packSequence(right, RIGHT_TIMESTEPS, RIGHT_FEATURES, rightInput);
      runPadding();
      runFeatures();
      runJoined();
      runEncoder();
      runWiden();
      runEncodedRight();
      runMean();
      runHead();
    }

    /**
     * padding: @Masking(maskValue = 0.0), (5, 4) -> (5, 4).
     */
    private void runPadding() {
      Masks.fromValue(leftInput, LEFT_TIMESTEPS, LEFT_FEATURES, LEFT_FEATURES, 0.0f, mask, paddingOutput);
    }

    /**
     * features: @GRU(units = 4, returnSequences = true), (5, 4) -> (5, 4).
     */
    private void runFeatures() {
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(paddingOutput, 0, LEFT_FEATURES, LEFT_TIMESTEPS, LEFT_FEATURES,
          featuresKernel, 0, FEATURES_GATES, FEATURES_GATES, featuresBias, 0,
          featuresProjection, 0, FEATURES_GATES);
      Arrays.fill(featuresH, 0f);
      for (int t = 0; t < LEFT_TIMESTEPS; t++) {
        if (mask[t]) {
          featuresStep.step(featuresProjection, t * FEATURES_GATES,
              featuresRecurrentKernel, featuresBias, FEATURES_GATES, featuresGates, featuresH);
          System.arraycopy(featuresH, 0, featuresOutput, t * FEATURES_STRIDE, FEATURES_STRIDE);
        } else {
          // masked: the state carries over unchanged
          Masks.skipStep(featuresOutput, t, FEATURES_STRIDE, false);
        }
      }
    }

    /**
     * joined: @Concatenate, (5, 4) -> (5, 8).
     */
    private void runJoined() {
      // Concatenate(axis=-1): each input's columns side by side, in parameter order.
      Merge.concatInto(paddingOutput, LEFT_TIMESTEPS, LEFT_FEATURES, LEFT_FEATURES,
          joinedOutput, JOINED_STRIDE, 0);
      Merge.concatInto(featuresOutput, LEFT_TIMESTEPS, FEATURES_UNITS, FEATURES_STRIDE,
          joinedOutput, JOINED_STRIDE, LEFT_FEATURES);
    }

    /**
     * encoder: @LSTM(units = 6), (5, 8) -> (6,).
     */
    private void runEncoder() {
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(joinedOutput, 0, JOINED_STRIDE, LEFT_TIMESTEPS, JOINED_UNITS,
          encoderKernel, 0, ENCODER_GATES, ENCODER_GATES, encoderBias, 0,
          encoderProjection, 0, ENCODER_GATES);
      Arrays.fill(encoderH, 0f);
      Arrays.fill(encoderC, 0f);
      Arrays.fill(encoderLast, 0f);
      for (int t = 0; t < LEFT_TIMESTEPS; t++) {
        if (mask[t]) {
          encoderStep.step(encoderProjection, t * ENCODER_GATES,
              encoderRecurrentKernel, encoderGates, encoderC, encoderH);
          System.arraycopy(encoderH, 0, encoderLast, 0, ENCODER_STRIDE);
        } else {
          // masked: the state carries over unchanged
        }
      }
    }

    /**
     * widen: @Dense(units = 8), (7, 4) -> (7, 8).
     */
    private void runWiden() {
      // Applied to every timestep, as Keras does: one matrix product over all rows.
      Kernels.matmul(rightInput, 0, RIGHT_FEATURES, RIGHT_TIMESTEPS, RIGHT_FEATURES,
          widenKernel, 0, WIDEN_STRIDE, WIDEN_STRIDE, widenBias, 0, widenOutput, 0, WIDEN_STRIDE);
    }

    /**
     * encodedRight: @LSTM(units = 6), (7, 8) -> (6,).
     */
    private void runEncodedRight() {
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(widenOutput, 0, WIDEN_STRIDE, RIGHT_TIMESTEPS, WIDEN_UNITS,
          encodedRightKernel, 0, ENCODED_RIGHT_GATES, ENCODED_RIGHT_GATES, encodedRightBias, 0,
          encodedRightProjection, 0, ENCODED_RIGHT_GATES);
      Arrays.fill(encodedRightH, 0f);
      Arrays.fill(encodedRightC, 0f);
      for (int t = 0; t < RIGHT_TIMESTEPS; t++) {
        encodedRightStep.step(encodedRightProjection, t * ENCODED_RIGHT_GATES,
            encodedRightRecurrentKernel, encodedRightGates, encodedRightC, encodedRightH);
      }
    }

    /**
     * mean: @Average, (6,) -> (6,).
     */
    private void runMean() {
      // Average: folded left to right over the inputs, as Keras does.
      Merge.add(encoderLast, ENCODER_STRIDE, encodedRightH, ENCODED_RIGHT_STRIDE, 1, MEAN_UNITS,
          meanOutput, MEAN_STRIDE);
      Merge.divide(meanOutput, 1, MEAN_UNITS, MEAN_STRIDE, 2f);
    }

    /**
     * head: @Dense(units = 1, activation = "sigmoid"), (6,) -> (1,).
     */
    private void runHead() {
      Kernels.matmulColumn(meanOutput, 0, MEAN_STRIDE, 1, MEAN_UNITS,
          headColumn.current(), 0, HEAD_STRIDE, headBias, 0, headOutput, 0, HEAD_STRIDE);
      Kernels.activate(Activation.SIGMOID, headOutput, 0, HEAD_STRIDE);
    }
  }
}
