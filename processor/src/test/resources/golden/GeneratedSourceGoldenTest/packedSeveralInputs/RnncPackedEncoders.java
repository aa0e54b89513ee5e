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
 * The rnnc implementation of {@link PackedEncoders}.
 *
 * <pre>
 * input a: (None, 2)
 * input b: (4, 3)
 * left: @LSTM(units = 3), (None, 2) -> (3,). Takes a.
 * right: @Bidirectional(mergeMode = "concat") @GRU(units = 2), (4, 3) -> (4,). Takes b.
 * both: @Concatenate, (3,) -> (7,). Takes left, right.
 * head: @Dense(units = 1), (7,) -> (1,). Takes both.
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
public final class RnncPackedEncoders implements PackedEncoders, RnncModel {
  static final int A_TIMESTEPS = -1;

  static final int A_FEATURES = 2;

  static final int B_TIMESTEPS = 4;

  static final int B_FEATURES = 3;

  static final int LEFT_UNITS = 3;

  static final int LEFT_STRIDE = 16;

  static final int LEFT_GATES = 4 * LEFT_STRIDE;

  static final int RIGHT_UNITS = 2;

  static final int RIGHT_STRIDE = 16;

  static final int RIGHT_GATES = 3 * RIGHT_STRIDE;

  static final int RIGHT_WIDTH = 2 * RIGHT_UNITS;

  static final int RIGHT_OUTPUT_STRIDE = 16;

  static final int BOTH_UNITS = 7;

  static final int BOTH_STRIDE = 16;

  static final int HEAD_UNITS = 1;

  static final int HEAD_STRIDE = 16;

  /**
   * left: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> LEFT_CONFIG = Map.ofEntries(
    Map.entry("units", 3),
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
    Map.entry("rnnc_inbound", List.of("a")));

  /**
   * right: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> RIGHT_CONFIG = Map.ofEntries(
    Map.entry("merge_mode", "concat"),
    Map.entry("layer", Map.of("class_name", "GRU", "config", Map.ofEntries(
      Map.entry("units", 2),
      Map.entry("activation", "tanh"),
      Map.entry("recurrent_activation", "sigmoid"),
      Map.entry("reset_after", true),
      Map.entry("use_bias", true),
      Map.entry("return_sequences", false),
      Map.entry("return_state", false),
      Map.entry("go_backwards", false),
      Map.entry("stateful", false),
      Map.entry("unroll", false),
      Map.entry("zero_output_for_mask", false)))),
    Map.entry("rnnc_inbound", List.of("b")));

  /**
   * both: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> BOTH_CONFIG = Map.ofEntries(
    Map.entry("axis", -1),
    Map.entry("rnnc_inbound", List.of("left", "right")));

  /**
   * head: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> HEAD_CONFIG = Map.ofEntries(
    Map.entry("units", 1),
    Map.entry("activation", "linear"),
    Map.entry("use_bias", true),
    Map.entry("rnnc_inbound", List.of("both")));

  /**
   * left: Keras {@code kernel} (A_FEATURES, 4·units), gate blocks i, f, o, c.
   */
  private final float[] leftKernel;

  /**
   * left: Keras {@code recurrent_kernel} (units, 4·units).
   */
  private final float[] leftRecurrentKernel;

  /**
   * left: Keras {@code bias}.
   */
  private final float[] leftBias;

  /**
   * rightForward: Keras {@code forward_layer/kernel} (B_FEATURES, 3·units), gate blocks z, r, h.
   */
  private final float[] rightForwardKernel;

  /**
   * rightForward: Keras {@code forward_layer/recurrent_kernel} (units, 3·units).
   */
  private final float[] rightForwardRecurrentKernel;

  /**
   * rightForward: Keras {@code forward_layer/bias} (2, 3·units): input bias, then recurrent bias.
   */
  private final float[] rightForwardBias;

  /**
   * rightBackward: Keras {@code backward_layer/kernel} (B_FEATURES, 3·units), gate blocks z, r, h.
   */
  private final float[] rightBackwardKernel;

  /**
   * rightBackward: Keras {@code backward_layer/recurrent_kernel} (units, 3·units).
   */
  private final float[] rightBackwardRecurrentKernel;

