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
import dev.rnnc.runtime.nn.CustomCellGradients;
import dev.rnnc.runtime.nn.DenseColumn;
import dev.rnnc.runtime.nn.EmbeddingGradients;
import dev.rnnc.runtime.nn.Embeddings;
import dev.rnnc.runtime.nn.Inputs;
import dev.rnnc.runtime.nn.Masks;
import dev.rnnc.runtime.nn.ProjectionGradients;
import dev.rnnc.runtime.nn.StackedCells;
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
 * The rnnc implementation of {@link Trained}.
 *
 * <pre>
 * input: (5,) int32
 * embed: @Embedding(inputDim = 10, outputDim = 4, maskZero = true), (5,) int32 -> (5, 4).
 * stack: @RNN(cells = {@Cell(type = GRUCell.class, units = 4), @Cell(type = Mine.class, units = 2)}, goBackwards = true), (5, 4) -> (3,).
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
public final class RnncTrained implements Trained, RnncModel, TrainableModel {
  static final int TIMESTEPS = 5;

  static final int EMBED_INPUT_DIM = 10;

  static final int EMBED_OUTPUT_DIM = 4;

  static final int EMBED_STRIDE = 16;

  static final int STACK_OUTPUT_SIZE = 3;

  static final int STACK_CELL0_UNITS = 4;

  static final int STACK_CELL0_STRIDE = 16;

  static final int STACK_CELL0_GATES = 3 * STACK_CELL0_STRIDE;

  static final int STACK_CELL1_UNITS = 2;

  static final int STACK_CELL1_OUTPUT_SIZE = 3;

  static final int HEAD_UNITS = 1;

  static final int HEAD_STRIDE = 16;

  /**
   * embed: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> EMBED_CONFIG = Map.ofEntries(
    Map.entry("input_dim", 10),
    Map.entry("output_dim", 4),
    Map.entry("mask_zero", true));

  /**
   * stack: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> STACK_CONFIG = Map.ofEntries(
    Map.entry("cell", Map.of("class_name", "StackedRNNCells", "config", Map.of("cells", List.of(
      Map.ofEntries(
        Map.entry("class_name", "GRUCell"),
        Map.entry("config", Map.ofEntries(
          Map.entry("units", 4),
          Map.entry("activation", "tanh"),
          Map.entry("recurrent_activation", "sigmoid"),
          Map.entry("reset_after", true),
          Map.entry("use_bias", true))),
        Map.entry("rnnc_key", "gru_cell")),
      Map.ofEntries(
        Map.entry("class_name", "Mine"),
        Map.entry("config", Map.ofEntries(
          Map.entry("units", 2))),
        Map.entry("rnnc_key", "mine"),
        Map.entry("rnnc_cell", "test.Mine")))))),
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
   * Floats stackCell0's training step saves per sample and timestep.
   */
  static final int STACK_CELL0_RECORD = CellGradients.gruRecord(STACK_CELL0_STRIDE);

  /**
   * Floats of stack cell 1's states, saved per sample and timestep.
   */
  static final int STACK_CELL1_TRAIN_STATE_FLOATS = 4;

  /**
   * embed: Keras {@code embeddings} (inputDim, outputDim).
   */
  private final float[] embedEmbeddings;

  /**
   * stackCell0: Keras {@code gru_cell/kernel} (EMBED_OUTPUT_DIM, 3·units), gate blocks z, r, h.
   */
  private final float[] stackCell0Kernel;

  /**
   * stackCell0: Keras {@code gru_cell/recurrent_kernel} (units, 3·units).
   */
  private final float[] stackCell0RecurrentKernel;

  /**
   * stackCell0: Keras {@code gru_cell/bias} (2, 3·units): input bias, then recurrent bias.
   */
  private final float[] stackCell0Bias;

  /**
   * head: Keras {@code kernel} (STACK_OUTPUT_SIZE, units).
   */
  private final float[] headKernel;

  /**
   * head: Keras {@code bias} (units,).
   */
  private final float[] headBias;

  private final Layer embedLayer;

  private final Layer stackLayer;

  /**
   * stackCell0's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.gruStep); shared with copies.
   */
  private final GruStep stackCell0Step;

