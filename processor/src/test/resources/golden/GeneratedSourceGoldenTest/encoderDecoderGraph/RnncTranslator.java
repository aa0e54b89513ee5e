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
import dev.rnnc.runtime.nn.Embeddings;
import dev.rnnc.runtime.nn.Inputs;
import dev.rnnc.runtime.nn.WorkspacePool;
import dev.rnnc.runtime.simd.Activation;
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
 * The rnnc implementation of {@link Translator}.
 *
 * <pre>
 * input encoderTokens: (None,) int32
 * input decoderTokens: (None,) int32
 * encoderEmbedding: @Embedding(inputDim = 1000, outputDim = 64), (None,) int32 -> (None, 64). Takes encoderTokens.
 * encoder: @LSTM(units = 64, returnState = true), (None, 64) -> (64,). Takes encoderEmbedding.
 * decoderEmbedding: @Embedding(inputDim = 2000, outputDim = 64), (None,) int32 -> (None, 64). Takes decoderTokens.
 * decoder: @LSTM(units = 64), (None, 64) -> (64,). Takes decoderEmbedding, starting from encoder's final states.
 * head: @Dense(units = 10), (64,) -> (10,). Takes decoder.
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
public final class RnncTranslator implements Translator, RnncModel {
  static final int ENCODER_TOKENS_TIMESTEPS = -1;

  static final int DECODER_TOKENS_TIMESTEPS = -1;

  static final int ENCODER_EMBEDDING_INPUT_DIM = 1000;

  static final int ENCODER_EMBEDDING_OUTPUT_DIM = 64;

  static final int ENCODER_EMBEDDING_STRIDE = 64;

  static final int ENCODER_UNITS = 64;

  static final int ENCODER_STRIDE = 64;

  static final int ENCODER_GATES = 4 * ENCODER_STRIDE;

  static final int DECODER_EMBEDDING_INPUT_DIM = 2000;

  static final int DECODER_EMBEDDING_OUTPUT_DIM = 64;

  static final int DECODER_EMBEDDING_STRIDE = 64;

  static final int DECODER_UNITS = 64;

  static final int DECODER_STRIDE = 64;

  static final int DECODER_GATES = 4 * DECODER_STRIDE;

  static final int HEAD_UNITS = 10;

  static final int HEAD_STRIDE = 16;

  /**
   * encoderEmbedding: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> ENCODER_EMBEDDING_CONFIG = Map.ofEntries(
    Map.entry("input_dim", 1000),
    Map.entry("output_dim", 64),
    Map.entry("mask_zero", false),
    Map.entry("rnnc_inbound", List.of("encoderTokens")));

  /**
   * encoder: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> ENCODER_CONFIG = Map.ofEntries(
    Map.entry("units", 64),
    Map.entry("activation", "tanh"),
    Map.entry("recurrent_activation", "sigmoid"),
    Map.entry("unit_forget_bias", true),
    Map.entry("use_bias", true),
    Map.entry("return_sequences", false),
    Map.entry("return_state", true),
    Map.entry("go_backwards", false),
    Map.entry("stateful", false),
    Map.entry("unroll", false),
    Map.entry("zero_output_for_mask", false),
    Map.entry("rnnc_inbound", List.of("encoderEmbedding")));

  /**
   * decoderEmbedding: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> DECODER_EMBEDDING_CONFIG = Map.ofEntries(
    Map.entry("input_dim", 2000),
    Map.entry("output_dim", 64),
    Map.entry("mask_zero", false),
    Map.entry("rnnc_inbound", List.of("decoderTokens")));

  /**
   * decoder: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> DECODER_CONFIG = Map.ofEntries(
    Map.entry("units", 64),
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
    Map.entry("rnnc_inbound", List.of("decoderEmbedding")),
    Map.entry("rnnc_initial_state", "encoder"));

  /**
   * head: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> HEAD_CONFIG = Map.ofEntries(
    Map.entry("units", 10),
    Map.entry("activation", "linear"),
    Map.entry("use_bias", true),
    Map.entry("rnnc_inbound", List.of("decoder")));

  /**
   * encoderEmbedding: Keras {@code embeddings} (inputDim, outputDim).
   */
  private final float[] encoderEmbeddingEmbeddings;

  /**
   * encoder: Keras {@code kernel} (ENCODER_EMBEDDING_OUTPUT_DIM, 4·units), gate blocks i, f, o, c.
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
   * decoderEmbedding: Keras {@code embeddings} (inputDim, outputDim).
   */
  private final float[] decoderEmbeddingEmbeddings;