  /**
   * rightBackward: Keras {@code backward_layer/bias} (2, 3·units): input bias, then recurrent bias.
   */
  private final float[] rightBackwardBias;

  /**
   * head: Keras {@code kernel} (BOTH_UNITS, units).
   */
  private final float[] headKernel;

  /**
   * head: Keras {@code bias} (units,).
   */
  private final float[] headBias;

  private final Layer leftLayer;

  /**
   * left's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.lstmStep); shared with copies.
   */
  private final LstmStep leftStep;

  private final Layer rightLayer;

  /**
   * rightForward's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.gruStep); shared with copies.
   */
  private final GruStep rightForwardStep;

  /**
   * rightBackward's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.gruStep); shared with copies.
   */
  private final GruStep rightBackwardStep;

  private final Layer bothLayer;

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
  private RnncPackedEncoders(RnncPackedEncoders from) {
    leftKernel = from != null ? from.leftKernel : new float[A_FEATURES * LEFT_GATES];
    leftRecurrentKernel = from != null ? from.leftRecurrentKernel : new float[LEFT_UNITS * LEFT_GATES];
    leftBias = from != null ? from.leftBias : new float[LEFT_GATES];
    rightForwardKernel = from != null ? from.rightForwardKernel : new float[B_FEATURES * RIGHT_GATES];
    rightForwardRecurrentKernel = from != null ? from.rightForwardRecurrentKernel : new float[RIGHT_UNITS * RIGHT_GATES];
    rightForwardBias = from != null ? from.rightForwardBias : new float[2 * RIGHT_GATES];
    rightBackwardKernel = from != null ? from.rightBackwardKernel : new float[B_FEATURES * RIGHT_GATES];
    rightBackwardRecurrentKernel = from != null ? from.rightBackwardRecurrentKernel : new float[RIGHT_UNITS * RIGHT_GATES];
    rightBackwardBias = from != null ? from.rightBackwardBias : new float[2 * RIGHT_GATES];
    headKernel = from != null ? from.headKernel : new float[BOTH_UNITS * HEAD_STRIDE];
    headBias = from != null ? from.headBias : new float[HEAD_STRIDE];
    super();
    leftLayer = new Layer("left", "LSTM", LEFT_CONFIG, from != null ? from.leftLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(A_FEATURES, LEFT_UNITS, 0, 1, 3, 2), leftKernel, Initializer.glorotUniform()),
        new Variable("recurrent_kernel", PackedLayout.matrix(LEFT_UNITS, LEFT_UNITS, 0, 1, 3, 2), leftRecurrentKernel, Initializer.orthogonal()),
        new Variable("bias", PackedLayout.vector(LEFT_UNITS, 0, 1, 3, 2), leftBias, Initializer.unitForgetBias(LEFT_UNITS))));
    rightLayer = new Layer("right", "Bidirectional", RIGHT_CONFIG, from != null ? from.rightLayer.variables() : List.of(
        new Variable("forward_layer/kernel", PackedLayout.matrix(B_FEATURES, RIGHT_UNITS, 0, 1, 2), rightForwardKernel, Initializer.glorotUniform()),
        new Variable("forward_layer/recurrent_kernel", PackedLayout.matrix(RIGHT_UNITS, RIGHT_UNITS, 0, 1, 2), rightForwardRecurrentKernel, Initializer.orthogonal()),
        new Variable("forward_layer/bias", PackedLayout.matrix(2, RIGHT_UNITS, 0, 1, 2), rightForwardBias, Initializer.zeros()),
        new Variable("backward_layer/kernel", PackedLayout.matrix(B_FEATURES, RIGHT_UNITS, 0, 1, 2), rightBackwardKernel, Initializer.glorotUniform()),
        new Variable("backward_layer/recurrent_kernel", PackedLayout.matrix(RIGHT_UNITS, RIGHT_UNITS, 0, 1, 2), rightBackwardRecurrentKernel, Initializer.orthogonal()),
        new Variable("backward_layer/bias", PackedLayout.matrix(2, RIGHT_UNITS, 0, 1, 2), rightBackwardBias, Initializer.zeros())));
    bothLayer = new Layer("both", "Concatenate", BOTH_CONFIG, List.of());
    headLayer = new Layer("head", "Dense", HEAD_CONFIG, from != null ? from.headLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(BOTH_UNITS, HEAD_UNITS, 0), headKernel, Initializer.glorotUniform()),
        new Variable("bias", PackedLayout.vector(HEAD_UNITS, 0), headBias, Initializer.zeros())));
    layers = List.of(leftLayer, rightLayer, bothLayer, headLayer);
    leftStep = from != null ? from.leftStep : Cells.lstmStep(layers, leftRecurrentKernel,
        LEFT_UNITS, LEFT_STRIDE, Activation.TANH, Activation.SIGMOID);
    rightForwardStep = from != null ? from.rightForwardStep :
        Cells.gruStep(layers, rightForwardRecurrentKernel,
        RIGHT_UNITS, RIGHT_STRIDE, Activation.TANH, Activation.SIGMOID, true);
    rightBackwardStep = from != null ? from.rightBackwardStep :
        Cells.gruStep(layers, rightBackwardRecurrentKernel,
        RIGHT_UNITS, RIGHT_STRIDE, Activation.TANH, Activation.SIGMOID, true);
    headColumn = from != null ? from.headColumn : DenseColumn.of(layers, headKernel);
  }

  /**
   * A model with Keras-default initial weights (glorot_uniform kernels, orthogonal recurrent
   * kernels, zero biases, forget-gate biases 1), drawn from {@code seed}.
   */
  public static RnncPackedEncoders create(long seed) {
    RnncPackedEncoders model = new RnncPackedEncoders(null);
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
  public static RnncPackedEncoders load(Path path) throws IOException {
    RnncPackedEncoders model = new RnncPackedEncoders(null);
    Weights.load(path, model);
    return model;
  }

  /**
   * A model that shares this one's weights (the same arrays: weights set, loaded or trained
   * through either are the other's too) and has its own workspaces and carried states (zeros):
   * one per stream of a stateful model. Cheap: allocates no weights.
   */
  @Override
  public RnncPackedEncoders copy() {
    return new RnncPackedEncoders(this);
  }

  @Override
  public String modelName() {
    return "PackedEncoders";
  }

  @Override
  public Map<String, Object> inputConfig() {
    return Map.of("shape", List.of(A_TIMESTEPS, A_FEATURES), "dtype", "float32");
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
        ModelSummary.input("a", "(None, None, 2)"),
        ModelSummary.input("b", "(None, 4, 3)"),
        ModelSummary.row(leftLayer, "(None, 3)", "a[0][0]"),
        ModelSummary.row(rightLayer, "(None, 4)", "b[0][0]"),
        ModelSummary.row(bothLayer, "(None, 7)", "left[0][0], right[0][0]"),
        ModelSummary.row(headLayer, "(None, 1)", "both[0][0]")));
  }

  /**
   * The functional model Keras would build ({@code saveKeras} writes it): its operations in Keras'
   * order, the tensors each layer application takes ({@code layer[node][tensor]}) and its output
   * shapes, the model's inputs and outputs.
   */
  @Override
  public Optional<ModelGraph> modelGraph() {
    return Optional.of(ModelGraph.of(List.of(
          ModelGraph.input("a", "(None, None, 2)", "float32"),
          ModelGraph.input("b", "(None, 4, 3)", "float32"),
          ModelGraph.node("left", List.of("a[0][0]"), List.of(), "(None, 3)"),
          ModelGraph.node("right", List.of("b[0][0]"), List.of(), "(None, 4)"),
          ModelGraph.node("both", List.of("left[0][0]", "right[0][0]"), List.of(), "(None, 7)"),
          ModelGraph.node("head", List.of("both[0][0]"), List.of(), "(None, 1)")),
          List.of("a", "b"),
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
  public Layer left(Layer a) {
    return leftLayer;
  }

  /**
   * The parameters only declare the wiring; the arguments are ignored.
   */
  @Override
  public Layer right(Layer b) {
    return rightLayer;
  }

  /**
   * The parameters only declare the wiring; the arguments are ignored.
   */
  @Override
  public Layer both(Layer left, Layer right) {
    return bothLayer;
  }

  @Override
  public Layer head() {
    return headLayer;
  }

  @Override
  public float[][] predict(float[][][] a, int[] aLengths, float[][][] b, int[] bLengths) {
    Workspace workspace = workspaces.acquire();
    try {
      return workspace.predict(a, aLengths, b, bLengths);
    } finally {
      workspaces.release(workspace);
    }
  }

  @Override
  public float[][] predict(float[][][] a, int[] aLengths, float[][][] b, int[] bLengths,
      float[][][] h0, float[][][] c0) {
    Workspace workspace = workspaces.acquire();
    try {
      return workspace.predict(a, aLengths, b, bLengths, h0, c0);
    } finally {
      workspaces.release(workspace);
    }
  }

  @Override
  public void predictInto(float[][][] a, float[][][] b, int[] bLengths, float[][] out) {
    Workspace workspace = workspaces.acquire();
    try {
      workspace.predictInto(a, b, bLengths, out);
    } finally {
      workspaces.release(workspace);
    }
  }

  @Override
  public float[] predict(float[][] a, float[][] b) {
    Workspace workspace = workspaces.acquire();
    try {
      return workspace.predict(a, b);
    } finally {
      workspaces.release(workspace);
    }
  }

  /**
   * The arrays one call computes in and the methods that run the layers (over the model's
   * weights). A call has a workspace to itself from taking it to giving it back.
   */
  private final class Workspace {
    private float[] aInput = new float[0];

    private final float[] bInput = new float[B_TIMESTEPS * B_FEATURES];

    private boolean[] aMask = new boolean[0];

    /**
     * Which timesteps of b are real (true): a call's @Packed lengths of it, else all.
     */
    private final boolean[] bMask = new boolean[B_TIMESTEPS];

    private float[] leftProjection = new float[0];

    private final float[] leftH = new float[LEFT_STRIDE];

    private final float[] leftC = new float[LEFT_STRIDE];

    private final float[] leftGates = new float[LEFT_GATES];

    private final float[] leftLast = new float[LEFT_STRIDE];

    private final float[] rightForwardProjection = new float[B_TIMESTEPS * RIGHT_GATES];

    private final float[] rightForwardH = new float[RIGHT_STRIDE];

    private final float[] rightForwardGates = new float[RIGHT_GATES];

    private final float[] rightForwardLast = new float[RIGHT_STRIDE];

    private final float[] rightBackwardProjection = new float[B_TIMESTEPS * RIGHT_GATES];

    private final float[] rightBackwardH = new float[RIGHT_STRIDE];

    private final float[] rightBackwardGates = new float[RIGHT_GATES];

    private final float[] rightBackwardLast = new float[RIGHT_STRIDE];

    private final float[] rightOutput = new float[RIGHT_OUTPUT_STRIDE];

    private final float[] bothOutput = new float[BOTH_STRIDE];

    private final float[] headOutput = new float[HEAD_STRIDE];

    /**
     * Set by a call that passed left's initial states, which are then already in place.
     */
    private boolean initialStates;

    /**
     * Set by a call that passed @Packed lengths: recurrent layers then zero their
     * sequence output past a sample's length and keep the last real output as
     * their last output, as PyTorch's packed sequences (else Keras' mask).
     */
    private boolean packed;

    /**
     * Timesteps of a the per-timestep arrays hold; they grow, never shrink.
     */
    private int aCapacity;

    float[][] predict(float[][][] a, int[] aLengths, float[][][] b, int[] bLengths) {
      Inputs.checkSequences(a, "a", A_TIMESTEPS, A_FEATURES);
      Inputs.checkSequences(b, "b", B_TIMESTEPS, B_FEATURES);
      Inputs.checkSameBatch(a, "a", b, "b");
      Masks.checkLengths(aLengths, "aLengths", a);
      Masks.checkLengths(bLengths, "bLengths", b);
      float[][] results = new float[a.length][];
      for (int i = 0; i < a.length; i++) {
        packed = true;
        ensureACapacity(a[i].length);
        Masks.fromLength(aLengths[i], a[i].length, this.aMask);
        Masks.fromLength(bLengths[i], B_TIMESTEPS, this.bMask);
        run(a[i], b[i], a[i].length);
        results[i] = Arrays.copyOf(headOutput, HEAD_UNITS);
      }
      return results;
    }

    float[][] predict(float[][][] a, int[] aLengths, float[][][] b, int[] bLengths, float[][][] h0,
        float[][][] c0) {
      Inputs.checkSequences(a, "a", A_TIMESTEPS, A_FEATURES);
      Inputs.checkSequences(b, "b", B_TIMESTEPS, B_FEATURES);
      Inputs.checkSameBatch(a, "a", b, "b");
      Masks.checkLengths(aLengths, "aLengths", a);
      Masks.checkLengths(bLengths, "bLengths", b);
      Inputs.checkLayerStates(h0, "h0", 1, a.length, "a", LEFT_UNITS);
      Inputs.checkLayerStates(c0, "c0", 1, a.length, "a", LEFT_UNITS);
      float[][] results = new float[a.length][];
      for (int i = 0; i < a.length; i++) {
        // left starts from the given states instead of zeros.
        System.arraycopy(h0[0][i], 0, leftH, 0, LEFT_UNITS);
        System.arraycopy(c0[0][i], 0, leftC, 0, LEFT_UNITS);
        initialStates = true;
        packed = true;
        ensureACapacity(a[i].length);
        Masks.fromLength(aLengths[i], a[i].length, this.aMask);
        Masks.fromLength(bLengths[i], B_TIMESTEPS, this.bMask);
        run(a[i], b[i], a[i].length);
        results[i] = Arrays.copyOf(headOutput, HEAD_UNITS);
      }
      return results;
    }

    void predictInto(float[][][] a, float[][][] b, int[] bLengths, float[][] out) {
      Inputs.checkSequences(a, "a", A_TIMESTEPS, A_FEATURES);
      Inputs.checkSequences(b, "b", B_TIMESTEPS, B_FEATURES);
      Inputs.checkSameBatch(a, "a", b, "b");
      Masks.checkLengths(bLengths, "bLengths", b);
      Outputs.checkBatch(out, "out", a.length);
      for (int i = 0; i < a.length; i++) {
        Outputs.checkVector(out[i], "out", i, HEAD_UNITS);
      }
      for (int i = 0; i < a.length; i++) {
        packed = true;
        ensureACapacity(a[i].length);
        // No lengths of a passed: every timestep is real.
        Arrays.fill(this.aMask, 0, a[i].length, true);
        Masks.fromLength(bLengths[i], B_TIMESTEPS, this.bMask);
        run(a[i], b[i], a[i].length);
        System.arraycopy(headOutput, 0, out[i], 0, HEAD_UNITS);
      }
    }

    float[] predict(float[][] a, float[][] b) {
      int aTimesteps = Inputs.checkSequence(a, "a", A_TIMESTEPS, A_FEATURES);
      Inputs.checkSequence(b, "b", B_TIMESTEPS, B_FEATURES);
      packed = false;
      ensureACapacity(aTimesteps);
      // No lengths of a passed: every timestep is real.
      Arrays.fill(this.aMask, 0, aTimesteps, true);
      // No lengths of b passed: every timestep is real.
      Arrays.fill(this.bMask, 0, B_TIMESTEPS, true);
      run(a, b, aTimesteps);
      return Arrays.copyOf(headOutput, HEAD_UNITS);
    }

    /**
     * Runs every layer on one sample of each input, which the caller has checked.
     */
    private void run(float[][] a, float[][] b, int aTimesteps) {
      ensureACapacity(aTimesteps);
      Inputs.packSequence(a, aTimesteps, A_FEATURES, aInput);
      Inputs.packSequence(b, B_TIMESTEPS, B_FEATURES, bInput);
      runLeft(aTimesteps);
      runRight(B_TIMESTEPS);
      runBoth(aTimesteps);
      runHead(aTimesteps);
    }

    /**
     * Grows the arrays of a's timesteps for a longer sequence (amortized: no allocation once warm).
     */
    private void ensureACapacity(int timesteps) {
      if (timesteps <= aCapacity) {
        return;
      }
      aCapacity = Math.max(timesteps, 2 * aCapacity);
      aInput = new float[aCapacity * A_FEATURES];
      aMask = new boolean[aCapacity];
      leftProjection = new float[aCapacity * LEFT_GATES];
    }

    /**
     * left: @LSTM(units = 3), (None, 2) -> (3,).
     */
    private void runLeft(int timesteps) {
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(aInput, 0, A_FEATURES, timesteps, A_FEATURES,
          leftKernel, 0, LEFT_GATES, LEFT_GATES, leftBias, 0, leftProjection, 0, LEFT_GATES);
      if (!initialStates) {
        Arrays.fill(leftH, 0f);
        Arrays.fill(leftC, 0f);
      }
      Arrays.fill(leftLast, 0f);
      for (int t = 0; t < timesteps; t++) {
        if (aMask[t]) {
          leftStep.step(leftProjection, t * LEFT_GATES,
              leftRecurrentKernel, leftGates, leftC, leftH);
          System.arraycopy(leftH, 0, leftLast, 0, LEFT_STRIDE);
        } else {
          // masked: the state carries over unchanged
        }
      }
      initialStates = false;
    }

    /**
     * right: @Bidirectional(mergeMode = "concat") @GRU(units = 2), (4, 3) -> (4,).
     */
    private void runRight(int timesteps) {
      // Forward direction.
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(bInput, 0, B_FEATURES, timesteps, B_FEATURES,
          rightForwardKernel, 0, RIGHT_GATES, RIGHT_GATES, rightForwardBias, 0,
          rightForwardProjection, 0, RIGHT_GATES);
      Arrays.fill(rightForwardH, 0f);
      Arrays.fill(rightForwardLast, 0f);
      for (int t = 0; t < timesteps; t++) {
        if (bMask[t]) {
          rightForwardStep.step(rightForwardProjection, t * RIGHT_GATES,
              rightForwardRecurrentKernel, rightForwardBias, RIGHT_GATES,
              rightForwardGates, rightForwardH);
          System.arraycopy(rightForwardH, 0, rightForwardLast, 0, RIGHT_STRIDE);
        } else {
          // masked: the state carries over unchanged
        }
      }
      // Backward direction.
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(bInput, 0, B_FEATURES, timesteps, B_FEATURES,
          rightBackwardKernel, 0, RIGHT_GATES, RIGHT_GATES, rightBackwardBias, 0,
          rightBackwardProjection, 0, RIGHT_GATES);
      Arrays.fill(rightBackwardH, 0f);
      Arrays.fill(rightBackwardLast, 0f);
      for (int step = 0; step < timesteps; step++) {
        int t = timesteps - 1 - step;
        if (bMask[t]) {
          rightBackwardStep.step(rightBackwardProjection, t * RIGHT_GATES,
              rightBackwardRecurrentKernel, rightBackwardBias, RIGHT_GATES,
              rightBackwardGates, rightBackwardH);
          System.arraycopy(rightBackwardH, 0, rightBackwardLast, 0, RIGHT_STRIDE);
        } else {
          // masked: the state carries over unchanged
        }
      }
      // merge_mode="concat".
      Merge.concat(rightForwardLast, rightBackwardLast, 1, RIGHT_UNITS, RIGHT_STRIDE, false,
          rightOutput, RIGHT_OUTPUT_STRIDE);
    }

    /**
     * both: @Concatenate, (3,) -> (7,).
     */
    private void runBoth(int timesteps) {
      // Concatenate(axis=-1): each input's columns side by side, in parameter order.
      Merge.concatInto(leftLast, 1, LEFT_UNITS, LEFT_STRIDE, bothOutput, BOTH_STRIDE, 0);
      Merge.concatInto(rightOutput, 1, RIGHT_WIDTH, RIGHT_OUTPUT_STRIDE,
          bothOutput, BOTH_STRIDE, LEFT_UNITS);
    }

    /**
     * head: @Dense(units = 1), (7,) -> (1,).
     */
    private void runHead(int timesteps) {
      Kernels.matmulColumn(bothOutput, 0, BOTH_STRIDE, 1, BOTH_UNITS,
          headColumn.current(), 0, HEAD_STRIDE, headBias, 0, headOutput, 0, HEAD_STRIDE);
    }
  }
}