  /**
   * stackCell1: the custom cell, which owns its weights.
   */
  private final Mine stackCell1;

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
   * The optimizer of @Compile, Keras' "sgd".
   */
  private Optimizer optimizer = KerasNames.optimizer("sgd", 0.0);

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
   * embed: every token's row.
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
   * The batch's mask in stack's processing order.
   */
  private boolean[] stackTrainMaskReversed = new boolean[0];

  /**
   * stackCell0: every sample's x·W + b.
   */
  private float[] stackCell0TrainProjection = new float[0];

  /**
   * stackCell0: each sample's state H.
   */
  private float[] stackCell0TrainH = new float[0];

  /**
   * stackCell0: the gradient of H.
   */
  private float[] stackCell0TrainDh = new float[0];

  /**
   * stackCell0: gate scratch.
   */
  private float[] stackCell0TrainGates = new float[0];

  /**
   * stackCell0: what each step saved.
   */
  private float[] stackCell0TrainSaved = new float[0];

  /**
   * stackCell0: backward scratch.
   */
  private float[] stackCell0TrainScratch = new float[0];

  /**
   * stackCell0: the recurrent kernel transposed, for the backward steps.
   */
  private final float[] stackCell0TrainRecurrentTransposed = new float[CellGradients.gruTransposedSize(STACK_CELL0_STRIDE)];

  /**
   * The loss's gradient with respect to {@code stackCell0Kernel}, in its packed layout.
   */
  private final float[] stackCell0KernelGradient = new float[stackCell0Kernel.length];

  /**
   * The loss's gradient with respect to {@code stackCell0RecurrentKernel}, in its packed layout.
   */
  private final float[] stackCell0RecurrentKernelGradient = new float[stackCell0RecurrentKernel.length];

  /**
   * The loss's gradient with respect to {@code stackCell0Bias}, in its packed layout.
   */
  private final float[] stackCell0BiasGradient = new float[stackCell0Bias.length];

  /**
   * stackCell0: state H before the step.
   */
  private float[] stackCell0TrainPreviousH = new float[0];

  /**
   * stackCell0: every sample's output sequence.
   */
  private float[] stackCell0TrainOutput = new float[0];

  /**
   * stackCell0: the output's gradient.
   */
  private float[] stackCell0TrainDOutput = new float[0];

  /**
   * stack cell 1: each sample's states.
   */
  private float[][][] stackCell1TrainStates = new float[0][][];

  /**
   * stack cell 1: the gradient of each sample's states.
   */
  private float[][][] stackCell1TrainDStates = new float[0][][];

  /**
   * stack cell 1: each sample's states before each timestep.
   */
  private float[] stackCell1TrainSaved = new float[0];

  /**
   * stack cell 1: the output rows.
   */
  private float[] stackCell1TrainLast = new float[0];

  /**
   * stack cell 1: the output's gradient.
   */
  private float[] stackCell1TrainDOutput = new float[0];

  /**
   * stack cell 1: the gradient of each sample's latest output, on its way to the step that made it.
   */
  private float[] stackCell1TrainCarry = new float[0];

  /**
   * stack cell 1: the states before the step going backwards.
   */
  private final float[][] stackCell1TrainBefore = {new float[2], new float[2]};

  /**
   * stack cell 1: one step's output.
   */
  private final float[] stackCell1TrainStep = new float[STACK_CELL1_OUTPUT_SIZE];

  /**
   * stack cell 1: the gradient of one step's output.
   */
  private final float[] stackCell1TrainDStep = new float[STACK_CELL1_OUTPUT_SIZE];

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
  private RnncTrained[] trainShards = new RnncTrained[0];

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
   * The trained weights, in the order of {@code trainGradients}.
   */
  private final float[][] trainParameters = CustomCellGradients.parameters(new float[][] {embedEmbeddings, stackCell0Kernel, stackCell0RecurrentKernel, stackCell0Bias, headKernel, headBias}, stackCell1);

  private final float[][] trainGradients = CustomCellGradients.gradients(new float[][] {embedEmbeddingsGradient, stackCell0KernelGradient, stackCell0RecurrentKernelGradient, stackCell0BiasGradient, headKernelGradient, headBiasGradient}, stackCell1);

