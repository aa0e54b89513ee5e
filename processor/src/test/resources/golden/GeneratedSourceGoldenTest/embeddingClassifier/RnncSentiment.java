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
import dev.rnnc.runtime.nn.Embeddings;
import dev.rnnc.runtime.nn.FoldedTable;
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
import javax.annotation.processing.Generated;

/**
 * The rnnc implementation of {@link Sentiment}.
 *
 * <pre>
 * input: (200,) int32
 * embedding: @Embedding(inputDim = 10000, outputDim = 64), (200,) int32 -> (200, 64).
 * lstm: @LSTM(units = 128), (200, 64) -> (128,).
 * positive: @Dense(units = 1, activation = "sigmoid"), (128,) -> (1,).
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
public final class RnncSentiment implements Sentiment, RnncModel {
  static final int TIMESTEPS = 200;

  static final int EMBEDDING_INPUT_DIM = 10000;

  static final int EMBEDDING_OUTPUT_DIM = 64;

  static final int EMBEDDING_STRIDE = 64;

  static final int LSTM_UNITS = 128;

  static final int LSTM_STRIDE = 128;

  static final int LSTM_GATES = 4 * LSTM_STRIDE;

  static final int POSITIVE_UNITS = 1;

  static final int POSITIVE_STRIDE = 16;

  static final int CHUNK = 8;

  /**
   * embedding: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> EMBEDDING_CONFIG = Map.ofEntries(
    Map.entry("input_dim", 10000),
    Map.entry("output_dim", 64),
    Map.entry("mask_zero", false));

  /**
   * lstm: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> LSTM_CONFIG = Map.ofEntries(
    Map.entry("units", 128),
    Map.entry("activation", "tanh"),
    Map.entry("recurrent_activation", "sigmoid"),
    Map.entry("unit_forget_bias", false),
    Map.entry("use_bias", true),
    Map.entry("return_sequences", false),
    Map.entry("return_state", false),
    Map.entry("go_backwards", false),
    Map.entry("stateful", false),
    Map.entry("unroll", false),
    Map.entry("zero_output_for_mask", false));

  /**
   * positive: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> POSITIVE_CONFIG = Map.ofEntries(
    Map.entry("units", 1),
    Map.entry("activation", "sigmoid"),
    Map.entry("use_bias", true));

  /**
   * embedding: Keras {@code embeddings} (inputDim, outputDim).
   */
  private final float[] embeddingEmbeddings;

  /**
   * lstm: Keras {@code kernel} (EMBEDDING_OUTPUT_DIM, 4·units), gate blocks i, f, o, c.
   */
  private final float[] lstmKernel;

  /**
   * lstm: Keras {@code recurrent_kernel} (units, 4·units), in panels of 64 columns (RecurrentPanels).
   */
  private final float[] lstmRecurrentKernel;

  /**
   * lstm: Keras {@code bias}.
   */
  private final float[] lstmBias;

  /**
   * positive: Keras {@code kernel} (LSTM_UNITS, units).
   */
  private final float[] positiveKernel;

  /**
   * positive: Keras {@code bias} (units,).
   */
  private final float[] positiveBias;

  private final Layer embeddingLayer;

  private final Layer lstmLayer;

  /**
   * lstm's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.lstmPanelsStep); shared with copies.
   */
  private final LstmStep lstmStep;

  private final Layer positiveLayer;

  /**
   * positive: its kernel's one column, contiguous, for {@code Kernels.matmulColumn}; copied again when
   * the kernel's variable changes; shared with copies.
   */
  private final DenseColumn positiveColumn;

  /**
   * Every token's input projection of lstm (x·W + b), built on the first call; shared with copies.
   */
  private final FoldedTable lstmFolded;

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
  private RnncSentiment(RnncSentiment from) {
    embeddingEmbeddings = from != null ? from.embeddingEmbeddings : new float[EMBEDDING_INPUT_DIM * EMBEDDING_STRIDE];
    lstmKernel = from != null ? from.lstmKernel : new float[EMBEDDING_OUTPUT_DIM * LSTM_GATES];
    lstmRecurrentKernel = from != null ? from.lstmRecurrentKernel : new float[LSTM_UNITS * LSTM_GATES];
    lstmBias = from != null ? from.lstmBias : new float[LSTM_GATES];
    positiveKernel = from != null ? from.positiveKernel : new float[LSTM_UNITS * POSITIVE_STRIDE];
    positiveBias = from != null ? from.positiveBias : new float[POSITIVE_STRIDE];
    lstmFolded = from != null ? from.lstmFolded : new FoldedTable(EMBEDDING_INPUT_DIM * LSTM_GATES);
    super();
    embeddingLayer = new Layer("embedding", "Embedding", EMBEDDING_CONFIG, from != null ? from.embeddingLayer.variables() : List.of(
        new Variable("embeddings", PackedLayout.matrix(EMBEDDING_INPUT_DIM, EMBEDDING_OUTPUT_DIM, 0), embeddingEmbeddings, Initializer.uniform(0.05))));
    lstmLayer = new Layer("lstm", "LSTM", LSTM_CONFIG, from != null ? from.lstmLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(EMBEDDING_OUTPUT_DIM, LSTM_UNITS, 0, 1, 3, 2), lstmKernel, Initializer.glorotUniform()),
        new Variable("recurrent_kernel", PackedLayout.recurrentPanels(LSTM_UNITS, LSTM_UNITS, 0, 1, 3, 2), lstmRecurrentKernel, Initializer.orthogonal()),
        new Variable("bias", PackedLayout.vector(LSTM_UNITS, 0, 1, 3, 2), lstmBias, Initializer.zeros())));
    positiveLayer = new Layer("positive", "Dense", POSITIVE_CONFIG, from != null ? from.positiveLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(LSTM_UNITS, POSITIVE_UNITS, 0), positiveKernel, Initializer.glorotUniform()),
        new Variable("bias", PackedLayout.vector(POSITIVE_UNITS, 0), positiveBias, Initializer.zeros())));
    layers = List.of(embeddingLayer, lstmLayer, positiveLayer);
    lstmStep = from != null ? from.lstmStep : Cells.lstmPanelsStep(layers, lstmRecurrentKernel,
        LSTM_UNITS, LSTM_STRIDE, Activation.TANH, Activation.SIGMOID);
    positiveColumn = from != null ? from.positiveColumn : DenseColumn.of(layers, positiveKernel);
  }

  /**
   * A model with Keras-default initial weights (glorot_uniform kernels, orthogonal recurrent
   * kernels, zero biases, forget-gate biases 1), drawn from {@code seed}.
   */
  public static RnncSentiment create(long seed) {
    RnncSentiment model = new RnncSentiment(null);
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
  public static RnncSentiment load(Path path) throws IOException {
    RnncSentiment model = new RnncSentiment(null);
    Weights.load(path, model);
    return model;
  }

  /**
   * A model that shares this one's weights (the same arrays: weights set, loaded or trained
   * through either are the other's too) and has its own workspaces and carried states (zeros):
   * one per stream of a stateful model. Cheap: allocates no weights.
   */
  @Override
  public RnncSentiment copy() {
    return new RnncSentiment(this);
  }

  @Override
  public String modelName() {
    return "Sentiment";
  }

  @Override
  public Map<String, Object> inputConfig() {
    return Map.of("shape", List.of(TIMESTEPS), "dtype", "int32");
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
        ModelSummary.row(embeddingLayer, "(None, 200, 64)"),
        ModelSummary.row(lstmLayer, "(None, 128)"),
        ModelSummary.row(positiveLayer, "(None, 1)")));
  }

  /**
   * Keras' {@code model.summary()} as Keras 3.15 prints it (see {@link #modelSummary()}).
   */
  public String summary() {
    return modelSummary().format();
  }

  @Override
  public Layer embedding() {
    return embeddingLayer;
  }

  @Override
  public Layer lstm() {
    return lstmLayer;
  }

  @Override
  public Layer positive() {
    return positiveLayer;
  }

  @Override
  public float[] predict(int[] ids) {
    Workspace workspace = workspaces.acquire();
    try {
      return workspace.predict(ids);
    } finally {
      workspaces.release(workspace);
    }
  }

  @Override
  public float[][] predict(int[][] batch) {
    Workspace workspace = workspaces.acquire();
    try {
      return workspace.predict(batch);
    } finally {
      workspaces.release(workspace);
    }
  }

  /**
   * {@code lstmFolded}'s values ({@code embeddings·kernel + bias}, every token's input projection),
   * rebuilt first when the embedding, kernel or bias changed since they were built; one call
   * rebuilds them while calls that overlap, on this model or a copy, wait.
   */
  private float[] foldEmbedding() {
    int version = embeddingLayer.variables().get(0).version() + lstmLayer.variables().get(0).version() + lstmLayer.variables().get(2).version();
    if (!lstmFolded.isBuiltFrom(version)) {
      synchronized (lstmFolded) {
        if (!lstmFolded.isBuiltFrom(version)) {
          float[] values = lstmFolded.values();
          Kernels.matmul(embeddingEmbeddings, 0, EMBEDDING_STRIDE, EMBEDDING_INPUT_DIM, EMBEDDING_OUTPUT_DIM,
              lstmKernel, 0, LSTM_GATES, LSTM_GATES, lstmBias, 0, values, 0, LSTM_GATES);
          lstmFolded.built(version);
        }
      }
    }
    return lstmFolded.values();
  }

  /**
   * The arrays one call computes in and the methods that run the layers (over the model's
   * weights). A call has a workspace to itself from taking it to giving it back.
   */
  private final class Workspace {
    private final float[] lstmProjection = new float[TIMESTEPS * LSTM_GATES];

    private final float[] lstmH = new float[LSTM_STRIDE];

    private final float[] lstmC = new float[LSTM_STRIDE];

    private final float[] lstmGates = new float[LSTM_GATES];

    private final float[] positiveOutput = new float[POSITIVE_STRIDE];

    private final float[] lstmChunkProjection = new float[CHUNK * TIMESTEPS * LSTM_GATES];

    private final float[] lstmChunkH = new float[CHUNK * LSTM_STRIDE];

    private final float[] lstmChunkC = new float[CHUNK * LSTM_STRIDE];

    private final float[] lstmChunkGates = new float[CHUNK * LSTM_GATES];

    private final float[] positiveChunkOutput = new float[CHUNK * POSITIVE_STRIDE];

    float[] predict(int[] ids) {
      Inputs.checkTokens(ids, "ids", TIMESTEPS, EMBEDDING_INPUT_DIM);
      run(ids);
      return Arrays.copyOf(positiveOutput, POSITIVE_UNITS);
    }

    float[][] predict(int[][] batch) {
      Inputs.checkTokenBatch(batch, "batch", TIMESTEPS, EMBEDDING_INPUT_DIM);
      float[][] results = new float[batch.length][];
      // Samples go through the layers in lockstep, CHUNK at a time (runChunk).
      for (int start = 0; start < batch.length; start += CHUNK) {
        int n = Math.min(CHUNK, batch.length - start);
        runChunk(batch, start, n);
        for (int b = 0; b < n; b++) {
          results[start + b] = Arrays.copyOfRange(positiveChunkOutput, b * POSITIVE_STRIDE, b * POSITIVE_STRIDE + POSITIVE_UNITS);
        }
      }
      return results;
    }

    /**
     * Runs every layer on one sample that the caller has checked.
     */
    private void run(int[] ids) {
      runEmbedding(ids);
      runLstm();
      runPositive();
    }

    /**
     * embedding: @Embedding(inputDim = 10000, outputDim = 64), (200,) int32 -> (200, 64). Ids were range-checked at the call.
     */
    private void runEmbedding(int[] ids) {
      // Folded (-Arnnc.foldEmbeddingMaxBytes): each token's row of x·W + b goes straight into lstm's projection.
      Embeddings.lookup(ids, TIMESTEPS, foldEmbedding(), LSTM_GATES, lstmProjection);
    }

    /**
     * lstm: @LSTM(units = 128), (200, 64) -> (128,).
     */
    private void runLstm() {
      // x·W + b of every timestep was gathered from the folded embedding table; only h·U stays in the loop.
      Arrays.fill(lstmH, 0f);
      Arrays.fill(lstmC, 0f);
      for (int t = 0; t < TIMESTEPS; t++) {
        lstmStep.step(lstmProjection, t * LSTM_GATES, lstmRecurrentKernel, lstmGates, lstmC, lstmH);
      }
    }

    /**
     * positive: @Dense(units = 1, activation = "sigmoid"), (128,) -> (1,).
     */
    private void runPositive() {
      Kernels.matmulColumn(lstmH, 0, LSTM_STRIDE, 1, LSTM_UNITS,
          positiveColumn.current(), 0, POSITIVE_STRIDE, positiveBias, 0,
          positiveOutput, 0, POSITIVE_STRIDE);
      Kernels.activate(Activation.SIGMOID, positiveOutput, 0, POSITIVE_STRIDE);
    }

    /**
     * Runs every layer on samples {@code start .. start + n} ({@code n <= CHUNK}) of a checked batch
     * in lockstep; outputs land in chunk buffers, one row (or sequence) per sample.
     */
    private void runChunk(int[][] samples, int start, int n) {
      // embedding, folded: every sample's rows of x·W + b straight into lstm's chunk projection.
      float[] folded = foldEmbedding();
      for (int b = 0; b < n; b++) {
        Embeddings.lookup(samples[start + b], TIMESTEPS, folded, LSTM_GATES,
            lstmChunkProjection, b * TIMESTEPS * LSTM_GATES);
      }
      // lstm: the folded embedding filled every sample's x·W + b; all samples step together.
      Arrays.fill(lstmChunkH, 0, n * LSTM_STRIDE, 0f);
      Arrays.fill(lstmChunkC, 0, n * LSTM_STRIDE, 0f);
      for (int t = 0; t < TIMESTEPS; t++) {
        Cells.lstmStepsPanels(n, lstmChunkProjection, t * LSTM_GATES, TIMESTEPS * LSTM_GATES,
            lstmRecurrentKernel, LSTM_UNITS, LSTM_STRIDE,
            lstmChunkGates, lstmChunkC, lstmChunkH, LSTM_STRIDE,
            Activation.TANH, Activation.SIGMOID);
      }
      // positive: one product over the chunk's rows.
      Kernels.matmulColumn(lstmChunkH, 0, LSTM_STRIDE, n, LSTM_UNITS,
          positiveColumn.current(), 0, POSITIVE_STRIDE, positiveBias, 0,
          positiveChunkOutput, 0, POSITIVE_STRIDE);
      Kernels.activate(Activation.SIGMOID, positiveChunkOutput, 0, n * POSITIVE_STRIDE);
    }
  }
}
