package test;

import dev.rnnc.runtime.Initializer;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.ModelSummary;
import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.io.Weights;
import dev.rnnc.runtime.nn.CellGradients;
import dev.rnnc.runtime.nn.Cells;
import dev.rnnc.runtime.nn.DenseColumn;
import dev.rnnc.runtime.nn.DistinctTokens;
import dev.rnnc.runtime.nn.EmbeddingGradients;
import dev.rnnc.runtime.nn.Embeddings;
import dev.rnnc.runtime.nn.FoldedTable;
import dev.rnnc.runtime.nn.Inputs;
import dev.rnnc.runtime.nn.Masks;
import dev.rnnc.runtime.nn.ProjectionGradients;
import dev.rnnc.runtime.nn.TouchedRows;
import dev.rnnc.runtime.nn.WorkspacePool;
import dev.rnnc.runtime.simd.Activation;
import dev.rnnc.runtime.simd.GruStep;
import dev.rnnc.runtime.simd.Kernels;
import dev.rnnc.runtime.train.FitLoop;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import dev.rnnc.runtime.train.KerasNames;
import dev.rnnc.runtime.train.Optimizer;
import dev.rnnc.runtime.train.OutputLayout;
import dev.rnnc.runtime.train.SampleClasses;
import dev.rnnc.runtime.train.ShardPool;
import dev.rnnc.runtime.train.ShardedStep;
import dev.rnnc.runtime.train.TrainableModel;
import dev.rnnc.runtime.train.TrainingData;
import dev.rnnc.runtime.train.TrainingOutput;
import dev.rnnc.runtime.train.TrainingState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import javax.annotation.processing.Generated;