  /**
   * Made by the first {@code trainingState()}.
   */
  private TrainingState trainingState;

  /**
   * A model with new weights, or with those of {@code from}.
   */
  private RnncTrained(RnncTrained from) {
    this(from, false);
  }

  /**
   * A model with new weights, or with those of {@code from} (the same arrays) for {@link
   * #copy()}. The weights are assigned before {@code super()}, so that the field
   * initializers that follow may read them.
   * With {@code ownCells}, a training shard's copy: the same weight arrays, but custom cells of its
   * own, whose weights the shard copies from {@code from}'s before each step.
   */
  private RnncTrained(RnncTrained from, boolean ownCells) {
    embedEmbeddings = from != null ? from.embedEmbeddings : new float[EMBED_INPUT_DIM * EMBED_STRIDE];
    stackCell0Kernel = from != null ? from.stackCell0Kernel : new float[EMBED_OUTPUT_DIM * STACK_CELL0_GATES];
    stackCell0RecurrentKernel = from != null ? from.stackCell0RecurrentKernel : new float[STACK_CELL0_UNITS * STACK_CELL0_GATES];
    stackCell0Bias = from != null ? from.stackCell0Bias : new float[2 * STACK_CELL0_GATES];
    headKernel = from != null ? from.headKernel : new float[STACK_OUTPUT_SIZE * HEAD_STRIDE];
    headBias = from != null ? from.headBias : new float[HEAD_STRIDE];
    stackCell1 = from != null && !ownCells ? from.stackCell1 : new Mine(STACK_CELL0_UNITS, STACK_CELL1_UNITS);
    super();
    embedLayer = new Layer("embed", "Embedding", EMBED_CONFIG, from != null ? from.embedLayer.variables() : List.of(
        new Variable("embeddings", PackedLayout.matrix(EMBED_INPUT_DIM, EMBED_OUTPUT_DIM, 0), embedEmbeddings, Initializer.uniform(0.05))));
    stackLayer = new Layer("stack", "RNN", STACK_CONFIG, StackedCells.concat(
        List.of(
        new Variable("gru_cell/kernel", PackedLayout.matrix(EMBED_OUTPUT_DIM, STACK_CELL0_UNITS, 0, 1, 2), stackCell0Kernel, Initializer.glorotUniform()),
        new Variable("gru_cell/recurrent_kernel", PackedLayout.matrix(STACK_CELL0_UNITS, STACK_CELL0_UNITS, 0, 1, 2), stackCell0RecurrentKernel, Initializer.orthogonal()),
        new Variable("gru_cell/bias", PackedLayout.matrix(2, STACK_CELL0_UNITS, 0, 1, 2), stackCell0Bias, Initializer.zeros())),
        StackedCells.prefixed("mine", stackCell1.variables())));
    headLayer = new Layer("head", "Dense", HEAD_CONFIG, from != null ? from.headLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(STACK_OUTPUT_SIZE, HEAD_UNITS, 0), headKernel, Initializer.glorotUniform()),
        new Variable("bias", PackedLayout.vector(HEAD_UNITS, 0), headBias, Initializer.zeros())));
    layers = List.of(embedLayer, stackLayer, headLayer);
    stackCell0Step = from != null ? from.stackCell0Step :
        Cells.gruStep(layers, stackCell0RecurrentKernel,
        STACK_CELL0_UNITS, STACK_CELL0_STRIDE, Activation.TANH, Activation.SIGMOID, true);
    headColumn = from != null ? from.headColumn : DenseColumn.of(layers, headKernel);
  }

  /**
   * A model with Keras-default initial weights (glorot_uniform kernels, orthogonal recurrent
   * kernels, zero biases, forget-gate biases 1), drawn from {@code seed}.
   */
  public static RnncTrained create(long seed) {
    RnncTrained model = new RnncTrained(null);
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
  public static RnncTrained load(Path path) throws IOException {
    RnncTrained model = new RnncTrained(null);
    Weights.load(path, model);
    return model;
  }

  /**
   * A model that shares this one's weights (the same arrays: weights set, loaded or trained
   * through either are the other's too) and has its own workspaces and carried states (zeros):
   * one per stream of a stateful model. Cheap: allocates no weights.
   */
  @Override
  public RnncTrained copy() {
    return new RnncTrained(this);
  }

  @Override
  public String modelName() {
    return "Trained";
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
        ModelSummary.row(embedLayer, "(None, 5, 4)"),
        ModelSummary.row(stackLayer, "(None, 3)"),
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
  public Layer stack() {
    return stackLayer;
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
    // embed: each token's row of the table.
    Embeddings.lookup(trainIds, count * TIMESTEPS, embedEmbeddings, EMBED_STRIDE, embedTrainOutput, 0);
    Masks.fromIds(trainIds, count * TIMESTEPS, trainMask);
    for (int b = 0; b < count; b++) {
      for (int t = 0; t < TIMESTEPS; t++) {
        stackTrainMaskReversed[b * TIMESTEPS + t] = trainMask[b * TIMESTEPS + TIMESTEPS - 1 - t];
      }
    }
    // stackCell0: every timestep, x·W + b of the batch's rows just before the step that reads them,
    // the cells saving what BPTT needs.
    Arrays.fill(stackCell0TrainH, 0, count * STACK_CELL0_STRIDE, 0f);
    for (int step = 0; step < TIMESTEPS; step++) {
      int t = TIMESTEPS - 1 - step;
      Kernels.matmul(embedTrainOutput, t * EMBED_STRIDE, TIMESTEPS * EMBED_STRIDE, count, EMBED_OUTPUT_DIM,
          stackCell0Kernel, 0, STACK_CELL0_GATES, STACK_CELL0_GATES, stackCell0Bias, 0,
          stackCell0TrainProjection, t * STACK_CELL0_GATES, TIMESTEPS * STACK_CELL0_GATES);
      System.arraycopy(stackCell0TrainH, 0, stackCell0TrainPreviousH, 0, count * STACK_CELL0_STRIDE);
      CellGradients.gruForward(count, stackCell0TrainProjection, t * STACK_CELL0_GATES, TIMESTEPS * STACK_CELL0_GATES,
          stackCell0RecurrentKernel, stackCell0Bias, STACK_CELL0_GATES,
          STACK_CELL0_UNITS, STACK_CELL0_STRIDE,
          stackCell0TrainGates, stackCell0TrainH, STACK_CELL0_STRIDE,
          Activation.TANH, Activation.SIGMOID,
          stackCell0TrainSaved, t * count * STACK_CELL0_RECORD);
      // masked samples keep their states, as Keras
      for (int b = 0; b < count; b++) {
        if (!trainMask[b * TIMESTEPS + t]) {
          System.arraycopy(stackCell0TrainPreviousH, b * STACK_CELL0_STRIDE, stackCell0TrainH, b * STACK_CELL0_STRIDE, STACK_CELL0_STRIDE);
        }
      }
      for (int b = 0; b < count; b++) {
        System.arraycopy(stackCell0TrainH, b * STACK_CELL0_STRIDE, stackCell0TrainOutput, (b * TIMESTEPS + step) * STACK_CELL0_STRIDE, STACK_CELL0_STRIDE);
      }
    }
    // stack cell 1: the custom cell Mine at every timestep of every sample, its states saved before each step.
    CustomCellGradients.zero(stackCell1TrainStates, count);
    Arrays.fill(stackCell1TrainLast, 0, count * STACK_CELL1_OUTPUT_SIZE, 0f);
    for (int t = 0; t < TIMESTEPS; t++) {
      for (int b = 0; b < count; b++) {
        if (!stackTrainMaskReversed[b * TIMESTEPS + t]) {
          // masked: the states carry over, the output repeats (or zeroes)
          continue;
        }
        CustomCellGradients.save(stackCell1TrainStates[b], stackCell1TrainSaved, (b * TIMESTEPS + t) * STACK_CELL1_TRAIN_STATE_FLOATS);
        stackCell1.step(stackCell0TrainOutput, (b * TIMESTEPS + t) * STACK_CELL0_STRIDE, stackCell1TrainStates[b], stackCell1TrainStep);
        System.arraycopy(stackCell1TrainStep, 0, stackCell1TrainLast, b * STACK_CELL1_OUTPUT_SIZE, STACK_CELL1_OUTPUT_SIZE);
      }
    }
    // head: one product over the batch's rows.
    Kernels.matmulColumn(stackCell1TrainLast, 0, STACK_CELL1_OUTPUT_SIZE, count, STACK_CELL1_OUTPUT_SIZE,
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
    ProjectionGradients.kernel(count, stackCell1TrainLast, 0, STACK_CELL1_OUTPUT_SIZE, STACK_CELL1_OUTPUT_SIZE, headTrainDOutput, 0, HEAD_STRIDE, HEAD_STRIDE, headKernelGradient);
    ProjectionGradients.bias(count, headTrainDOutput, 0, HEAD_STRIDE, HEAD_STRIDE, headBiasGradient, 0);
    ProjectionGradients.input(count, headTrainDOutput, 0, HEAD_STRIDE, HEAD_STRIDE, headKernel, STACK_CELL1_OUTPUT_SIZE, stackCell1TrainDOutput, 0, STACK_CELL1_OUTPUT_SIZE);
    // stack cell 1: BPTT through the custom cell's backward step, last timestep first.
    CustomCellGradients.zero(stackCell1TrainDStates, count);
    Arrays.fill(stackCell0TrainDOutput, 0, count * TIMESTEPS * STACK_CELL0_STRIDE, 0f);
    System.arraycopy(stackCell1TrainDOutput, 0, stackCell1TrainCarry, 0, count * STACK_CELL1_OUTPUT_SIZE);
    for (int t = TIMESTEPS - 1; t >= 0; t--) {
      for (int b = 0; b < count; b++) {
        if (!stackTrainMaskReversed[b * TIMESTEPS + t]) {
          // a repeated output: its gradient goes on to the step that made it
          continue;
        }
        System.arraycopy(stackCell1TrainCarry, b * STACK_CELL1_OUTPUT_SIZE, stackCell1TrainDStep, 0, STACK_CELL1_OUTPUT_SIZE);
        Arrays.fill(stackCell1TrainCarry, b * STACK_CELL1_OUTPUT_SIZE, (b + 1) * STACK_CELL1_OUTPUT_SIZE, 0f);
        CustomCellGradients.load(stackCell1TrainSaved, (b * TIMESTEPS + t) * STACK_CELL1_TRAIN_STATE_FLOATS, stackCell1TrainBefore);
        stackCell1.backward(stackCell0TrainOutput, (b * TIMESTEPS + t) * STACK_CELL0_STRIDE, stackCell1TrainBefore, stackCell1TrainDStep, stackCell1TrainDStates[b], stackCell0TrainDOutput, (b * TIMESTEPS + t) * STACK_CELL0_STRIDE);
      }
    }
    // stackCell0: BPTT from the last timestep to the first, then the projection's gradients;
    // each step writes its rows' gradient over the projection rows it read.
    Arrays.fill(stackCell0TrainDh, 0, count * STACK_CELL0_STRIDE, 0f);
    CellGradients.gruTranspose(stackCell0RecurrentKernel, STACK_CELL0_UNITS, STACK_CELL0_STRIDE, stackCell0TrainRecurrentTransposed);
    for (int step = TIMESTEPS - 1; step >= 0; step--) {
      int t = TIMESTEPS - 1 - step;
      for (int b = 0; b < count; b++) {
        Kernels.add(stackCell0TrainDh, b * STACK_CELL0_STRIDE, stackCell0TrainDOutput, (b * TIMESTEPS + step) * STACK_CELL0_STRIDE, stackCell0TrainDh, b * STACK_CELL0_STRIDE, STACK_CELL0_UNITS);
      }
      CellGradients.gruBackwardTransposed(count, stackCell0TrainProjection, t * STACK_CELL0_GATES, TIMESTEPS * STACK_CELL0_GATES,
          stackCell0RecurrentKernel, stackCell0Bias, STACK_CELL0_GATES,
          STACK_CELL0_UNITS, STACK_CELL0_STRIDE,
          stackCell0TrainSaved, t * count * STACK_CELL0_RECORD, trainMask, t, TIMESTEPS,
          stackCell0TrainDh, STACK_CELL0_STRIDE,
          stackCell0TrainProjection, stackCell0RecurrentKernelGradient,
          stackCell0BiasGradient, STACK_CELL0_GATES,
          stackCell0TrainScratch, Activation.TANH, Activation.SIGMOID,
          stackCell0TrainRecurrentTransposed);
    }
    ProjectionGradients.kernel(count * TIMESTEPS, embedTrainOutput, 0, EMBED_STRIDE, EMBED_OUTPUT_DIM, stackCell0TrainProjection, 0, STACK_CELL0_GATES, STACK_CELL0_GATES, stackCell0KernelGradient);
    ProjectionGradients.bias(count * TIMESTEPS, stackCell0TrainProjection, 0, STACK_CELL0_GATES, STACK_CELL0_GATES, stackCell0BiasGradient, 0);
    ProjectionGradients.input(count * TIMESTEPS, stackCell0TrainProjection, 0, STACK_CELL0_GATES, STACK_CELL0_GATES, stackCell0Kernel, EMBED_OUTPUT_DIM, embedTrainDOutput, 0, EMBED_STRIDE);
    // embed: each token's row gradient added to its table row (Keras applies the table's gradient whole).
    embedTrainTouched.clear();
    EmbeddingGradients.accumulate(trainIds, 0, count * TIMESTEPS, embedTrainDOutput, 0, EMBED_STRIDE, EMBED_OUTPUT_DIM, embedEmbeddingsGradient, EMBED_STRIDE, embedTrainTouched);
  }

  /**
   * {@code trainForward} split into {@code shards} shards on {@code trainPool}, then the shards'
   * output rows gathered into this model's.
   */
  private void shardedForward(int[][] x, int[] order, int from, int count, int shards,
      boolean training) {
    if (trainShards.length < shards - 1) {
      RnncTrained[] grown = Arrays.copyOf(trainShards, shards - 1);
      shardGradients = Arrays.copyOf(shardGradients, shards - 1);
      for (int s = trainShards.length; s < grown.length; s++) {
        grown[s] = new RnncTrained(this, true);
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
    trainPool.run(shards, shardForward);
    // the fit's data is not the model's to keep
    shardX = null;
    shardOrder = null;
    for (int s = 1; s < shards; s++) {
      int start = ShardPool.start(s, shards, count);
      int samples = ShardPool.start(s + 1, shards, count) - start;
      RnncTrained shard = trainShards[s - 1];
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
      RnncTrained shard = trainShards[s - 1];
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
   * Grows the training buffers to hold {@code batch} samples.
   */
  private void ensureTraining(int batch) {
    if (batch <= trainBatch) {
      return;
    }
    trainIds = new int[batch * TIMESTEPS];
    embedTrainOutput = new float[batch * TIMESTEPS * EMBED_STRIDE];
    embedTrainDOutput = new float[batch * TIMESTEPS * EMBED_STRIDE];
    trainMask = new boolean[batch * TIMESTEPS];
    stackTrainMaskReversed = new boolean[batch * TIMESTEPS];
    stackCell0TrainProjection = new float[batch * TIMESTEPS * STACK_CELL0_GATES];
    stackCell0TrainH = new float[batch * STACK_CELL0_STRIDE];
    stackCell0TrainDh = new float[batch * STACK_CELL0_STRIDE];
    stackCell0TrainGates = new float[batch * STACK_CELL0_GATES];
    stackCell0TrainSaved = new float[TIMESTEPS * batch * STACK_CELL0_RECORD];
    stackCell0TrainScratch = new float[CellGradients.gruScratch(batch, STACK_CELL0_STRIDE)];
    stackCell0TrainPreviousH = new float[batch * STACK_CELL0_STRIDE];
    stackCell0TrainOutput = new float[batch * TIMESTEPS * STACK_CELL0_STRIDE];
    stackCell0TrainDOutput = new float[batch * TIMESTEPS * STACK_CELL0_STRIDE];
    stackCell1TrainStates = CustomCellGradients.states(batch, 2, 2);
    stackCell1TrainDStates = CustomCellGradients.states(batch, 2, 2);
    stackCell1TrainSaved = new float[batch * TIMESTEPS * STACK_CELL1_TRAIN_STATE_FLOATS];
    stackCell1TrainLast = new float[batch * STACK_CELL1_OUTPUT_SIZE];
    stackCell1TrainDOutput = new float[batch * STACK_CELL1_OUTPUT_SIZE];
    stackCell1TrainCarry = new float[batch * STACK_CELL1_OUTPUT_SIZE];
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
   * The arrays one call computes in and the methods that run the layers (over the model's
   * weights). A call has a workspace to itself from taking it to giving it back.
   */
  private final class Workspace {
    private final float[] embedOutput = new float[TIMESTEPS * EMBED_STRIDE];

    /**
     * Which timesteps are real (true) or padding, written by the layer that makes the mask.
     */
    private final boolean[] mask = new boolean[TIMESTEPS];

    private final float[] stackCell0Projection = new float[TIMESTEPS * STACK_CELL0_GATES];

    private final float[] stackCell0H = new float[STACK_CELL0_STRIDE];

    private final float[] stackCell0Gates = new float[STACK_CELL0_GATES];

    private final float[][] stackCell1States = {new float[2], new float[2]};

    private final float[] stackCell1Output = new float[STACK_CELL1_OUTPUT_SIZE];

    private final float[] stackLast = new float[STACK_OUTPUT_SIZE];

    private final float[] headOutput = new float[HEAD_STRIDE];

    /**
     * Runs every layer on one sample that the caller has checked.
     */
    private void run(int[] ids) {
      runEmbed(ids);
      runStack();
      runHead();
    }

    /**
     * embed: @Embedding(inputDim = 10, outputDim = 4, maskZero = true), (5,) int32 -> (5, 4). Ids were range-checked at the call.
     */
    private void runEmbed(int[] ids) {
      Embeddings.lookup(ids, TIMESTEPS, embedEmbeddings, EMBED_STRIDE, embedOutput);
      Masks.fromIds(ids, TIMESTEPS, mask);
    }

    /**
     * stack: @RNN(cells = {@Cell(type = GRUCell.class, units = 4), @Cell(type = Mine.class, units = 2)}, goBackwards = true), (5, 4) -> (3,).
     */
    private void runStack() {
      // cell input x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(embedOutput, 0, EMBED_STRIDE, TIMESTEPS, EMBED_OUTPUT_DIM,
          stackCell0Kernel, 0, STACK_CELL0_GATES, STACK_CELL0_GATES, stackCell0Bias, 0,
          stackCell0Projection, 0, STACK_CELL0_GATES);
      Arrays.fill(stackCell0H, 0f);
      for (float[] state : stackCell1States) {
        Arrays.fill(state, 0f);
      }
      Arrays.fill(stackLast, 0f);
      for (int step = 0; step < TIMESTEPS; step++) {
        int t = TIMESTEPS - 1 - step;
        if (mask[t]) {
          // cell 0: GRUCell(4)
          stackCell0Step.step(stackCell0Projection, t * STACK_CELL0_GATES,
              stackCell0RecurrentKernel, stackCell0Bias, STACK_CELL0_GATES,
              stackCell0Gates, stackCell0H);
          // cell 1: Mine(2), reading cell 0's output
          stackCell1.step(stackCell0H, 0, stackCell1States, stackCell1Output);
          System.arraycopy(stackCell1Output, 0, stackLast, 0, STACK_OUTPUT_SIZE);
        } else {
          // masked: no cell runs, every state carries over unchanged
        }
      }
    }

    /**
     * head: @Dense(units = 1, activation = "sigmoid"), (3,) -> (1,).
     */
    private void runHead() {
      Kernels.matmulColumn(stackLast, 0, STACK_OUTPUT_SIZE, 1, STACK_OUTPUT_SIZE,
          headColumn.current(), 0, HEAD_STRIDE, headBias, 0, headOutput, 0, HEAD_STRIDE);
      Kernels.activate(Activation.SIGMOID, headOutput, 0, HEAD_STRIDE);
    }
  }
}
