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
import dev.rnnc.runtime.nn.Masks;
import dev.rnnc.runtime.nn.Outputs;
import dev.rnnc.runtime.nn.SequenceFirstBatches;
import dev.rnnc.runtime.nn.WorkspacePool;
import dev.rnnc.runtime.simd.Activation;
import dev.rnnc.runtime.simd.GruStep;
import dev.rnnc.runtime.simd.Kernels;
import dev.rnnc.runtime.simd.SimpleRnnStep;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Generated;

/**
 * The rnnc implementation of {@link PackedTagger}.
 *
 * <pre>
 * input: (None, 2)
 * encoder: @GRU(units = 4, returnSequences = true, returnState = true), (None, 2) -> (None, 4).
 * summary: @SimpleRNN(units = 3, zeroOutputForMask = true), (None, 4) -> (3,).
 * head: @Dense(units = 1), (3,) -> (1,).
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
public final class RnncPackedTagger implements PackedTagger, RnncModel {
  static final int TIMESTEPS = -1;

  static final int FEATURES = 2;

  static final int ENCODER_UNITS = 4;

  static final int ENCODER_STRIDE = 16;

  static final int ENCODER_GATES = 3 * ENCODER_STRIDE;

  static final int SUMMARY_UNITS = 3;

  static final int SUMMARY_STRIDE = 16;

  static final int SUMMARY_GATES = SUMMARY_STRIDE;

  /**
   * summary's step, made once for its sizes: the kernels may specialise it to them.
   */
  private static final SimpleRnnStep SUMMARY_STEP = Cells.simpleRnnStep(SUMMARY_UNITS, SUMMARY_STRIDE, Activation.TANH);

  static final int HEAD_UNITS = 1;

  static final int HEAD_STRIDE = 16;

  /**
   * encoder: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> ENCODER_CONFIG = Map.ofEntries(
    Map.entry("units", 4),
    Map.entry("activation", "tanh"),
    Map.entry("recurrent_activation", "sigmoid"),
    Map.entry("reset_after", true),
    Map.entry("use_bias", true),
    Map.entry("return_sequences", true),
    Map.entry("return_state", true),
    Map.entry("go_backwards", false),
    Map.entry("stateful", false),
    Map.entry("unroll", false),
    Map.entry("zero_output_for_mask", false));

  /**
   * summary: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> SUMMARY_CONFIG = Map.ofEntries(
    Map.entry("units", 3),
    Map.entry("activation", "tanh"),
    Map.entry("use_bias", true),
    Map.entry("return_sequences", false),
    Map.entry("return_state", false),
    Map.entry("go_backwards", false),
    Map.entry("stateful", false),
    Map.entry("unroll", false),
    Map.entry("zero_output_for_mask", true));

  /**
   * head: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> HEAD_CONFIG = Map.ofEntries(
    Map.entry("units", 1),
    Map.entry("activation", "linear"),
    Map.entry("use_bias", true));

  /**
   * encoder: Keras {@code kernel} (FEATURES, 3·units), gate blocks z, r, h.
   */
  private final float[] encoderKernel;

  /**
   * encoder: Keras {@code recurrent_kernel} (units, 3·units).
   */
  private final float[] encoderRecurrentKernel;

  /**
   * encoder: Keras {@code bias} (2, 3·units): input bias, then recurrent bias.
   */
  private final float[] encoderBias;

  /**
   * summary: Keras {@code kernel} (ENCODER_UNITS, 1·units), gate blocks (one).
   */
  private final float[] summaryKernel;

  /**
   * summary: Keras {@code recurrent_kernel} (units, 1·units).
   */
  private final float[] summaryRecurrentKernel;

  /**
   * summary: Keras {@code bias}.
   */
  private final float[] summaryBias;

  /**
   * head: Keras {@code kernel} (SUMMARY_UNITS, units).
   */
  private final float[] headKernel;

  /**
   * head: Keras {@code bias} (units,).
   */
  private final float[] headBias;

  private final Layer encoderLayer;

  /**
   * encoder's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.gruStep); shared with copies.
   */
  private final GruStep encoderStep;

  private final Layer summaryLayer;

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
  private RnncPackedTagger(RnncPackedTagger from) {
    encoderKernel = from != null ? from.encoderKernel : new float[FEATURES * ENCODER_GATES];
    encoderRecurrentKernel = from != null ? from.encoderRecurrentKernel : new float[ENCODER_UNITS * ENCODER_GATES];
    encoderBias = from != null ? from.encoderBias : new float[2 * ENCODER_GATES];
    summaryKernel = from != null ? from.summaryKernel : new float[ENCODER_UNITS * SUMMARY_GATES];
    summaryRecurrentKernel = from != null ? from.summaryRecurrentKernel : new float[SUMMARY_UNITS * SUMMARY_GATES];
    summaryBias = from != null ? from.summaryBias : new float[SUMMARY_GATES];
    headKernel = from != null ? from.headKernel : new float[SUMMARY_UNITS * HEAD_STRIDE];
    headBias = from != null ? from.headBias : new float[HEAD_STRIDE];
    super();
    encoderLayer = new Layer("encoder", "GRU", ENCODER_CONFIG, from != null ? from.encoderLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(FEATURES, ENCODER_UNITS, 0, 1, 2), encoderKernel, Initializer.glorotUniform()),
        new Variable("recurrent_kernel", PackedLayout.matrix(ENCODER_UNITS, ENCODER_UNITS, 0, 1, 2), encoderRecurrentKernel, Initializer.orthogonal()),
        new Variable("bias", PackedLayout.matrix(2, ENCODER_UNITS, 0, 1, 2), encoderBias, Initializer.zeros())));
    summaryLayer = new Layer("summary", "SimpleRNN", SUMMARY_CONFIG, from != null ? from.summaryLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(ENCODER_UNITS, SUMMARY_UNITS, 0), summaryKernel, Initializer.glorotUniform()),
        new Variable("recurrent_kernel", PackedLayout.matrix(SUMMARY_UNITS, SUMMARY_UNITS, 0), summaryRecurrentKernel, Initializer.orthogonal()),
        new Variable("bias", PackedLayout.vector(SUMMARY_UNITS, 0), summaryBias, Initializer.zeros())));
    headLayer = new Layer("head", "Dense", HEAD_CONFIG, from != null ? from.headLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(SUMMARY_UNITS, HEAD_UNITS, 0), headKernel, Initializer.glorotUniform()),
        new Variable("bias", PackedLayout.vector(HEAD_UNITS, 0), headBias, Initializer.zeros())));
    layers = List.of(encoderLayer, summaryLayer, headLayer);
    encoderStep = from != null ? from.encoderStep : Cells.gruStep(layers, encoderRecurrentKernel,
        ENCODER_UNITS, ENCODER_STRIDE, Activation.TANH, Activation.SIGMOID, true);
    headColumn = from != null ? from.headColumn : DenseColumn.of(layers, headKernel);
  }

  /**
   * A model with Keras-default initial weights (glorot_uniform kernels, orthogonal recurrent
   * kernels, zero biases, forget-gate biases 1), drawn from {@code seed}.
   */
  public static RnncPackedTagger create(long seed) {
    RnncPackedTagger model = new RnncPackedTagger(null);
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
  public static RnncPackedTagger load(Path path) throws IOException {
    RnncPackedTagger model = new RnncPackedTagger(null);
    Weights.load(path, model);
    return model;
  }

  /**
   * A model that shares this one's weights (the same arrays: weights set, loaded or trained
   * through either are the other's too) and has its own workspaces and carried states (zeros):
   * one per stream of a stateful model. Cheap: allocates no weights.
   */
  @Override
  public RnncPackedTagger copy() {
    return new RnncPackedTagger(this);
  }

  @Override
  public String modelName() {
    return "PackedTagger";
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
        ModelSummary.row(encoderLayer, "[(None, None, 4), (None, 4)]"),
        ModelSummary.row(summaryLayer, "(None, 3)"),
        ModelSummary.row(headLayer, "(None, 1)")));
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
  public Layer head() {
    return headLayer;
  }

  @Override
  public float[][] kerasMask(float[][][] x, int[] lengths) {
    Workspace workspace = workspaces.acquire();
    try {
      return workspace.kerasMask(x, lengths);
    } finally {
      workspaces.release(workspace);
    }
  }

  @Override
  public float[][] predict(float[][][] x, int[] lengths) {
    Workspace workspace = workspaces.acquire();
    try {
      return workspace.predict(x, lengths);
    } finally {
      workspaces.release(workspace);
    }
  }

  @Override
  public float[][] predict(float[][][] x, int[] lengths, float[][] h) {
    Workspace workspace = workspaces.acquire();
    try {
      return workspace.predict(x, lengths, h);
    } finally {
      workspaces.release(workspace);
    }
  }

  @Override
  public float[][] predict(float[][][] x, int[] lengths, float[][][] h0) {
    Workspace workspace = workspaces.acquire();
    try {
      return workspace.predict(x, lengths, h0);
    } finally {
      workspaces.release(workspace);
    }
  }

  @Override
  public PackedTagger.Tagged[] tag(float[][][] x, int[] lengths) {
    Workspace workspace = workspaces.acquire();
    try {
      return workspace.tag(x, lengths);
    } finally {
      workspaces.release(workspace);
    }
  }

  @Override
  public void predictInto(float[][][] x, int[] lengths, float[][] out) {
    Workspace workspace = workspaces.acquire();
    try {
      workspace.predictInto(x, lengths, out);
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

    private float[] encoderProjection = new float[0];

    private final float[] encoderH = new float[ENCODER_STRIDE];

    private final float[] encoderGates = new float[ENCODER_GATES];

    private float[] encoderOutput = new float[0];

    private float[] summaryProjection = new float[0];

    private final float[] summaryH = new float[SUMMARY_STRIDE];

    private final float[] summaryGates = new float[SUMMARY_GATES];

    private final float[] summaryLast = new float[SUMMARY_STRIDE];

    private final float[] headOutput = new float[HEAD_STRIDE];

    /**
     * Set by a call that passed encoder's initial states, which are then already in place.
     */
    private boolean initialStates;

    /**
     * Set by a call that passed @Packed lengths: recurrent layers then zero their
     * sequence output past a sample's length and keep the last real output as
     * their last output, as PyTorch's packed sequences (else Keras' mask).
     */
    private boolean packed;

    /**
     * Timesteps the per-timestep arrays hold; they grow, never shrink.
     */
    private int capacity;

    float[][] kerasMask(float[][][] x, int[] lengths) {
      Inputs.checkSequences(x, "x", TIMESTEPS, FEATURES);
      Masks.checkLengths(lengths, "lengths", x);
      float[][] results = new float[x.length][];
      for (int i = 0; i < x.length; i++) {
        ensureCapacity(x[i].length);
        packed = false;
        Masks.fromLength(lengths[i], x[i].length, this.mask);
        run(x[i], x[i].length);
        results[i] = Arrays.copyOf(headOutput, HEAD_UNITS);
      }
      return results;
    }

    float[][] predict(float[][][] x, int[] lengths) {
      Inputs.checkSequences(x, "x", TIMESTEPS, FEATURES);
      Masks.checkLengths(lengths, "lengths", x);
      float[][] results = new float[x.length][];
      for (int i = 0; i < x.length; i++) {
        ensureCapacity(x[i].length);
        packed = true;
        Masks.fromLength(lengths[i], x[i].length, this.mask);
        run(x[i], x[i].length);
        results[i] = Arrays.copyOf(headOutput, HEAD_UNITS);
      }
      return results;
    }

    float[][] predict(float[][][] x, int[] lengths, float[][] h) {
      Inputs.checkSequences(x, "x", TIMESTEPS, FEATURES);
      Masks.checkLengths(lengths, "lengths", x);
      Inputs.checkVectors(h, "h", ENCODER_UNITS);
      Inputs.checkSameBatch(x, "x", h, "h");
      float[][] results = new float[x.length][];
      for (int i = 0; i < x.length; i++) {
        // The first recurrent layer starts from the given states instead of zeros.
        System.arraycopy(h[i], 0, encoderH, 0, ENCODER_UNITS);
        initialStates = true;
        ensureCapacity(x[i].length);
        packed = true;
        Masks.fromLength(lengths[i], x[i].length, this.mask);
        run(x[i], x[i].length);
        results[i] = Arrays.copyOf(headOutput, HEAD_UNITS);
      }
      return results;
    }

    float[][] predict(float[][][] x, int[] lengths, float[][][] h0) {
      Inputs.checkSequences(x, "x", TIMESTEPS, FEATURES);
      Masks.checkLengths(lengths, "lengths", x);
      Inputs.checkLayerStates(h0, "h0", 1, x.length, "x", ENCODER_UNITS);
      float[][] results = new float[x.length][];
      for (int i = 0; i < x.length; i++) {
        // The first recurrent layer starts from the given states instead of zeros.
        System.arraycopy(h0[0][i], 0, encoderH, 0, ENCODER_UNITS);
        initialStates = true;
        ensureCapacity(x[i].length);
        packed = true;
        Masks.fromLength(lengths[i], x[i].length, this.mask);
        run(x[i], x[i].length);
        results[i] = Arrays.copyOf(headOutput, HEAD_UNITS);
      }
      return results;
    }

    PackedTagger.Tagged[] tag(float[][][] x, int[] lengths) {
      Inputs.checkSequences(x, "x", TIMESTEPS, FEATURES);
      Masks.checkLengths(lengths, "lengths", x);
      PackedTagger.Tagged[] results = new PackedTagger.Tagged[x.length];
      for (int i = 0; i < x.length; i++) {
        ensureCapacity(x[i].length);
        packed = true;
        Masks.fromLength(lengths[i], x[i].length, this.mask);
        run(x[i], x[i].length);
        results[i] = new PackedTagger.Tagged(Arrays.copyOf(headOutput, HEAD_UNITS),
            Arrays.copyOf(encoderH, ENCODER_UNITS));
      }
      return results;
    }

    void predictInto(float[][][] x, int[] lengths, float[][] out) {
      // x is sequence-first (timesteps, batch, features), PyTorch's batch_first = False:
      // the same rows, re-indexed batch-first (no values copied)
      float[][][] xBatchFirst = SequenceFirstBatches.toBatchFirst(x, "x", TIMESTEPS, FEATURES);
      Inputs.checkSequences(xBatchFirst, "xBatchFirst", TIMESTEPS, FEATURES);
      Masks.checkLengths(lengths, "lengths", xBatchFirst);
      Outputs.checkBatch(out, "out", xBatchFirst.length);
      for (int i = 0; i < xBatchFirst.length; i++) {
        Outputs.checkVector(out[i], "out", i, HEAD_UNITS);
      }
      for (int i = 0; i < xBatchFirst.length; i++) {
        ensureCapacity(xBatchFirst[i].length);
        packed = true;
        Masks.fromLength(lengths[i], xBatchFirst[i].length, this.mask);
        run(xBatchFirst[i], xBatchFirst[i].length);
        System.arraycopy(headOutput, 0, out[i], 0, HEAD_UNITS);
      }
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
      runEncoder(timesteps);
      runSummary(timesteps);
      runHead(timesteps);
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
      encoderProjection = new float[capacity * ENCODER_GATES];
      encoderOutput = new float[capacity * ENCODER_STRIDE];
      summaryProjection = new float[capacity * SUMMARY_GATES];
    }

    /**
     * encoder: @GRU(units = 4, returnSequences = true, returnState = true), (None, 2) -> (None, 4).
     */
    private void runEncoder(int timesteps) {
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(input, 0, FEATURES, timesteps, FEATURES,
          encoderKernel, 0, ENCODER_GATES, ENCODER_GATES, encoderBias, 0,
          encoderProjection, 0, ENCODER_GATES);
      if (!initialStates) {
        Arrays.fill(encoderH, 0f);
      }
      for (int t = 0; t < timesteps; t++) {
        if (mask[t]) {
          encoderStep.step(encoderProjection, t * ENCODER_GATES,
              encoderRecurrentKernel, encoderBias, ENCODER_GATES, encoderGates, encoderH);
          System.arraycopy(encoderH, 0, encoderOutput, t * ENCODER_STRIDE, ENCODER_STRIDE);
        } else {
          // masked: the state carries over unchanged
          Masks.skipStep(encoderOutput, t, ENCODER_STRIDE, packed);
        }
      }
      initialStates = false;
    }

    /**
     * summary: @SimpleRNN(units = 3, zeroOutputForMask = true), (None, 4) -> (3,).
     */
    private void runSummary(int timesteps) {
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(encoderOutput, 0, ENCODER_STRIDE, timesteps, ENCODER_UNITS,
          summaryKernel, 0, SUMMARY_GATES, SUMMARY_GATES, summaryBias, 0,
          summaryProjection, 0, SUMMARY_GATES);
      Arrays.fill(summaryH, 0f);
      Arrays.fill(summaryLast, 0f);
      for (int t = 0; t < timesteps; t++) {
        if (mask[t]) {
          SUMMARY_STEP.step(summaryProjection, t * SUMMARY_GATES,
              summaryRecurrentKernel, summaryH, summaryGates);
          System.arraycopy(summaryH, 0, summaryLast, 0, SUMMARY_STRIDE);
        } else {
          // masked: the state carries over unchanged
          if (!packed) {
            Arrays.fill(summaryLast, 0f);
          }
        }
      }
    }

    /**
     * head: @Dense(units = 1), (3,) -> (1,).
     */
    private void runHead(int timesteps) {
      Kernels.matmulColumn(summaryLast, 0, SUMMARY_STRIDE, 1, SUMMARY_UNITS,
          headColumn.current(), 0, HEAD_STRIDE, headBias, 0, headOutput, 0, HEAD_STRIDE);
    }
  }
}