  /**
   * decoder: Keras {@code kernel} (DECODER_EMBEDDING_OUTPUT_DIM, 4·units), gate blocks i, f, o, c.
   */
  private final float[] decoderKernel;

  /**
   * decoder: Keras {@code recurrent_kernel} (units, 4·units).
   */
  private final float[] decoderRecurrentKernel;

  /**
   * decoder: Keras {@code bias}.
   */
  private final float[] decoderBias;

  /**
   * head: Keras {@code kernel} (DECODER_UNITS, units).
   */
  private final float[] headKernel;

  /**
   * head: Keras {@code bias} (units,).
   */
  private final float[] headBias;

  private final Layer encoderEmbeddingLayer;

  private final Layer encoderLayer;

  /**
   * encoder's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.lstmPanelsStep); shared with copies.
   */
  private final LstmStep encoderStep;

  private final Layer decoderEmbeddingLayer;

  private final Layer decoderLayer;

  /**
   * decoder's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.lstmPanelsStep); shared with copies.
   */
  private final LstmStep decoderStep;

  private final Layer headLayer;

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
  private RnncTranslator(RnncTranslator from) {
    encoderEmbeddingEmbeddings = from != null ? from.encoderEmbeddingEmbeddings : new float[ENCODER_EMBEDDING_INPUT_DIM * ENCODER_EMBEDDING_STRIDE];
    encoderKernel = from != null ? from.encoderKernel : new float[ENCODER_EMBEDDING_OUTPUT_DIM * ENCODER_GATES];
    encoderRecurrentKernel = from != null ? from.encoderRecurrentKernel : new float[ENCODER_UNITS * ENCODER_GATES];
    encoderBias = from != null ? from.encoderBias : new float[ENCODER_GATES];
    decoderEmbeddingEmbeddings = from != null ? from.decoderEmbeddingEmbeddings : new float[DECODER_EMBEDDING_INPUT_DIM * DECODER_EMBEDDING_STRIDE];
    decoderKernel = from != null ? from.decoderKernel : new float[DECODER_EMBEDDING_OUTPUT_DIM * DECODER_GATES];
    decoderRecurrentKernel = from != null ? from.decoderRecurrentKernel : new float[DECODER_UNITS * DECODER_GATES];
    decoderBias = from != null ? from.decoderBias : new float[DECODER_GATES];
    headKernel = from != null ? from.headKernel : new float[DECODER_UNITS * HEAD_STRIDE];
    headBias = from != null ? from.headBias : new float[HEAD_STRIDE];
    super();
    encoderEmbeddingLayer = new Layer("encoderEmbedding", "Embedding", ENCODER_EMBEDDING_CONFIG, from != null ? from.encoderEmbeddingLayer.variables() : List.of(
        new Variable("embeddings", PackedLayout.matrix(ENCODER_EMBEDDING_INPUT_DIM, ENCODER_EMBEDDING_OUTPUT_DIM, 0), encoderEmbeddingEmbeddings, Initializer.uniform(0.05))));
    encoderLayer = new Layer("encoder", "LSTM", ENCODER_CONFIG, from != null ? from.encoderLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(ENCODER_EMBEDDING_OUTPUT_DIM, ENCODER_UNITS, 0, 1, 3, 2), encoderKernel, Initializer.glorotUniform()),
        new Variable("recurrent_kernel", PackedLayout.matrix(ENCODER_UNITS, ENCODER_UNITS, 0, 1, 3, 2), encoderRecurrentKernel, Initializer.orthogonal()),
        new Variable("bias", PackedLayout.vector(ENCODER_UNITS, 0, 1, 3, 2), encoderBias, Initializer.unitForgetBias(ENCODER_UNITS))));
    decoderEmbeddingLayer = new Layer("decoderEmbedding", "Embedding", DECODER_EMBEDDING_CONFIG, from != null ? from.decoderEmbeddingLayer.variables() : List.of(
        new Variable("embeddings", PackedLayout.matrix(DECODER_EMBEDDING_INPUT_DIM, DECODER_EMBEDDING_OUTPUT_DIM, 0), decoderEmbeddingEmbeddings, Initializer.uniform(0.05))));
    decoderLayer = new Layer("decoder", "LSTM", DECODER_CONFIG, from != null ? from.decoderLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(DECODER_EMBEDDING_OUTPUT_DIM, DECODER_UNITS, 0, 1, 3, 2), decoderKernel, Initializer.glorotUniform()),
        new Variable("recurrent_kernel", PackedLayout.matrix(DECODER_UNITS, DECODER_UNITS, 0, 1, 3, 2), decoderRecurrentKernel, Initializer.orthogonal()),
        new Variable("bias", PackedLayout.vector(DECODER_UNITS, 0, 1, 3, 2), decoderBias, Initializer.unitForgetBias(DECODER_UNITS))));
    headLayer = new Layer("head", "Dense", HEAD_CONFIG, from != null ? from.headLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(DECODER_UNITS, HEAD_UNITS, 0), headKernel, Initializer.glorotUniform()),
        new Variable("bias", PackedLayout.vector(HEAD_UNITS, 0), headBias, Initializer.zeros())));
    layers = List.of(encoderEmbeddingLayer, encoderLayer, decoderEmbeddingLayer, decoderLayer, headLayer);
    encoderStep = from != null ? from.encoderStep :
        Cells.lstmPanelsStep(layers, encoderRecurrentKernel,
        ENCODER_UNITS, ENCODER_STRIDE, Activation.TANH, Activation.SIGMOID);
    decoderStep = from != null ? from.decoderStep :
        Cells.lstmPanelsStep(layers, decoderRecurrentKernel,
        DECODER_UNITS, DECODER_STRIDE, Activation.TANH, Activation.SIGMOID);
  }

  /**
   * A model with Keras-default initial weights (glorot_uniform kernels, orthogonal recurrent
   * kernels, zero biases, forget-gate biases 1), drawn from {@code seed}.
   */
  public static RnncTranslator create(long seed) {
    RnncTranslator model = new RnncTranslator(null);
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
  public static RnncTranslator load(Path path) throws IOException {
    RnncTranslator model = new RnncTranslator(null);
    Weights.load(path, model);
    return model;
  }

  /**
   * A model that shares this one's weights (the same arrays: weights set, loaded or trained
   * through either are the other's too) and has its own workspaces and carried states (zeros):
   * one per stream of a stateful model. Cheap: allocates no weights.
   */
  @Override
  public RnncTranslator copy() {
    return new RnncTranslator(this);
  }

  @Override
  public String modelName() {
    return "Translator";
  }

  @Override
  public Map<String, Object> inputConfig() {
    return Map.of("shape", List.of(ENCODER_TOKENS_TIMESTEPS), "dtype", "int32");
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
        ModelSummary.input("encoderTokens", "(None, None)"),
        ModelSummary.input("decoderTokens", "(None, None)"),
        ModelSummary.row(encoderEmbeddingLayer, "(None, None, 64)", "encoderTokens[0][0]"),
        ModelSummary.row(decoderEmbeddingLayer, "(None, None, 64)", "decoderTokens[0][0]"),
        ModelSummary.row(encoderLayer, "[(None, 64), (None, 64), (None, 64)]", "encoderEmbedding[0][0]"),
        ModelSummary.row(decoderLayer, "(None, 64)", "decoderEmbedding[0][0], encoder[0][1], encoder[0][2]"),
        ModelSummary.row(headLayer, "(None, 10)", "decoder[0][0]")));
  }

  /**
   * The functional model Keras would build ({@code saveKeras} writes it): its operations in Keras'
   * order, the tensors each layer application takes ({@code layer[node][tensor]}) and its output
   * shapes, the model's inputs and outputs.
   */
  @Override
  public Optional<ModelGraph> modelGraph() {
    return Optional.of(ModelGraph.of(List.of(
          ModelGraph.input("encoderTokens", "(None, None)", "int32"),
          ModelGraph.input("decoderTokens", "(None, None)", "int32"),
          ModelGraph.node("encoderEmbedding", List.of("encoderTokens[0][0]"), List.of(), "(None, None, 64)"),
          ModelGraph.node("decoderEmbedding", List.of("decoderTokens[0][0]"), List.of(), "(None, None, 64)"),
          ModelGraph.node("encoder", List.of("encoderEmbedding[0][0]"), List.of(), "[(None, 64), (None, 64), (None, 64)]"),
          ModelGraph.node("decoder", List.of("decoderEmbedding[0][0]"), List.of("encoder[0][1]", "encoder[0][2]"), "(None, 64)"),
          ModelGraph.node("head", List.of("decoder[0][0]"), List.of(), "(None, 10)")),
          List.of("encoderTokens", "decoderTokens"),
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
  public Layer encoderEmbedding(Layer encoderTokens) {
    return encoderEmbeddingLayer;
  }

  @Override
  public Layer encoder() {
    return encoderLayer;
  }

  /**
   * The parameters only declare the wiring; the arguments are ignored.
   */
  @Override
  public Layer decoderEmbedding(Layer decoderTokens) {
    return decoderEmbeddingLayer;
  }

  /**
   * The parameters only declare the wiring; the arguments are ignored.
   */
  @Override
  public Layer decoder(Layer decoderEmbedding, Layer encoder) {
    return decoderLayer;
  }

  @Override
  public Layer head() {
    return headLayer;
  }

  @Override
  public float[] predict(int[] encoderTokens, int[] decoderTokens) {
    Workspace workspace = workspaces.acquire();
    try {
      return workspace.predict(encoderTokens, decoderTokens);
    } finally {
      workspaces.release(workspace);
    }
  }

  @Override
  public float[][] predict(int[][] encoderTokens, int[][] decoderTokens) {
    Workspace workspace = workspaces.acquire();
    try {
      return workspace.predict(encoderTokens, decoderTokens);
    } finally {
      workspaces.release(workspace);
    }
  }

  /**
   * The arrays one call computes in and the methods that run the layers (over the model's
   * weights). A call has a workspace to itself from taking it to giving it back.
   */
  private final class Workspace {
    private float[] encoderEmbeddingOutput = new float[0];

    private float[] encoderProjection = new float[0];

    private final float[] encoderH = new float[ENCODER_STRIDE];

    private final float[] encoderC = new float[ENCODER_STRIDE];

    private final float[] encoderGates = new float[ENCODER_GATES];

    private float[] decoderEmbeddingOutput = new float[0];

    private float[] decoderProjection = new float[0];

    private final float[] decoderH = new float[DECODER_STRIDE];

    private final float[] decoderC = new float[DECODER_STRIDE];

    private final float[] decoderGates = new float[DECODER_GATES];

    private final float[] headOutput = new float[HEAD_STRIDE];

    /**
     * Timesteps of encoderTokens the per-timestep arrays hold; they grow, never shrink.
     */
    private int encoderTokensCapacity;

    /**
     * Timesteps of decoderTokens the per-timestep arrays hold; they grow, never shrink.
     */
    private int decoderTokensCapacity;

    float[] predict(int[] encoderTokens, int[] decoderTokens) {
      int encoderTokensTimesteps = Inputs.checkTokens(encoderTokens, "encoderTokens", ENCODER_TOKENS_TIMESTEPS, ENCODER_EMBEDDING_INPUT_DIM);
      int decoderTokensTimesteps = Inputs.checkTokens(decoderTokens, "decoderTokens", DECODER_TOKENS_TIMESTEPS, DECODER_EMBEDDING_INPUT_DIM);
      run(encoderTokens, decoderTokens, encoderTokensTimesteps, decoderTokensTimesteps);
      return Arrays.copyOf(headOutput, HEAD_UNITS);
    }

    float[][] predict(int[][] encoderTokens, int[][] decoderTokens) {
      Inputs.checkTokenBatch(encoderTokens, "encoderTokens", ENCODER_TOKENS_TIMESTEPS, ENCODER_EMBEDDING_INPUT_DIM);
      Inputs.checkTokenBatch(decoderTokens, "decoderTokens", DECODER_TOKENS_TIMESTEPS, DECODER_EMBEDDING_INPUT_DIM);
      Inputs.checkSameBatch(encoderTokens, "encoderTokens", decoderTokens, "decoderTokens");
      float[][] results = new float[encoderTokens.length][];
      for (int i = 0; i < encoderTokens.length; i++) {
        run(encoderTokens[i], decoderTokens[i], encoderTokens[i].length, decoderTokens[i].length);
        results[i] = Arrays.copyOf(headOutput, HEAD_UNITS);
      }
      return results;
    }

    /**
     * Runs every layer on one sample of each input, which the caller has checked.
     */
    private void run(int[] encoderTokens, int[] decoderTokens, int encoderTokensTimesteps,
        int decoderTokensTimesteps) {
      ensureEncoderTokensCapacity(encoderTokensTimesteps);
      ensureDecoderTokensCapacity(decoderTokensTimesteps);
      runEncoderEmbedding(encoderTokens, encoderTokensTimesteps);
      runEncoder(encoderTokensTimesteps);
      runDecoderEmbedding(decoderTokens, decoderTokensTimesteps);
      runDecoder(decoderTokensTimesteps);
      runHead(decoderTokensTimesteps);
    }

    /**
     * Grows the arrays of encoderTokens's timesteps for a longer sequence (amortized: no allocation once warm).
     */
    private void ensureEncoderTokensCapacity(int timesteps) {
      if (timesteps <= encoderTokensCapacity) {
        return;
      }
      encoderTokensCapacity = Math.max(timesteps, 2 * encoderTokensCapacity);
      encoderEmbeddingOutput = new float[encoderTokensCapacity * ENCODER_EMBEDDING_STRIDE];
      encoderProjection = new float[encoderTokensCapacity * ENCODER_GATES];
    }

    /**
     * Grows the arrays of decoderTokens's timesteps for a longer sequence (amortized: no allocation once warm).
     */
    private void ensureDecoderTokensCapacity(int timesteps) {
      if (timesteps <= decoderTokensCapacity) {
        return;
      }
      decoderTokensCapacity = Math.max(timesteps, 2 * decoderTokensCapacity);
      decoderEmbeddingOutput = new float[decoderTokensCapacity * DECODER_EMBEDDING_STRIDE];
      decoderProjection = new float[decoderTokensCapacity * DECODER_GATES];
    }

    /**
     * encoderEmbedding: @Embedding(inputDim = 1000, outputDim = 64), (None,) int32 -> (None, 64). Ids were range-checked at the call.
     */
    private void runEncoderEmbedding(int[] ids, int timesteps) {
      Embeddings.lookup(ids, timesteps, encoderEmbeddingEmbeddings, ENCODER_EMBEDDING_STRIDE, encoderEmbeddingOutput);
    }

    /**
     * encoder: @LSTM(units = 64, returnState = true), (None, 64) -> (64,).
     */
    private void runEncoder(int timesteps) {
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(encoderEmbeddingOutput, 0, ENCODER_EMBEDDING_STRIDE, timesteps, ENCODER_EMBEDDING_OUTPUT_DIM,
          encoderKernel, 0, ENCODER_GATES, ENCODER_GATES, encoderBias, 0,
          encoderProjection, 0, ENCODER_GATES);
      Arrays.fill(encoderH, 0f);
      Arrays.fill(encoderC, 0f);
      for (int t = 0; t < timesteps; t++) {
        encoderStep.step(encoderProjection, t * ENCODER_GATES,
            encoderRecurrentKernel, encoderGates, encoderC, encoderH);
      }
    }

    /**
     * decoderEmbedding: @Embedding(inputDim = 2000, outputDim = 64), (None,) int32 -> (None, 64). Ids were range-checked at the call.
     */
    private void runDecoderEmbedding(int[] ids, int timesteps) {
      Embeddings.lookup(ids, timesteps, decoderEmbeddingEmbeddings, DECODER_EMBEDDING_STRIDE, decoderEmbeddingOutput);
    }

    /**
     * decoder: @LSTM(units = 64), (None, 64) -> (64,).
     */
    private void runDecoder(int timesteps) {
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(decoderEmbeddingOutput, 0, DECODER_EMBEDDING_STRIDE, timesteps, DECODER_EMBEDDING_OUTPUT_DIM,
          decoderKernel, 0, DECODER_GATES, DECODER_GATES, decoderBias, 0,
          decoderProjection, 0, DECODER_GATES);
      // initial states: encoder's final states (@InitialState)
      System.arraycopy(encoderH, 0, decoderH, 0, DECODER_UNITS);
      System.arraycopy(encoderC, 0, decoderC, 0, DECODER_UNITS);
      for (int t = 0; t < timesteps; t++) {
        decoderStep.step(decoderProjection, t * DECODER_GATES,
            decoderRecurrentKernel, decoderGates, decoderC, decoderH);
      }
    }

    /**
     * head: @Dense(units = 10), (64,) -> (10,).
     */
    private void runHead(int timesteps) {
      Kernels.matmul(decoderH, 0, DECODER_STRIDE, 1, DECODER_UNITS,
          headKernel, 0, HEAD_STRIDE, HEAD_STRIDE, headBias, 0, headOutput, 0, HEAD_STRIDE);
    }
  }
}