/**
 * The rnnc implementation of {@link Tagged}.
 *
 * <pre>
 * input: (6,) int32
 * embed: @Embedding(inputDim = 20, outputDim = 4, maskZero = true), (6,) int32 -> (6, 4).
 * gru: @GRU(units = 3, goBackwards = true), (6, 4) -> (3,).
 * head: @Dense(units = 1, activation = "sigmoid"), (3,) -> (1,).
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
public final class RnncTagged implements Tagged, RnncModel, TrainableModel {
  static final int TIMESTEPS = 6;

  static final int EMBED_INPUT_DIM = 20;

  static final int EMBED_OUTPUT_DIM = 4;

  static final int EMBED_STRIDE = 16;

  static final int GRU_UNITS = 3;

  static final int GRU_STRIDE = 16;

  static final int GRU_GATES = 3 * GRU_STRIDE;

  static final int HEAD_UNITS = 1;

  static final int HEAD_STRIDE = 16;

  /**
   * embed: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> EMBED_CONFIG = Map.ofEntries(
    Map.entry("input_dim", 20),
    Map.entry("output_dim", 4),
    Map.entry("mask_zero", true));

  /**
   * gru: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> GRU_CONFIG = Map.ofEntries(
    Map.entry("units", 3),
    Map.entry("activation", "tanh"),
    Map.entry("recurrent_activation", "sigmoid"),
    Map.entry("reset_after", true),
    Map.entry("use_bias", true),
    Map.entry("return_sequences", false),
    Map.entry("return_state", false),
    Map.entry("go_backwards", true),
    Map.entry("stateful", false),
    Map.entry("unroll", false),
    Map.entry("zero_output_for_mask", false));

  /**
   * head: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> HEAD_CONFIG = Map.ofEntries(
    Map.entry("units", 1),
    Map.entry("activation", "sigmoid"),
    Map.entry("use_bias", true));

  /**
   * Floats gru's training step saves per sample and timestep.
   */
  static final int GRU_RECORD = CellGradients.gruRecord(GRU_STRIDE);

  /**
   * embed: Keras {@code embeddings} (inputDim, outputDim).
   */
  private final float[] embedEmbeddings;

  /**
   * gru: Keras {@code kernel} (EMBED_OUTPUT_DIM, 3·units), gate blocks z, r, h.
   */
  private final float[] gruKernel;

  /**
   * gru: Keras {@code recurrent_kernel} (units, 3·units).
   */
  private final float[] gruRecurrentKernel;

  /**
   * gru: Keras {@code bias} (2, 3·units): input bias, then recurrent bias.
   */
  private final float[] gruBias;

  /**
   * head: Keras {@code kernel} (GRU_UNITS, units).
   */
  private final float[] headKernel;

  /**
   * head: Keras {@code bias} (units,).
   */
  private final float[] headBias;

  private final Layer embedLayer;

  private final Layer gruLayer;

  /**
   * gru's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.gruStep); shared with copies.
   */
  private final GruStep gruStep;

  private final Layer headLayer;

  /**
   * head: its kernel's one column, contiguous, for {@code Kernels.matmulColumn}; copied again when
   * the kernel's variable changes; shared with copies.
   */
  private final DenseColumn headColumn;

  /**
   * Every token's input projection of gru (x·W + b), built on the first call; shared with copies.
   */
  private final FoldedTable gruFolded;

  private final List<Layer> layers;

  /**
   * The workspaces of calls; one per call running at once.
   */
  private final WorkspacePool<Workspace> workspaces = new WorkspacePool<>(Workspace::new);

  /**
   * The optimizer of @Compile, Keras' "adam".
   */
  private Optimizer optimizer = KerasNames.optimizer("adam", 0.0);

  /**
   * The loss (binary_crossentropy) and metrics of the output.
   */
  private final TrainingOutput trainingOutput = new TrainingOutput(KerasNames.loss("binary_crossentropy"),
      List.of(), new OutputLayout(1, HEAD_UNITS, HEAD_STRIDE), true);

  /**
   * The batch size the training buffers hold; they grow, never shrink.
   */
  private int trainBatch;

  /**
   * The batch's token ids, one sample after another.
   */
  private int[] trainIds = new int[0];

  /**
   * embed: each distinct token's row.
   */
  private float[] embedTrainOutput = new float[0];

  /**
   * embed: the rows' gradient.
   */
  private float[] embedTrainDOutput = new float[0];

  /**
   * The table rows a batch's tokens touched.
   */
  private final TouchedRows embedTrainTouched = new TouchedRows(EMBED_INPUT_DIM);

  /**
   * The loss's gradient with respect to {@code embedEmbeddings}, in its packed layout.
   */
  private final float[] embedEmbeddingsGradient = new float[embedEmbeddings.length];

  /**
   * Whether sample b's timestep t is real, at {@code b·TIMESTEPS + t}.
   */
  private boolean[] trainMask = new boolean[0];

  /**
   * The batch's distinct tokens, and each position's among them.
   */
  private final DistinctTokens embedTrainTokens = new DistinctTokens(EMBED_INPUT_DIM);

  /**
   * gru: every sample's x·W + b.
   */
  private float[] gruTrainProjection = new float[0];

  /**
   * gru: x·W + b of each distinct token, then its positions' gradient summed.
   */
  private float[] gruTrainTokenProjection = new float[0];

  /**
   * gru: each sample's state H.
   */
  private float[] gruTrainH = new float[0];

  /**
   * gru: the gradient of H.
   */
  private float[] gruTrainDh = new float[0];

  /**
   * gru: gate scratch.
   */
  private float[] gruTrainGates = new float[0];

  /**
   * gru: what each step saved.
   */
  private float[] gruTrainSaved = new float[0];

  /**
   * gru: backward scratch.
   */
  private float[] gruTrainScratch = new float[0];

  /**
   * gru: the recurrent kernel transposed, for the backward steps.
   */
  private final float[] gruTrainRecurrentTransposed = new float[CellGradients.gruTransposedSize(GRU_STRIDE)];

  /**
   * The loss's gradient with respect to {@code gruKernel}, in its packed layout.
   */
  private final float[] gruKernelGradient = new float[gruKernel.length];

  /**
   * The loss's gradient with respect to {@code gruRecurrentKernel}, in its packed layout.
   */
  private final float[] gruRecurrentKernelGradient = new float[gruRecurrentKernel.length];

  /**
   * The loss's gradient with respect to {@code gruBias}, in its packed layout.
   */
  private final float[] gruBiasGradient = new float[gruBias.length];

  /**
   * gru: state H before the step.
   */
  private float[] gruTrainPreviousH = new float[0];

  /**
   * gru: the output's gradient.
   */
  private float[] gruTrainDOutput = new float[0];

  /**
   * head: the output rows.
   */
  private float[] headTrainOutput = new float[0];

  /**
   * head: the rows before the activation.
   */
  private float[] headTrainPreActivation = new float[0];

  /**
   * head: the output's gradient.
   */
  private float[] headTrainDOutput = new float[0];

  /**
   * The loss's gradient with respect to {@code headKernel}, in its packed layout.
   */
  private final float[] headKernelGradient = new float[headKernel.length];

  /**
   * The loss's gradient with respect to {@code headBias}, in its packed layout.
   */
  private final float[] headBiasGradient = new float[headBias.length];

  /**
   * The threads of the running fit's {@code threads} option; null: the step runs on this thread.
   */
  private ShardPool trainPool;

  /**
   * Copies of this model that run shards 1, 2, ... of a batch split across threads (shard 0 is
   * this model); made by the first such step.
   */
  private RnncTagged[] trainShards = new RnncTagged[0];

  /**
   * The gradients of {@code trainShards}, in shard order.
   */
  private float[][][] shardGradients = new float[0][][];

  /**
   * The split step's batch, samples and shard count, for the shards' tasks.
   */
  private int[][] shardX;

  private int[] shardOrder;

  private int shardFrom;

  private int shardCount;

  private int shardTotal;

  private boolean shardTraining;

  /**
   * In a step split across threads, the model whose distinct tokens index the whole batch (shard 0's,
   * this model of the shards' copies), whose projection of them every shard reads; else null: a
   * forward pass indexes and projects its own samples' tokens.
   */
  private RnncTagged trainTokensWhole;

  /**
   * {@code shardForward} as the pool's task (a field: a step allocates nothing).
   */
  private final IntConsumer shardForward = this::shardForward;

  /**
   * {@code shardBackward} as the pool's task (a field: a step allocates nothing).
   */
  private final IntConsumer shardBackward = this::shardBackward;

  /**
   * {@code shardSum} as the pool's task (a field: a step allocates nothing).
   */
  private final IntConsumer shardSum = this::shardSum;

  /**
   * {@code shardTokenProjection} as the pool's task (a field: a step allocates nothing).
   */
  private final IntConsumer shardTokenProjection = this::shardTokenProjection;

  /**
   * {@code shardTokenGradients} as the pool's task (a field: a step allocates nothing).
   */
  private final IntConsumer shardTokenGradients = this::shardTokenGradients;

  /**
   * The trained weights, in the order of {@code trainGradients}.
   */
  private final float[][] trainParameters = {embedEmbeddings, gruKernel, gruRecurrentKernel, gruBias, headKernel, headBias};

  private final float[][] trainGradients = {embedEmbeddingsGradient, gruKernelGradient, gruRecurrentKernelGradient, gruBiasGradient, headKernelGradient, headBiasGradient};

  /**
   * Made by the first {@code trainingState()}.
   */
  private TrainingState trainingState;

  /**
   * A model with new weights, or with those of {@code from} (the same arrays) for {@link
   * #copy()}. The weights are assigned before {@code super()}, so that the field
   * initializers that follow may read them.
   */
  private RnncTagged(RnncTagged from) {
    embedEmbeddings = from != null ? from.embedEmbeddings : new float[EMBED_INPUT_DIM * EMBED_STRIDE];
    gruKernel = from != null ? from.gruKernel : new float[EMBED_OUTPUT_DIM * GRU_GATES];
    gruRecurrentKernel = from != null ? from.gruRecurrentKernel : new float[GRU_UNITS * GRU_GATES];
    gruBias = from != null ? from.gruBias : new float[2 * GRU_GATES];
    headKernel = from != null ? from.headKernel : new float[GRU_UNITS * HEAD_STRIDE];
    headBias = from != null ? from.headBias : new float[HEAD_STRIDE];
    gruFolded = from != null ? from.gruFolded : new FoldedTable(EMBED_INPUT_DIM * GRU_GATES);
    super();
    embedLayer = new Layer("embed", "Embedding", EMBED_CONFIG, from != null ? from.embedLayer.variables() : List.of(
        new Variable("embeddings", PackedLayout.matrix(EMBED_INPUT_DIM, EMBED_OUTPUT_DIM, 0), embedEmbeddings, Initializer.uniform(0.05))));
    gruLayer = new Layer("gru", "GRU", GRU_CONFIG, from != null ? from.gruLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(EMBED_OUTPUT_DIM, GRU_UNITS, 0, 1, 2), gruKernel, Initializer.glorotUniform()),
        new Variable("recurrent_kernel", PackedLayout.matrix(GRU_UNITS, GRU_UNITS, 0, 1, 2), gruRecurrentKernel, Initializer.orthogonal()),
        new Variable("bias", PackedLayout.matrix(2, GRU_UNITS, 0, 1, 2), gruBias, Initializer.zeros())));
    headLayer = new Layer("head", "Dense", HEAD_CONFIG, from != null ? from.headLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(GRU_UNITS, HEAD_UNITS, 0), headKernel, Initializer.glorotUniform()),
        new Variable("bias", PackedLayout.vector(HEAD_UNITS, 0), headBias, Initializer.zeros())));
    layers = List.of(embedLayer, gruLayer, headLayer);
    gruStep = from != null ? from.gruStep : Cells.gruStep(layers, gruRecurrentKernel,
        GRU_UNITS, GRU_STRIDE, Activation.TANH, Activation.SIGMOID, true);
    headColumn = from != null ? from.headColumn : DenseColumn.of(layers, headKernel);
  }

  /**
   * A model with Keras-default initial weights (glorot_uniform kernels, orthogonal recurrent
   * kernels, zero biases, forget-gate biases 1), drawn from {@code seed}.
   */
  public static RnncTagged create(long seed) {
    RnncTagged model = new RnncTagged(null);
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
  public static RnncTagged load(Path path) throws IOException {
    RnncTagged model = new RnncTagged(null);
    Weights.load(path, model);
    return model;
  }

  /**
   * A model that shares this one's weights (the same arrays: weights set, loaded or trained
   * through either are the other's too) and has its own workspaces and carried states (zeros):
   * one per stream of a stateful model. Cheap: allocates no weights.
   */
  @Override
  public RnncTagged copy() {
    return new RnncTagged(this);
  }

  @Override
  public String modelName() {
    return "Tagged";
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
        ModelSummary.row(embedLayer, "(None, 6, 4)"),
        ModelSummary.row(gruLayer, "(None, 3)"),
        ModelSummary.row(headLayer, "(None, 1)")));
  }

  /**
   * Keras' {@code model.summary()} as Keras 3.15 prints it (see {@link #modelSummary()}).
   */
  public String summary() {
    return modelSummary().format();
  }

  @Override
  public Layer embed() {
    return embedLayer;
  }

  @Override
  public Layer gru() {
    return gruLayer;
  }

  @Override
  public Layer head() {
    return headLayer;
  }

  /**
   * Keras' {@code fit}: trains on {@code x} against {@code y}.
   */
  @Override
  public History fit(int[][] x, float[][] y, FitOptions options) {
    Inputs.checkTokenBatch(x, "x", TIMESTEPS, EMBED_INPUT_DIM);
    trainingOutput.check(x.length, y);
    TrainingData data = TrainingData.of(x.length, (order, from, count, weights, training) ->
         trainStep(x, y, order, from, count, weights, training));
    data = data.withClasses(SampleClasses.of(y));
    FitLoop loop = new FitLoop(optimizer, trainingOutput.metrics(), trainingState());
    try (ShardPool pool = ShardPool.forFit(options)) {
      trainPool = pool;
      return loop.fit(data, options);
    } finally {
      trainPool = null;
    }
  }

  /**
   * One batch, samples {@code order[from] .. order[from + count - 1]}: forwards, the loss,
   * and with {@code training} backwards and one optimizer step (skipped when the
   * loss is not finite, so the weights stay those of the last finite batch).
   */
  private double trainStep(int[][] x, float[][] y, int[] order, int from, int count,
      float[] sampleWeights, boolean training) {
    ensureTraining(count);
    trainingOutput.gather(y, order, from, count, sampleWeights);
    int shards = trainPool == null ? 1 : Math.min(trainPool.threads(), count);
    if (shards > 1) {
      shardedForward(x, order, from, count, shards, training);
    } else {
      trainTokensWhole = null;
      trainForward(x, order, from, count, training);
    }
    double loss = trainingOutput.compute(count, headTrainOutput,
        headTrainPreActivation, null, training);
    if (!training || !Double.isFinite(loss)) {
      return loss;
    }
    System.arraycopy(trainingOutput.gradient(), 0, headTrainDOutput, 0, count * HEAD_STRIDE);
    if (shards > 1) {
      shardedBackward(count, shards);
    } else {
      trainBackward(count);
    }
    // its elementwise work split across the fit's threads, if any: the same bits
    optimizer.apply(trainParameters, trainGradients, trainPool);
    // in place: a folded table or an aligned kernel copy must see the new weights
    trainingState().parametersChanged();
    return loss;
  }

  /**
   * Packs samples {@code order[from] .. order[from + count - 1]} of every input and runs
   * them forwards through every layer, saving what {@code trainBackward} reads
   * ({@code training}: as in training, Dropout dropping).
   */
  private void trainForward(int[][] x, int[] order, int from, int count, boolean training) {
    ensureTraining(count);
    for (int b = 0; b < count; b++) {
      System.arraycopy(x[order[from + b]], 0, trainIds, b * TIMESTEPS, TIMESTEPS);
    }
    // embed: the row of the table of each distinct token of the batch (the reader projects each once);
    // a step split across threads did this for the whole batch (shardedForward)
    if (trainTokensWhole == null) {
      embedTrainTokens.index(trainIds, count, TIMESTEPS);
      Embeddings.lookup(embedTrainTokens.ids(), embedTrainTokens.count(), embedEmbeddings, EMBED_STRIDE, embedTrainOutput, 0);
    }
    Masks.fromIds(trainIds, count * TIMESTEPS, trainMask);
    // gru: x·W + b once per distinct token (in a step split across threads, once for the whole batch:
    // shardTokenProjection), then every timestep its positions' rows gathered just before
    // the step that reads them, the cells saving what BPTT needs.
    if (trainTokensWhole == null) {
      Kernels.matmul(embedTrainOutput, 0, EMBED_STRIDE, embedTrainTokens.count(), EMBED_OUTPUT_DIM,
          gruKernel, 0, GRU_GATES, GRU_GATES, gruBias, 0, gruTrainTokenProjection, 0, GRU_GATES);
    }
    float[] gruTokenRows = trainTokensWhole == null ? gruTrainTokenProjection : trainTokensWhole.gruTrainTokenProjection;
    Arrays.fill(gruTrainH, 0, count * GRU_STRIDE, 0f);
    for (int step = 0; step < TIMESTEPS; step++) {
      int t = TIMESTEPS - 1 - step;
      embedTrainTokens.gather(gruTokenRows, GRU_GATES, t, TIMESTEPS, count,
          gruTrainProjection, t * GRU_GATES, TIMESTEPS * GRU_GATES);
      System.arraycopy(gruTrainH, 0, gruTrainPreviousH, 0, count * GRU_STRIDE);
      CellGradients.gruForward(count, gruTrainProjection, t * GRU_GATES, TIMESTEPS * GRU_GATES,
          gruRecurrentKernel, gruBias, GRU_GATES, GRU_UNITS, GRU_STRIDE,
          gruTrainGates, gruTrainH, GRU_STRIDE, Activation.TANH, Activation.SIGMOID,
          gruTrainSaved, t * count * GRU_RECORD);
      // masked samples keep their states, as Keras
      for (int b = 0; b < count; b++) {
        if (!trainMask[b * TIMESTEPS + t]) {
          System.arraycopy(gruTrainPreviousH, b * GRU_STRIDE, gruTrainH, b * GRU_STRIDE, GRU_STRIDE);
        }
      }
    }
    // head: one product over the batch's rows.
    Kernels.matmulColumn(gruTrainH, 0, GRU_STRIDE, count, GRU_UNITS,
        headColumn.current(), 0, HEAD_STRIDE, headBias, 0, headTrainOutput, 0, HEAD_STRIDE);
    System.arraycopy(headTrainOutput, 0, headTrainPreActivation, 0, count * HEAD_STRIDE);
    Kernels.activateRepeatably(Activation.SIGMOID, headTrainOutput, 0, count * HEAD_STRIDE);
  }

  /**
   * Runs the {@code count} samples of the last {@code trainForward} backwards from the
   * output's gradient in {@code headTrainDOutput}, into {@code trainGradients}.
   */
  private void trainBackward(int count) {
    for (float[] gradient : trainGradients) {
      Arrays.fill(gradient, 0f);
    }
    // head: the activation's gradient, then the product's.
    // (the loss's gradient is already the logits', as Keras computes it from them)
    ProjectionGradients.kernel(count, gruTrainH, 0, GRU_STRIDE, GRU_UNITS, headTrainDOutput, 0, HEAD_STRIDE, HEAD_STRIDE, headKernelGradient);
    ProjectionGradients.bias(count, headTrainDOutput, 0, HEAD_STRIDE, HEAD_STRIDE, headBiasGradient, 0);
    ProjectionGradients.input(count, headTrainDOutput, 0, HEAD_STRIDE, HEAD_STRIDE, headKernel, GRU_UNITS, gruTrainDOutput, 0, GRU_STRIDE);
    // gru: BPTT from the last timestep to the first, then the projection's gradients;
    // each step writes its rows' gradient over the projection rows it read.
    System.arraycopy(gruTrainDOutput, 0, gruTrainDh, 0, count * GRU_STRIDE);
    CellGradients.gruTranspose(gruRecurrentKernel, GRU_UNITS, GRU_STRIDE, gruTrainRecurrentTransposed);
    embedTrainTokens.startSums();
    for (int step = TIMESTEPS - 1; step >= 0; step--) {
      int t = TIMESTEPS - 1 - step;
      CellGradients.gruBackwardTransposed(count, gruTrainProjection, t * GRU_GATES, TIMESTEPS * GRU_GATES,
          gruRecurrentKernel, gruBias, GRU_GATES, GRU_UNITS, GRU_STRIDE,
          gruTrainSaved, t * count * GRU_RECORD, trainMask, t, TIMESTEPS, gruTrainDh, GRU_STRIDE,
          gruTrainProjection, gruRecurrentKernelGradient, gruBiasGradient, GRU_GATES,
          gruTrainScratch, Activation.TANH, Activation.SIGMOID, gruTrainRecurrentTransposed);
      // the step's rows of the projection's gradient added to their tokens' sums
      embedTrainTokens.sum(gruTrainProjection, t * GRU_GATES, TIMESTEPS * GRU_GATES, t, TIMESTEPS, count, GRU_GATES, gruTrainTokenProjection);
    }
    // the projection's gradients over the distinct tokens' sums (a step split across threads takes
    // them over the shards' sums added up: shardTokenGradients)
    if (trainTokensWhole == null) {
      ProjectionGradients.kernel(embedTrainTokens.count(), embedTrainOutput, 0, EMBED_STRIDE, EMBED_OUTPUT_DIM, gruTrainTokenProjection, 0, GRU_GATES, GRU_GATES, gruKernelGradient);
      ProjectionGradients.bias(embedTrainTokens.count(), gruTrainTokenProjection, 0, GRU_GATES, GRU_GATES, gruBiasGradient, 0);
      ProjectionGradients.input(embedTrainTokens.count(), gruTrainTokenProjection, 0, GRU_GATES, GRU_GATES, gruKernel, EMBED_OUTPUT_DIM, embedTrainDOutput, 0, EMBED_STRIDE);
    }
    // embed: each token's row gradient added to its table row (Keras applies the table's gradient whole).
    // (a step split across threads adds them in shardTokenGradients)
    if (trainTokensWhole == null) {
      embedTrainTouched.clear();
      EmbeddingGradients.accumulate(embedTrainTokens.ids(), 0, embedTrainTokens.count(), embedTrainDOutput, 0, EMBED_STRIDE, EMBED_OUTPUT_DIM, embedEmbeddingsGradient, EMBED_STRIDE, embedTrainTouched);
    }
  }

  /**
   * {@code trainForward} split into {@code shards} shards on {@code trainPool}, then the shards'
   * output rows gathered into this model's.
   */
  private void shardedForward(int[][] x, int[] order, int from, int count, int shards,
      boolean training) {
    if (trainShards.length < shards - 1) {
      RnncTagged[] grown = Arrays.copyOf(trainShards, shards - 1);
      shardGradients = Arrays.copyOf(shardGradients, shards - 1);
      for (int s = trainShards.length; s < grown.length; s++) {
        grown[s] = new RnncTagged(this);
        shardGradients[s] = grown[s].trainGradients;
      }
      trainShards = grown;
    }
    shardX = x;
    shardOrder = order;
    shardFrom = from;
    shardCount = count;
    shardTotal = shards;
    shardTraining = training;
    // the whole batch's distinct tokens, indexed once, projected across the pool, read by every shard
    for (int b = 0; b < count; b++) {
      System.arraycopy(x[order[from + b]], 0, trainIds, b * TIMESTEPS, TIMESTEPS);
    }
    embedTrainTokens.index(trainIds, count, TIMESTEPS);
    trainPool.run(shards, shardTokenProjection);
    trainTokensWhole = this;
    for (int s = 1; s < shards; s++) {
      int start = ShardPool.start(s, shards, count);
      RnncTagged shard = trainShards[s - 1];
      // its buffers first, so that its own forward pass does not replace them
      shard.ensureTraining(ShardPool.start(s + 1, shards, count) - start);
      shard.trainTokensWhole = this;
      shard.embedTrainTokens.useIndexOf(embedTrainTokens, start * TIMESTEPS);
      if (shard.gruTrainTokenProjection.length < embedTrainTokens.count() * GRU_GATES) {
        shard.gruTrainTokenProjection = new float[gruTrainTokenProjection.length];
      }
    }
    trainPool.run(shards, shardForward);
    // the fit's data is not the model's to keep
    shardX = null;
    shardOrder = null;
    for (int s = 1; s < shards; s++) {
      int start = ShardPool.start(s, shards, count);
      int samples = ShardPool.start(s + 1, shards, count) - start;
      RnncTagged shard = trainShards[s - 1];
      System.arraycopy(shard.headTrainOutput, 0, headTrainOutput, start * HEAD_STRIDE, samples * HEAD_STRIDE);
      System.arraycopy(shard.headTrainPreActivation, 0, headTrainPreActivation, start * HEAD_STRIDE, samples * HEAD_STRIDE);
    }
  }

  /**
   * Shard {@code s} of a split forward pass: its model (a copy takes this model's weights first)
   * runs its samples.
   */
  private void shardForward(int s) {
    int start = ShardPool.start(s, shardTotal, shardCount);
    int samples = ShardPool.start(s + 1, shardTotal, shardCount) - start;
    if (s == 0) {
      trainForward(shardX, shardOrder, shardFrom, samples, shardTraining);
    } else {
      RnncTagged shard = trainShards[s - 1];
      ShardedStep.copyWeights(layers, shard.layers);
      shard.trainForward(shardX, shardOrder, shardFrom + start, samples, shardTraining);
    }
  }

  /**
   * {@code trainBackward} split as the last {@code shardedForward}: each shard gets its rows of the
   * loss's gradient, and the shards' gradients are added to this model's in shard order,
   * the arrays' index ranges split across the pool.
   */
  private void shardedBackward(int count, int shards) {
    for (int s = 1; s < shards; s++) {
      int start = ShardPool.start(s, shards, count);
      int samples = ShardPool.start(s + 1, shards, count) - start;
      System.arraycopy(headTrainDOutput, start * HEAD_STRIDE, trainShards[s - 1].headTrainDOutput, 0, samples * HEAD_STRIDE);
    }
    shardCount = count;
    shardTotal = shards;
    trainPool.run(shards, shardBackward);
    trainPool.run(shards, shardTokenGradients);
    trainPool.run(trainPool.threads(), shardSum);
  }

  /**
   * Shard {@code s} of a split backward pass.
   */
  private void shardBackward(int s) {
    int start = ShardPool.start(s, shardTotal, shardCount);
    int samples = ShardPool.start(s + 1, shardTotal, shardCount) - start;
    (s == 0 ? this : trainShards[s - 1]).trainBackward(samples);
  }

  /**
   * Part {@code part} of adding the shards' gradients to this model's, in shard order.
   */
  private void shardSum(int part) {
    ShardedStep.addGradients(trainGradients, shardGradients, shardTotal - 1, part, trainPool.threads());
  }

  /**
   * Part {@code part} of the whole batch's distinct tokens: their table rows looked up and projected.
   */
  private void shardTokenProjection(int part) {
    int embedFirst = ShardPool.start(part, shardTotal, embedTrainTokens.count());
    int embedPartRows = ShardPool.start(part + 1, shardTotal, embedTrainTokens.count()) - embedFirst;
    Embeddings.lookup(embedTrainTokens.ids(), embedFirst, embedPartRows, embedEmbeddings, EMBED_STRIDE, embedTrainOutput, embedFirst * EMBED_STRIDE);
    Kernels.matmul(embedTrainOutput, embedFirst * EMBED_STRIDE, EMBED_STRIDE, embedPartRows, EMBED_OUTPUT_DIM,
        gruKernel, 0, GRU_GATES, GRU_GATES, gruBias, 0,
        gruTrainTokenProjection, embedFirst * GRU_GATES, GRU_GATES);
  }

  /**
   * Part {@code part} of the whole batch's distinct tokens after the shards' backward passes: the shards'
   * sums of its rows added up in shard order, then the projection's and the table's gradients of
   * those rows, into the part's model (the shards' gradients are added up after).
   */
  private void shardTokenGradients(int part) {
    RnncTagged into = part == 0 ? this : trainShards[part - 1];
    int embedFirst = ShardPool.start(part, shardTotal, embedTrainTokens.count());
    int embedPartRows = ShardPool.start(part + 1, shardTotal, embedTrainTokens.count()) - embedFirst;
    for (int s = 1; s < shardTotal; s++) {
      embedTrainTokens.addSums(trainShards[s - 1].embedTrainTokens, trainShards[s - 1].gruTrainTokenProjection, gruTrainTokenProjection, GRU_GATES, embedFirst, embedPartRows);
    }
    ProjectionGradients.kernel(embedPartRows, embedTrainOutput, embedFirst * EMBED_STRIDE, EMBED_STRIDE, EMBED_OUTPUT_DIM, gruTrainTokenProjection, embedFirst * GRU_GATES, GRU_GATES, GRU_GATES, into.gruKernelGradient);
    ProjectionGradients.bias(embedPartRows, gruTrainTokenProjection, embedFirst * GRU_GATES, GRU_GATES, GRU_GATES, into.gruBiasGradient, 0);
    ProjectionGradients.input(embedPartRows, gruTrainTokenProjection, embedFirst * GRU_GATES, GRU_GATES, GRU_GATES, gruKernel, EMBED_OUTPUT_DIM, embedTrainDOutput, embedFirst * EMBED_STRIDE, EMBED_STRIDE);
    into.embedTrainTouched.clear();
    EmbeddingGradients.accumulate(embedTrainTokens.ids(), embedFirst, embedPartRows, embedTrainDOutput, embedFirst * EMBED_STRIDE, EMBED_STRIDE, EMBED_OUTPUT_DIM, into.embedEmbeddingsGradient, EMBED_STRIDE, into.embedTrainTouched);
  }

  /**
   * Grows the training buffers to hold {@code batch} samples.
   */
  private void ensureTraining(int batch) {
    if (batch <= trainBatch) {
      return;
    }
    trainIds = new int[batch * TIMESTEPS];
    embedTrainOutput = new float[Math.min(batch * TIMESTEPS, EMBED_INPUT_DIM) * EMBED_STRIDE];
    embedTrainDOutput = new float[Math.min(batch * TIMESTEPS, EMBED_INPUT_DIM) * EMBED_STRIDE];
    trainMask = new boolean[batch * TIMESTEPS];
    gruTrainProjection = new float[batch * TIMESTEPS * GRU_GATES];
    gruTrainTokenProjection = new float[Math.min(batch * TIMESTEPS, EMBED_INPUT_DIM) * GRU_GATES];
    gruTrainH = new float[batch * GRU_STRIDE];
    gruTrainDh = new float[batch * GRU_STRIDE];
    gruTrainGates = new float[batch * GRU_GATES];
    gruTrainSaved = new float[TIMESTEPS * batch * GRU_RECORD];
    gruTrainScratch = new float[CellGradients.gruScratch(batch, GRU_STRIDE)];
    gruTrainPreviousH = new float[batch * GRU_STRIDE];
    gruTrainDOutput = new float[batch * GRU_STRIDE];
    headTrainOutput = new float[batch * HEAD_STRIDE];
    headTrainPreActivation = new float[batch * HEAD_STRIDE];
    headTrainDOutput = new float[batch * HEAD_STRIDE];
    trainBatch = batch;
  }

  /**
   * The optimizer's state, Dropout's draws and the fit's progress, for {@code TrainingCheckpoint}.
   */
  @Override
  public TrainingState trainingState() {
    if (trainingState == null) {
      trainingState = new TrainingState(this, optimizer, trainParameters, null,
          path -> Weights.save(path, this));
    }
    return trainingState;
  }

  /**
   * {@code gruFolded}'s values ({@code embeddings·kernel + bias}, every token's input projection),
   * rebuilt first when the embedding, kernel or bias changed since they were built; one call
   * rebuilds them while calls that overlap, on this model or a copy, wait.
   */
  private float[] foldEmbedding() {
    int version = embedLayer.variables().get(0).version() + gruLayer.variables().get(0).version() + gruLayer.variables().get(2).version();
    if (!gruFolded.isBuiltFrom(version)) {
      synchronized (gruFolded) {
        if (!gruFolded.isBuiltFrom(version)) {
          float[] values = gruFolded.values();
          Kernels.matmul(embedEmbeddings, 0, EMBED_STRIDE, EMBED_INPUT_DIM, EMBED_OUTPUT_DIM,
              gruKernel, 0, GRU_GATES, GRU_GATES, gruBias, 0, values, 0, GRU_GATES);
          gruFolded.built(version);
        }
      }
    }
    return gruFolded.values();
  }

  /**
   * The arrays one call computes in and the methods that run the layers (over the model's
   * weights). A call has a workspace to itself from taking it to giving it back.
   */
  private final class Workspace {
    /**
     * Which timesteps are real (true) or padding, written by the layer that makes the mask.
     */
    private final boolean[] mask = new boolean[TIMESTEPS];

    private final float[] gruProjection = new float[TIMESTEPS * GRU_GATES];

    private final float[] gruH = new float[GRU_STRIDE];

    private final float[] gruGates = new float[GRU_GATES];

    private final float[] gruLast = new float[GRU_STRIDE];

    private final float[] headOutput = new float[HEAD_STRIDE];

    /**
     * Runs every layer on one sample that the caller has checked.
     */
    private void run(int[] ids) {
      runEmbed(ids);
      runGru();
      runHead();
    }

    /**
     * embed: @Embedding(inputDim = 20, outputDim = 4, maskZero = true), (6,) int32 -> (6, 4). Ids were range-checked at the call.
     */
    private void runEmbed(int[] ids) {
      // Folded (-Arnnc.foldEmbeddingMaxBytes): each token's row of x·W + b goes straight into gru's projection.
      Embeddings.lookup(ids, TIMESTEPS, foldEmbedding(), GRU_GATES, gruProjection);
      Masks.fromIds(ids, TIMESTEPS, mask);
    }

    /**
     * gru: @GRU(units = 3, goBackwards = true), (6, 4) -> (3,).
     */
    private void runGru() {
      // x·W + b of every timestep was gathered from the folded embedding table; only h·U stays in the loop.
      Arrays.fill(gruH, 0f);
      Arrays.fill(gruLast, 0f);
      for (int step = 0; step < TIMESTEPS; step++) {
        int t = TIMESTEPS - 1 - step;
        if (mask[t]) {
          gruStep.step(gruProjection, t * GRU_GATES, gruRecurrentKernel, gruBias, GRU_GATES,
              gruGates, gruH);
          System.arraycopy(gruH, 0, gruLast, 0, GRU_STRIDE);
        } else {
          // masked: the state carries over unchanged
        }
      }
    }

    /**
     * head: @Dense(units = 1, activation = "sigmoid"), (3,) -> (1,).
     */
    private void runHead() {
      Kernels.matmulColumn(gruLast, 0, GRU_STRIDE, 1, GRU_UNITS,
          headColumn.current(), 0, HEAD_STRIDE, headBias, 0, headOutput, 0, HEAD_STRIDE);
      Kernels.activate(Activation.SIGMOID, headOutput, 0, HEAD_STRIDE);
    }
  }
}
