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
import dev.rnnc.runtime.nn.Inputs;
import dev.rnnc.runtime.nn.Masks;
import dev.rnnc.runtime.nn.Outputs;
import dev.rnnc.runtime.nn.SequenceFirstBatches;
import dev.rnnc.runtime.nn.WorkspacePool;
import dev.rnnc.runtime.simd.Activation;
import dev.rnnc.runtime.simd.GruStep;
import dev.rnnc.runtime.simd.Kernels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.annotation.processing.Generated;

/**
 * The rnnc implementation of {@link TwoStreams}.
 *
 * <pre>
 * input a: (None, 2)
 * input b: (4, 3)
 * encoder: @GRU(units = 2, returnState = true), (None, 2) -> (2,). Takes a.
 * decoder: @GRU(units = 2, returnSequences = true), (4, 3) -> (4, 2). Takes b, starting from encoder's final states.
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
public final class RnncTwoStreams implements TwoStreams, RnncModel {
  static final int A_TIMESTEPS = -1;

  static final int A_FEATURES = 2;

  static final int B_TIMESTEPS = 4;

  static final int B_FEATURES = 3;

  static final int ENCODER_UNITS = 2;

  static final int ENCODER_STRIDE = 16;

  static final int ENCODER_GATES = 3 * ENCODER_STRIDE;

  static final int DECODER_UNITS = 2;

  static final int DECODER_STRIDE = 16;

  static final int DECODER_GATES = 3 * DECODER_STRIDE;

  /**
   * encoder: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> ENCODER_CONFIG = Map.ofEntries(
    Map.entry("units", 2),
    Map.entry("activation", "tanh"),
    Map.entry("recurrent_activation", "sigmoid"),
    Map.entry("reset_after", true),
    Map.entry("use_bias", true),
    Map.entry("return_sequences", false),
    Map.entry("return_state", true),
    Map.entry("go_backwards", false),
    Map.entry("stateful", false),
    Map.entry("unroll", false),
    Map.entry("zero_output_for_mask", false),
    Map.entry("rnnc_inbound", List.of("a")));

  /**
   * decoder: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> DECODER_CONFIG = Map.ofEntries(
    Map.entry("units", 2),
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
    Map.entry("rnnc_inbound", List.of("b")),
    Map.entry("rnnc_initial_state", "encoder"));

  /**
   * encoder: Keras {@code kernel} (A_FEATURES, 3·units), gate blocks z, r, h.
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
   * decoder: Keras {@code kernel} (B_FEATURES, 3·units), gate blocks z, r, h.
   */
  private final float[] decoderKernel;

  /**
   * decoder: Keras {@code recurrent_kernel} (units, 3·units).
   */
  private final float[] decoderRecurrentKernel;

  /**
   * decoder: Keras {@code bias} (2, 3·units): input bias, then recurrent bias.
   */
  private final float[] decoderBias;

  private final Layer encoderLayer;

  /**
   * encoder's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.gruStep); shared with copies.
   */
  private final GruStep encoderStep;

  private final Layer decoderLayer;

  /**
   * decoder's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.gruStep); shared with copies.
   */
  private final GruStep decoderStep;

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
  private RnncTwoStreams(RnncTwoStreams from) {
    encoderKernel = from != null ? from.encoderKernel : new float[A_FEATURES * ENCODER_GATES];
    encoderRecurrentKernel = from != null ? from.encoderRecurrentKernel : new float[ENCODER_UNITS * ENCODER_GATES];
    encoderBias = from != null ? from.encoderBias : new float[2 * ENCODER_GATES];
    decoderKernel = from != null ? from.decoderKernel : new float[B_FEATURES * DECODER_GATES];
    decoderRecurrentKernel = from != null ? from.decoderRecurrentKernel : new float[DECODER_UNITS * DECODER_GATES];
    decoderBias = from != null ? from.decoderBias : new float[2 * DECODER_GATES];
    super();
    encoderLayer = new Layer("encoder", "GRU", ENCODER_CONFIG, from != null ? from.encoderLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(A_FEATURES, ENCODER_UNITS, 0, 1, 2), encoderKernel, Initializer.glorotUniform()),
        new Variable("recurrent_kernel", PackedLayout.matrix(ENCODER_UNITS, ENCODER_UNITS, 0, 1, 2), encoderRecurrentKernel, Initializer.orthogonal()),
        new Variable("bias", PackedLayout.matrix(2, ENCODER_UNITS, 0, 1, 2), encoderBias, Initializer.zeros())));
    decoderLayer = new Layer("decoder", "GRU", DECODER_CONFIG, from != null ? from.decoderLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(B_FEATURES, DECODER_UNITS, 0, 1, 2), decoderKernel, Initializer.glorotUniform()),
        new Variable("recurrent_kernel", PackedLayout.matrix(DECODER_UNITS, DECODER_UNITS, 0, 1, 2), decoderRecurrentKernel, Initializer.orthogonal()),
        new Variable("bias", PackedLayout.matrix(2, DECODER_UNITS, 0, 1, 2), decoderBias, Initializer.zeros())));
    layers = List.of(encoderLayer, decoderLayer);
    encoderStep = from != null ? from.encoderStep : Cells.gruStep(layers, encoderRecurrentKernel,
        ENCODER_UNITS, ENCODER_STRIDE, Activation.TANH, Activation.SIGMOID, true);
    decoderStep = from != null ? from.decoderStep : Cells.gruStep(layers, decoderRecurrentKernel,
        DECODER_UNITS, DECODER_STRIDE, Activation.TANH, Activation.SIGMOID, true);
  }

  /**
   * A model with Keras-default initial weights (glorot_uniform kernels, orthogonal recurrent
   * kernels, zero biases, forget-gate biases 1), drawn from {@code seed}.
   */
  public static RnncTwoStreams create(long seed) {
    RnncTwoStreams model = new RnncTwoStreams(null);
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
  public static RnncTwoStreams load(Path path) throws IOException {
    RnncTwoStreams model = new RnncTwoStreams(null);
    Weights.load(path, model);
    return model;
  }

  /**
   * A model that shares this one's weights (the same arrays: weights set, loaded or trained
   * through either are the other's too) and has its own workspaces and carried states (zeros):
   * one per stream of a stateful model. Cheap: allocates no weights.
   */
  @Override
  public RnncTwoStreams copy() {
    return new RnncTwoStreams(this);
  }

  @Override
  public String modelName() {
    return "TwoStreams";
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
        ModelSummary.row(encoderLayer, "[(None, 2), (None, 2)]", "a[0][0]"),
        ModelSummary.row(decoderLayer, "(None, 4, 2)", "b[0][0], encoder[0][1]")));
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
          ModelGraph.node("encoder", List.of("a[0][0]"), List.of(), "[(None, 2), (None, 2)]"),
          ModelGraph.node("decoder", List.of("b[0][0]"), List.of("encoder[0][1]"), "(None, 4, 2)")),
          List.of("a", "b"),
          List.of("decoder[0][0]")));
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
  public Layer encoder(Layer a) {
    return encoderLayer;
  }

  /**
   * The parameters only declare the wiring; the arguments are ignored.
   */
  @Override
  public Layer decoder(Layer b, Layer encoder) {
    return decoderLayer;
  }

  @Override
  public float[][][] predict(float[][][] a, boolean[][] aMask, float[][][] b, boolean[][] bMask) {
    Workspace workspace = workspaces.acquire();
    try {
      return workspace.predict(a, aMask, b, bMask);
    } finally {
      workspaces.release(workspace);
    }
  }

  @Override
  public float[][] predict(float[][] a, boolean[] aMask, float[][] b, boolean[] bMask) {
    Workspace workspace = workspaces.acquire();
    try {
      return workspace.predict(a, aMask, b, bMask);
    } finally {
      workspaces.release(workspace);
    }
  }

  @Override
  public float[][][] predict(float[][][] a, int[] aLengths, float[][][] b) {
    Workspace workspace = workspaces.acquire();
    try {
      return workspace.predict(a, aLengths, b);
    } finally {
      workspaces.release(workspace);
    }
  }

  @Override
  public float[][][] predictSequenceFirst(float[][][] a, float[][][] b) {
    Workspace workspace = workspaces.acquire();
    try {
      return workspace.predictSequenceFirst(a, b);
    } finally {
      workspaces.release(workspace);
    }
  }

  @Override
  public void predictSequenceFirst(float[][][] a, int[] aLengths, float[][][] b, int[] bLengths,
      float[][][] out) {
    Workspace workspace = workspaces.acquire();
    try {
      workspace.predictSequenceFirst(a, aLengths, b, bLengths, out);
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
     * Which timesteps of b are real (true): a call's mask or lengths of it, else all.
     */
    private final boolean[] bMask = new boolean[B_TIMESTEPS];

    private float[] encoderProjection = new float[0];

    private final float[] encoderH = new float[ENCODER_STRIDE];

    private final float[] encoderGates = new float[ENCODER_GATES];

    private final float[] encoderLast = new float[ENCODER_STRIDE];

    private final float[] decoderProjection = new float[B_TIMESTEPS * DECODER_GATES];

    private final float[] decoderH = new float[DECODER_STRIDE];

    private final float[] decoderGates = new float[DECODER_GATES];

    private final float[] decoderOutput = new float[B_TIMESTEPS * DECODER_STRIDE];

    /**
     * Timesteps of a the per-timestep arrays hold; they grow, never shrink.
     */
    private int aCapacity;

    float[][][] predict(float[][][] a, boolean[][] aMask, float[][][] b, boolean[][] bMask) {
      Inputs.checkSequences(a, "a", A_TIMESTEPS, A_FEATURES);
      Inputs.checkSequences(b, "b", B_TIMESTEPS, B_FEATURES);
      Inputs.checkSameBatch(a, "a", b, "b");
      Masks.checkMasks(aMask, "aMask", a);
      Masks.checkMasks(bMask, "bMask", b);
      float[][][] results = new float[a.length][][];
      for (int i = 0; i < a.length; i++) {
        ensureACapacity(a[i].length);
        System.arraycopy(aMask[i], 0, this.aMask, 0, a[i].length);
        System.arraycopy(bMask[i], 0, this.bMask, 0, B_TIMESTEPS);
        run(a[i], b[i], a[i].length);
        results[i] = Outputs.sequence(decoderOutput, B_TIMESTEPS, DECODER_UNITS, DECODER_STRIDE);
      }
      return results;
    }

    float[][] predict(float[][] a, boolean[] aMask, float[][] b, boolean[] bMask) {
      int aTimesteps = Inputs.checkSequence(a, "a", A_TIMESTEPS, A_FEATURES);
      Inputs.checkSequence(b, "b", B_TIMESTEPS, B_FEATURES);
      Masks.checkMask(aMask, "aMask", -1, aTimesteps);
      Masks.checkMask(bMask, "bMask", -1, B_TIMESTEPS);
      ensureACapacity(aTimesteps);
      System.arraycopy(aMask, 0, this.aMask, 0, aTimesteps);
      System.arraycopy(bMask, 0, this.bMask, 0, B_TIMESTEPS);
      run(a, b, aTimesteps);
      return Outputs.sequence(decoderOutput, B_TIMESTEPS, DECODER_UNITS, DECODER_STRIDE);
    }

    float[][][] predict(float[][][] a, int[] aLengths, float[][][] b) {
      Inputs.checkSequences(a, "a", A_TIMESTEPS, A_FEATURES);
      Inputs.checkSequences(b, "b", B_TIMESTEPS, B_FEATURES);
      Inputs.checkSameBatch(a, "a", b, "b");
      Masks.checkLengths(aLengths, "aLengths", a);
      float[][][] results = new float[a.length][][];
      for (int i = 0; i < a.length; i++) {
        ensureACapacity(a[i].length);
        Masks.fromLength(aLengths[i], a[i].length, this.aMask);
        // No lengths of b passed: every timestep is real.
        Arrays.fill(this.bMask, 0, B_TIMESTEPS, true);
        run(a[i], b[i], a[i].length);
        results[i] = Outputs.sequence(decoderOutput, B_TIMESTEPS, DECODER_UNITS, DECODER_STRIDE);
      }
      return results;
    }

    float[][][] predictSequenceFirst(float[][][] a, float[][][] b) {
      // Sequence inputs are sequence-first (timesteps, batch, features), PyTorch's batch_first = False:
      // the same rows, re-indexed batch-first (no values copied)
      float[][][] aBatchFirst = SequenceFirstBatches.toBatchFirst(a, "a", A_TIMESTEPS, A_FEATURES);
      float[][][] bBatchFirst = SequenceFirstBatches.toBatchFirst(b, "b", B_TIMESTEPS, B_FEATURES);
      Inputs.checkSequences(aBatchFirst, "a", A_TIMESTEPS, A_FEATURES);
      Inputs.checkSequences(bBatchFirst, "b", B_TIMESTEPS, B_FEATURES);
      Inputs.checkSameBatch(aBatchFirst, "a", bBatchFirst, "b");
      float[][][] results = new float[aBatchFirst.length][][];
      for (int i = 0; i < aBatchFirst.length; i++) {
        ensureACapacity(aBatchFirst[i].length);
        // No lengths of a passed: every timestep is real.
        Arrays.fill(this.aMask, 0, aBatchFirst[i].length, true);
        // No lengths of b passed: every timestep is real.
        Arrays.fill(this.bMask, 0, B_TIMESTEPS, true);
        run(aBatchFirst[i], bBatchFirst[i], aBatchFirst[i].length);
        results[i] = Outputs.sequence(decoderOutput, B_TIMESTEPS, DECODER_UNITS, DECODER_STRIDE);
      }
      return SequenceFirstBatches.toSequenceFirst(results, b.length);
    }

    void predictSequenceFirst(float[][][] a, int[] aLengths, float[][][] b, int[] bLengths,
        float[][][] out) {
      // Sequence inputs are sequence-first (timesteps, batch, features), PyTorch's batch_first = False:
      // the same rows, re-indexed batch-first (no values copied)
      float[][][] aBatchFirst = SequenceFirstBatches.toBatchFirst(a, "a", A_TIMESTEPS, A_FEATURES);
      float[][][] bBatchFirst = SequenceFirstBatches.toBatchFirst(b, "b", B_TIMESTEPS, B_FEATURES);
      Inputs.checkSequences(aBatchFirst, "a", A_TIMESTEPS, A_FEATURES);
      Inputs.checkSequences(bBatchFirst, "b", B_TIMESTEPS, B_FEATURES);
      Inputs.checkSameBatch(aBatchFirst, "a", bBatchFirst, "b");
      Masks.checkLengths(aLengths, "aLengths", aBatchFirst);
      Masks.checkLengths(bLengths, "bLengths", bBatchFirst);
      // out is sequence-first too: written through a batch-first view
      float[][][] outBatchFirst = SequenceFirstBatches.outputToBatchFirst(out, "out", bBatchFirst[0].length, bBatchFirst.length, DECODER_UNITS);
      Outputs.checkBatch(outBatchFirst, "outBatchFirst", aBatchFirst.length);
      for (int i = 0; i < aBatchFirst.length; i++) {
        Outputs.checkSequence(outBatchFirst[i], "outBatchFirst", i, B_TIMESTEPS, DECODER_UNITS);
      }
      for (int i = 0; i < aBatchFirst.length; i++) {
        ensureACapacity(aBatchFirst[i].length);
        Masks.fromLength(aLengths[i], aBatchFirst[i].length, this.aMask);
        Masks.fromLength(bLengths[i], B_TIMESTEPS, this.bMask);
        run(aBatchFirst[i], bBatchFirst[i], aBatchFirst[i].length);
        Outputs.copySequence(decoderOutput, B_TIMESTEPS, DECODER_UNITS, DECODER_STRIDE, outBatchFirst[i]);
      }
    }

    /**
     * Runs every layer on one sample of each input, which the caller has checked.
     */
    private void run(float[][] a, float[][] b, int aTimesteps) {
      ensureACapacity(aTimesteps);
      Inputs.packSequence(a, aTimesteps, A_FEATURES, aInput);
      Inputs.packSequence(b, B_TIMESTEPS, B_FEATURES, bInput);
      runEncoder(aTimesteps);
      runDecoder(B_TIMESTEPS);
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
      encoderProjection = new float[aCapacity * ENCODER_GATES];
    }

    /**
     * encoder: @GRU(units = 2, returnState = true), (None, 2) -> (2,).
     */
    private void runEncoder(int timesteps) {
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(aInput, 0, A_FEATURES, timesteps, A_FEATURES,
          encoderKernel, 0, ENCODER_GATES, ENCODER_GATES, encoderBias, 0,
          encoderProjection, 0, ENCODER_GATES);
      Arrays.fill(encoderH, 0f);
      Arrays.fill(encoderLast, 0f);
      for (int t = 0; t < timesteps; t++) {
        if (aMask[t]) {
          encoderStep.step(encoderProjection, t * ENCODER_GATES,
              encoderRecurrentKernel, encoderBias, ENCODER_GATES, encoderGates, encoderH);
          System.arraycopy(encoderH, 0, encoderLast, 0, ENCODER_STRIDE);
        } else {
          // masked: the state carries over unchanged
        }
      }
    }

    /**
     * decoder: @GRU(units = 2, returnSequences = true), (4, 3) -> (4, 2).
     */
    private void runDecoder(int timesteps) {
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(bInput, 0, B_FEATURES, timesteps, B_FEATURES,
          decoderKernel, 0, DECODER_GATES, DECODER_GATES, decoderBias, 0,
          decoderProjection, 0, DECODER_GATES);
      // initial states: encoder's final states (@InitialState)
      System.arraycopy(encoderH, 0, decoderH, 0, DECODER_UNITS);
      for (int t = 0; t < timesteps; t++) {
        if (bMask[t]) {
          decoderStep.step(decoderProjection, t * DECODER_GATES,
              decoderRecurrentKernel, decoderBias, DECODER_GATES, decoderGates, decoderH);
          System.arraycopy(decoderH, 0, decoderOutput, t * DECODER_STRIDE, DECODER_STRIDE);
        } else {
          // masked: the state carries over unchanged
          Masks.skipStep(decoderOutput, t, DECODER_STRIDE, false);
        }
      }
    }
  }
}
