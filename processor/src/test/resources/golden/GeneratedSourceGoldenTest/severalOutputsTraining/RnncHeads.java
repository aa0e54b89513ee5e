package test;

import dev.rnnc.runtime.Initializer;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.ModelGraph;
import dev.rnnc.runtime.ModelSummary;
import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.io.Weights;
import dev.rnnc.runtime.nn.CellGradients;
import dev.rnnc.runtime.nn.Cells;
import dev.rnnc.runtime.nn.DenseColumn;
import dev.rnnc.runtime.nn.Inputs;
import dev.rnnc.runtime.nn.Merge;
import dev.rnnc.runtime.nn.ProjectionGradients;
import dev.rnnc.runtime.nn.WorkspacePool;
import dev.rnnc.runtime.simd.Activation;
import dev.rnnc.runtime.simd.GruStep;
import dev.rnnc.runtime.simd.Kernels;
import dev.rnnc.runtime.simd.LstmStep;
import dev.rnnc.runtime.train.FitLoop;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import dev.rnnc.runtime.train.KerasNames;
import dev.rnnc.runtime.train.Logs;
import dev.rnnc.runtime.train.Metrics;
import dev.rnnc.runtime.train.Optimizer;
import dev.rnnc.runtime.train.OutputLayout;
import dev.rnnc.runtime.train.SampleClasses;
import dev.rnnc.runtime.train.ShardPool;
import dev.rnnc.runtime.train.ShardedStep;
import dev.rnnc.runtime.train.TrainableModel;
import dev.rnnc.runtime.train.TrainingData;
import dev.rnnc.runtime.train.TrainingOutput;
import dev.rnnc.runtime.train.TrainingOutputs;
import dev.rnnc.runtime.train.TrainingState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntConsumer;
import javax.annotation.processing.Generated;

/**
 * The rnnc implementation of {@link Heads}.
 *
 * <pre>
 * input: (4, 2)
 * encoder: @Bidirectional(mergeMode = "none") @GRU(units = 3, returnSequences = true), (4, 2) -> (4, 3). Takes the input.
 * summary: @LSTM(units = 4), (4, 3) -> (4,). Takes encoder's forward output.
 * tags: @Dense(units = 3, activation = "softmax"), (4,) -> (3,). Takes summary.
 * score: @Dense(units = 1), (4,) -> (1,). Takes summary.
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
public final class RnncHeads implements Heads, RnncModel, TrainableModel {
  static final int TIMESTEPS = 4;

  static final int FEATURES = 2;

  static final int ENCODER_UNITS = 3;

  static final int ENCODER_STRIDE = 16;

  static final int ENCODER_GATES = 3 * ENCODER_STRIDE;

  static final int ENCODER_WIDTH = ENCODER_UNITS;

  static final int ENCODER_OUTPUT_STRIDE = 16;

  static final int SUMMARY_UNITS = 4;

  static final int SUMMARY_STRIDE = 16;

  static final int SUMMARY_GATES = 4 * SUMMARY_STRIDE;

  static final int TAGS_UNITS = 3;

  static final int TAGS_STRIDE = 16;

  static final int SCORE_UNITS = 1;

  static final int SCORE_STRIDE = 16;

  /**
   * encoder: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> ENCODER_CONFIG = Map.ofEntries(
    Map.entry("merge_mode", "none"),
    Map.entry("layer", Map.of("class_name", "GRU", "config", Map.ofEntries(
      Map.entry("units", 3),
      Map.entry("activation", "tanh"),
      Map.entry("recurrent_activation", "sigmoid"),
      Map.entry("reset_after", true),
      Map.entry("use_bias", true),
      Map.entry("return_sequences", true),
      Map.entry("return_state", false),
      Map.entry("go_backwards", false),
      Map.entry("stateful", false),
      Map.entry("unroll", false),
      Map.entry("zero_output_for_mask", false)))),
    Map.entry("rnnc_inbound", List.of("")));

  /**
   * summary: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> SUMMARY_CONFIG = Map.ofEntries(
    Map.entry("units", 4),
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
    Map.entry("rnnc_inbound", List.of("encoder.forward")));

  /**
   * tags: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> TAGS_CONFIG = Map.ofEntries(
    Map.entry("units", 3),
    Map.entry("activation", "softmax"),
    Map.entry("use_bias", true),
    Map.entry("rnnc_inbound", List.of("summary")));

  /**
   * score: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> SCORE_CONFIG = Map.ofEntries(
    Map.entry("units", 1),
    Map.entry("activation", "linear"),
    Map.entry("use_bias", true),
    Map.entry("rnnc_inbound", List.of("summary")));

  /**
   * Floats encoder's training step saves per sample and timestep.
   */
  static final int ENCODER_RECORD = CellGradients.gruRecord(ENCODER_STRIDE);

  /**
   * Floats summary's training step saves per sample and timestep.
   */
  static final int SUMMARY_RECORD = CellGradients.lstmRecord(SUMMARY_STRIDE);

  /**
   * encoderForward: Keras {@code forward_layer/kernel} (FEATURES, 3·units), gate blocks z, r, h.
   */
  private final float[] encoderForwardKernel;

  /**
   * encoderForward: Keras {@code forward_layer/recurrent_kernel} (units, 3·units).
   */
  private final float[] encoderForwardRecurrentKernel;

  /**
   * encoderForward: Keras {@code forward_layer/bias} (2, 3·units): input bias, then recurrent bias.
   */
  private final float[] encoderForwardBias;

  /**
   * encoderBackward: Keras {@code backward_layer/kernel} (FEATURES, 3·units), gate blocks z, r, h.
   */
  private final float[] encoderBackwardKernel;

  /**
   * encoderBackward: Keras {@code backward_layer/recurrent_kernel} (units, 3·units).
   */
  private final float[] encoderBackwardRecurrentKernel;

  /**
   * encoderBackward: Keras {@code backward_layer/bias} (2, 3·units): input bias, then recurrent bias.
   */
  private final float[] encoderBackwardBias;

  /**
   * summary: Keras {@code kernel} (ENCODER_UNITS, 4·units), gate blocks i, f, o, c.
   */
  private final float[] summaryKernel;

  /**
   * summary: Keras {@code recurrent_kernel} (units, 4·units).
   */
  private final float[] summaryRecurrentKernel;

  /**
   * summary: Keras {@code bias}.
   */
  private final float[] summaryBias;

  /**
   * tags: Keras {@code kernel} (SUMMARY_UNITS, units).
   */
  private final float[] tagsKernel;

  /**
   * tags: Keras {@code bias} (units,).
   */
  private final float[] tagsBias;

  /**
   * score: Keras {@code kernel} (SUMMARY_UNITS, units).
   */
  private final float[] scoreKernel;

  /**
   * score: Keras {@code bias} (units,).
   */
  private final float[] scoreBias;

  private final Layer encoderLayer;

  /**
   * encoderForward's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.gruStep); shared with copies.
   */
  private final GruStep encoderForwardStep;

  /**
   * encoderBackward's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.gruStep); shared with copies.
   */
  private final GruStep encoderBackwardStep;

  private final Layer summaryLayer;

  /**
   * summary's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.lstmStep); shared with copies.
   */
  private final LstmStep summaryStep;

  private final Layer tagsLayer;

  private final Layer scoreLayer;

  /**
   * score: its kernel's one column, contiguous, for {@code Kernels.matmulColumn}; copied again when
   * the kernel's variable changes; shared with copies.
   */
  private final DenseColumn scoreColumn;

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
   * The loss (categorical_crossentropy) and metrics of the output tags.
   */
  private final TrainingOutput tagsTrainingOutput = new TrainingOutput(KerasNames.loss("categorical_crossentropy"),
      List.of(Metrics.get("accuracy", "tags_accuracy", TAGS_UNITS, false)),
      new OutputLayout(1, TAGS_UNITS, TAGS_STRIDE), true, "y.tags()");

  /**
   * The loss (mse) and metrics of the output score.
   */
  private final TrainingOutput scoreTrainingOutput = new TrainingOutput(KerasNames.loss("mse"),
      List.of(), new OutputLayout(1, SCORE_UNITS, SCORE_STRIDE), false, "y.score()");

  /**
   * The loss (mse) and metrics of the output encoderBackward.
   */
  private final TrainingOutput encoderBackwardTrainingOutput = new TrainingOutput(KerasNames.loss("mse"),
      List.of(), new OutputLayout(TIMESTEPS, ENCODER_UNITS, ENCODER_STRIDE), false,
      "y.encoderBackward()");

  /**
   * The outputs' losses, summed with their weights (Keras' loss_weights).
   */
  private final TrainingOutputs trainingOutputs = new TrainingOutputs(List.of("tags", "score", "encoder"),
      List.of(tagsTrainingOutput, scoreTrainingOutput, encoderBackwardTrainingOutput),
      new double[] {1.0, 1.0, 0.5});

  /**
   * The batch size the training buffers hold; they grow, never shrink.
   */
  private int trainBatch;

  /**
   * The batch's samples, one after another.
   */
  private float[] trainInput = new float[0];

  /**
   * encoder: every sample's x·W + b.
   */
  private float[] encoderForwardTrainProjection = new float[0];

  /**
   * encoder: each sample's state H.
   */
  private float[] encoderForwardTrainH = new float[0];

  /**
   * encoder: the gradient of H.
   */
  private float[] encoderForwardTrainDh = new float[0];

  /**
   * encoder: gate scratch.
   */
  private float[] encoderForwardTrainGates = new float[0];

  /**
   * encoder: what each step saved.
   */
  private float[] encoderForwardTrainSaved = new float[0];

  /**
   * encoder: backward scratch.
   */
  private float[] encoderForwardTrainScratch = new float[0];

  /**
   * encoder: the recurrent kernel transposed, for the backward steps.
   */
  private final float[] encoderForwardTrainRecurrentTransposed = new float[CellGradients.gruTransposedSize(ENCODER_STRIDE)];

  /**
   * The loss's gradient with respect to {@code encoderForwardKernel}, in its packed layout.
   */
  private final float[] encoderForwardKernelGradient = new float[encoderForwardKernel.length];

  /**
   * The loss's gradient with respect to {@code encoderForwardRecurrentKernel}, in its packed layout.
   */
  private final float[] encoderForwardRecurrentKernelGradient = new float[encoderForwardRecurrentKernel.length];

  /**
   * The loss's gradient with respect to {@code encoderForwardBias}, in its packed layout.
   */
  private final float[] encoderForwardBiasGradient = new float[encoderForwardBias.length];

  /**
   * encoder: every sample's output sequence.
   */
  private float[] encoderForwardTrainOutput = new float[0];

  /**
   * encoder: the output's gradient.
   */
  private float[] encoderForwardTrainDOutput = new float[0];

  /**
   * encoder: every sample's x·W + b.
   */
  private float[] encoderBackwardTrainProjection = new float[0];

  /**
   * encoder: each sample's state H.
   */
  private float[] encoderBackwardTrainH = new float[0];

  /**
   * encoder: the gradient of H.
   */
  private float[] encoderBackwardTrainDh = new float[0];

  /**
   * encoder: gate scratch.
   */
  private float[] encoderBackwardTrainGates = new float[0];

  /**
   * encoder: what each step saved.
   */
  private float[] encoderBackwardTrainSaved = new float[0];

  /**
   * encoder: backward scratch.
   */
  private float[] encoderBackwardTrainScratch = new float[0];

  /**
   * encoder: the recurrent kernel transposed, for the backward steps.
   */
  private final float[] encoderBackwardTrainRecurrentTransposed = new float[CellGradients.gruTransposedSize(ENCODER_STRIDE)];

  /**
   * The loss's gradient with respect to {@code encoderBackwardKernel}, in its packed layout.
   */
  private final float[] encoderBackwardKernelGradient = new float[encoderBackwardKernel.length];

  /**
   * The loss's gradient with respect to {@code encoderBackwardRecurrentKernel}, in its packed layout.
   */
  private final float[] encoderBackwardRecurrentKernelGradient = new float[encoderBackwardRecurrentKernel.length];

  /**
   * The loss's gradient with respect to {@code encoderBackwardBias}, in its packed layout.
   */
  private final float[] encoderBackwardBiasGradient = new float[encoderBackwardBias.length];

  /**
   * encoder: every sample's output sequence.
   */
  private float[] encoderBackwardTrainOutput = new float[0];

  /**
   * encoder: the output's gradient.
   */
  private float[] encoderBackwardTrainDOutput = new float[0];

  /**
   * encoder: the backward outputs in input order.
   */
  private float[] encoderTrainBackwardRows = new float[0];

  /**
   * encoder: their gradient.
   */
  private float[] encoderTrainDBackwardRows = new float[0];

  /**
   * summary: every sample's x·W + b.
   */
  private float[] summaryTrainProjection = new float[0];

  /**
   * summary: each sample's state H.
   */
  private float[] summaryTrainH = new float[0];

  /**
   * summary: the gradient of H.
   */
  private float[] summaryTrainDh = new float[0];

  /**
   * summary: each sample's state C.
   */
  private float[] summaryTrainC = new float[0];

  /**
   * summary: the gradient of C.
   */
  private float[] summaryTrainDc = new float[0];

  /**
   * summary: gate scratch.
   */
  private float[] summaryTrainGates = new float[0];

  /**
   * summary: what each step saved.
   */
  private float[] summaryTrainSaved = new float[0];

  /**
   * summary: backward scratch.
   */
  private float[] summaryTrainScratch = new float[0];

  /**
   * summary: the recurrent kernel transposed, for the backward steps.
   */
  private final float[] summaryTrainRecurrentTransposed = new float[CellGradients.lstmTransposedSize(SUMMARY_STRIDE)];

  /**
   * The loss's gradient with respect to {@code summaryKernel}, in its packed layout.
   */
  private final float[] summaryKernelGradient = new float[summaryKernel.length];

  /**
   * The loss's gradient with respect to {@code summaryRecurrentKernel}, in its packed layout.
   */
  private final float[] summaryRecurrentKernelGradient = new float[summaryRecurrentKernel.length];

  /**
   * The loss's gradient with respect to {@code summaryBias}, in its packed layout.
   */
  private final float[] summaryBiasGradient = new float[summaryBias.length];

  /**
   * summary: the output's gradient.
   */
  private float[] summaryTrainDOutput = new float[0];

  /**
   * tags: the output rows.
   */
  private float[] tagsTrainOutput = new float[0];

  /**
   * tags: the rows before the activation.
   */
  private float[] tagsTrainPreActivation = new float[0];

  /**
   * tags: the output's gradient.
   */
  private float[] tagsTrainDOutput = new float[0];

  /**
   * The loss's gradient with respect to {@code tagsKernel}, in its packed layout.
   */
  private final float[] tagsKernelGradient = new float[tagsKernel.length];

  /**
   * The loss's gradient with respect to {@code tagsBias}, in its packed layout.
   */
  private final float[] tagsBiasGradient = new float[tagsBias.length];

  /**
   * score: the output rows.
   */
  private float[] scoreTrainOutput = new float[0];

  /**
   * score: the output's gradient.
   */
  private float[] scoreTrainDOutput = new float[0];

  /**
   * The loss's gradient with respect to {@code scoreKernel}, in its packed layout.
   */
  private final float[] scoreKernelGradient = new float[scoreKernel.length];

  /**
   * The loss's gradient with respect to {@code scoreBias}, in its packed layout.
   */
  private final float[] scoreBiasGradient = new float[scoreBias.length];

  /**
   * The threads of the running fit's {@code threads} option; null: the step runs on this thread.
   */
  private ShardPool trainPool;

  /**
   * Copies of this model that run shards 1, 2, ... of a batch split across threads (shard 0 is
   * this model); made by the first such step.
   */
  private RnncHeads[] trainShards = new RnncHeads[0];

  /**
   * The gradients of {@code trainShards}, in shard order.
   */
  private float[][][] shardGradients = new float[0][][];

  /**
   * The split step's batch, samples and shard count, for the shards' tasks.
   */
  private float[][][] shardX;

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
  private final float[][] trainParameters = {encoderForwardKernel, encoderForwardRecurrentKernel, encoderForwardBias, encoderBackwardKernel, encoderBackwardRecurrentKernel, encoderBackwardBias, summaryKernel, summaryRecurrentKernel, summaryBias, tagsKernel, tagsBias, scoreKernel, scoreBias};

  private final float[][] trainGradients = {encoderForwardKernelGradient, encoderForwardRecurrentKernelGradient, encoderForwardBiasGradient, encoderBackwardKernelGradient, encoderBackwardRecurrentKernelGradient, encoderBackwardBiasGradient, summaryKernelGradient, summaryRecurrentKernelGradient, summaryBiasGradient, tagsKernelGradient, tagsBiasGradient, scoreKernelGradient, scoreBiasGradient};

  /**
   * Made by the first {@code trainingState()}.
   */
  private TrainingState trainingState;

  /**
   * A model with new weights, or with those of {@code from} (the same arrays) for {@link
   * #copy()}. The weights are assigned before {@code super()}, so that the field
   * initializers that follow may read them.
   */
  private RnncHeads(RnncHeads from) {
    encoderForwardKernel = from != null ? from.encoderForwardKernel : new float[FEATURES * ENCODER_GATES];
    encoderForwardRecurrentKernel = from != null ? from.encoderForwardRecurrentKernel : new float[ENCODER_UNITS * ENCODER_GATES];
    encoderForwardBias = from != null ? from.encoderForwardBias : new float[2 * ENCODER_GATES];
    encoderBackwardKernel = from != null ? from.encoderBackwardKernel : new float[FEATURES * ENCODER_GATES];
    encoderBackwardRecurrentKernel = from != null ? from.encoderBackwardRecurrentKernel : new float[ENCODER_UNITS * ENCODER_GATES];
    encoderBackwardBias = from != null ? from.encoderBackwardBias : new float[2 * ENCODER_GATES];
    summaryKernel = from != null ? from.summaryKernel : new float[ENCODER_UNITS * SUMMARY_GATES];
    summaryRecurrentKernel = from != null ? from.summaryRecurrentKernel : new float[SUMMARY_UNITS * SUMMARY_GATES];
    summaryBias = from != null ? from.summaryBias : new float[SUMMARY_GATES];
    tagsKernel = from != null ? from.tagsKernel : new float[SUMMARY_UNITS * TAGS_STRIDE];
    tagsBias = from != null ? from.tagsBias : new float[TAGS_STRIDE];
    scoreKernel = from != null ? from.scoreKernel : new float[SUMMARY_UNITS * SCORE_STRIDE];
    scoreBias = from != null ? from.scoreBias : new float[SCORE_STRIDE];
    super();
    encoderLayer = new Layer("encoder", "Bidirectional", ENCODER_CONFIG, from != null ? from.encoderLayer.variables() : List.of(
        new Variable("forward_layer/kernel", PackedLayout.matrix(FEATURES, ENCODER_UNITS, 0, 1, 2), encoderForwardKernel, Initializer.glorotUniform()),
        new Variable("forward_layer/recurrent_kernel", PackedLayout.matrix(ENCODER_UNITS, ENCODER_UNITS, 0, 1, 2), encoderForwardRecurrentKernel, Initializer.orthogonal()),
        new Variable("forward_layer/bias", PackedLayout.matrix(2, ENCODER_UNITS, 0, 1, 2), encoderForwardBias, Initializer.zeros()),
        new Variable("backward_layer/kernel", PackedLayout.matrix(FEATURES, ENCODER_UNITS, 0, 1, 2), encoderBackwardKernel, Initializer.glorotUniform()),
        new Variable("backward_layer/recurrent_kernel", PackedLayout.matrix(ENCODER_UNITS, ENCODER_UNITS, 0, 1, 2), encoderBackwardRecurrentKernel, Initializer.orthogonal()),
        new Variable("backward_layer/bias", PackedLayout.matrix(2, ENCODER_UNITS, 0, 1, 2), encoderBackwardBias, Initializer.zeros())));
    summaryLayer = new Layer("summary", "LSTM", SUMMARY_CONFIG, from != null ? from.summaryLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(ENCODER_UNITS, SUMMARY_UNITS, 0, 1, 3, 2), summaryKernel, Initializer.glorotUniform()),
        new Variable("recurrent_kernel", PackedLayout.matrix(SUMMARY_UNITS, SUMMARY_UNITS, 0, 1, 3, 2), summaryRecurrentKernel, Initializer.orthogonal()),
        new Variable("bias", PackedLayout.vector(SUMMARY_UNITS, 0, 1, 3, 2), summaryBias, Initializer.unitForgetBias(SUMMARY_UNITS))));
    tagsLayer = new Layer("tags", "Dense", TAGS_CONFIG, from != null ? from.tagsLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(SUMMARY_UNITS, TAGS_UNITS, 0), tagsKernel, Initializer.glorotUniform()),
        new Variable("bias", PackedLayout.vector(TAGS_UNITS, 0), tagsBias, Initializer.zeros())));
    scoreLayer = new Layer("score", "Dense", SCORE_CONFIG, from != null ? from.scoreLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(SUMMARY_UNITS, SCORE_UNITS, 0), scoreKernel, Initializer.glorotUniform()),
        new Variable("bias", PackedLayout.vector(SCORE_UNITS, 0), scoreBias, Initializer.zeros())));
    layers = List.of(encoderLayer, summaryLayer, tagsLayer, scoreLayer);
    encoderForwardStep = from != null ? from.encoderForwardStep :
        Cells.gruStep(layers, encoderForwardRecurrentKernel,
        ENCODER_UNITS, ENCODER_STRIDE, Activation.TANH, Activation.SIGMOID, true);
    encoderBackwardStep = from != null ? from.encoderBackwardStep :
        Cells.gruStep(layers, encoderBackwardRecurrentKernel,
        ENCODER_UNITS, ENCODER_STRIDE, Activation.TANH, Activation.SIGMOID, true);
    summaryStep = from != null ? from.summaryStep : Cells.lstmStep(layers, summaryRecurrentKernel,
        SUMMARY_UNITS, SUMMARY_STRIDE, Activation.TANH, Activation.SIGMOID);
    scoreColumn = from != null ? from.scoreColumn : DenseColumn.of(layers, scoreKernel);
  }

  /**
   * A model with Keras-default initial weights (glorot_uniform kernels, orthogonal recurrent
   * kernels, zero biases, forget-gate biases 1), drawn from {@code seed}.
   */
  public static RnncHeads create(long seed) {
    RnncHeads model = new RnncHeads(null);
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
  public static RnncHeads load(Path path) throws IOException {
    RnncHeads model = new RnncHeads(null);
    Weights.load(path, model);
    return model;
  }

  /**
   * A model that shares this one's weights (the same arrays: weights set, loaded or trained
   * through either are the other's too) and has its own workspaces and carried states (zeros):
   * one per stream of a stateful model. Cheap: allocates no weights.
   */
  @Override
  public RnncHeads copy() {
    return new RnncHeads(this);
  }

  @Override
  public String modelName() {
    return "Heads";
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
   * The rows of Keras' {@code model.summary()} for the functional model Keras would build: its
   * row order and "Connected to" ({@code layer[node][tensor]}), output shapes from the checked spec,
   * parameters counted from each layer's variables.
   */
  @Override
  public ModelSummary modelSummary() {
    return ModelSummary.graph(modelName(), List.of(
        ModelSummary.input("input_layer", "(None, 4, 2)"),
        ModelSummary.row(encoderLayer, "[(None, 4, 3), (None, 4, 3)]", "input_layer[0][0]"),
        ModelSummary.row(summaryLayer, "(None, 4)", "encoder[0][0]"),
        ModelSummary.row(tagsLayer, "(None, 3)", "summary[0][0]"),
        ModelSummary.row(scoreLayer, "(None, 1)", "summary[0][0]")));
  }

  /**
   * The functional model Keras would build ({@code saveKeras} writes it): its operations in Keras'
   * order, the tensors each layer application takes ({@code layer[node][tensor]}) and its output
   * shapes, the model's inputs and outputs.
   */
  @Override
  public Optional<ModelGraph> modelGraph() {
    return Optional.of(ModelGraph.of(List.of(
          ModelGraph.input("input_layer", "(None, 4, 2)", "float32"),
          ModelGraph.node("encoder", List.of("input_layer[0][0]"), List.of(), "[(None, 4, 3), (None, 4, 3)]"),
          ModelGraph.node("summary", List.of("encoder[0][0]"), List.of(), "(None, 4)"),
          ModelGraph.node("tags", List.of("summary[0][0]"), List.of(), "(None, 3)"),
          ModelGraph.node("score", List.of("summary[0][0]"), List.of(), "(None, 1)")),
          List.of("input_layer"),
          List.of("tags[0][0]", "score[0][0]", "encoder[0][1]")));
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

  /**
   * The parameters only declare the wiring; the arguments are ignored.
   */
  @Override
  public Layer summary(Layer encoder) {
    return summaryLayer;
  }

  /**
   * The parameters only declare the wiring; the arguments are ignored.
   */
  @Override
  public Layer tags(Layer summary) {
    return tagsLayer;
  }

  /**
   * The parameters only declare the wiring; the arguments are ignored.
   */
  @Override
  public Layer score(Layer summary) {
    return scoreLayer;
  }

  /**
   * Keras' {@code fit}: trains on {@code x} against {@code y}.
   */
  @Override
  public History fit(float[][][] x, Heads.Targets y, FitOptions options) {
    Inputs.checkSequences(x, "x", TIMESTEPS, FEATURES);
    Objects.requireNonNull(y, "y (the targets)");
    tagsTrainingOutput.check(x.length, y.tags());
    scoreTrainingOutput.check(x.length, y.score());
    encoderBackwardTrainingOutput.check(x.length, y.encoderBackward());
    TrainingData data = TrainingData.of(x.length, (order, from, count, weights, training) ->
         trainStep(x, y, order, from, count, weights, training));
    data = data.withClasses(SampleClasses.severalOutputs());
    FitLoop loop = new FitLoop(optimizer, trainingOutputs.metrics(), trainingState());
    try (ShardPool pool = ShardPool.forFit(options)) {
      trainPool = pool;
      return loop.fit(data, options);
    } finally {
      trainPool = null;
    }
  }

  /**
   * Keras' {@code evaluate}: the loss and metrics on {@code x}.
   */
  @Override
  public Logs evaluate(float[][][] x, Heads.Targets y) {
    Inputs.checkSequences(x, "x", TIMESTEPS, FEATURES);
    Objects.requireNonNull(y, "y (the targets)");
    tagsTrainingOutput.check(x.length, y.tags());
    scoreTrainingOutput.check(x.length, y.score());
    encoderBackwardTrainingOutput.check(x.length, y.encoderBackward());
    TrainingData data = TrainingData.of(x.length, (order, from, count, weights, training) ->
         trainStep(x, y, order, from, count, weights, training));
    FitLoop loop = new FitLoop(optimizer, trainingOutputs.metrics(), trainingState());
    FitOptions options = new FitOptions().verbose(0);
    try (ShardPool pool = ShardPool.forFit(options)) {
      trainPool = pool;
      return loop.evaluate(data, options);
    } finally {
      trainPool = null;
    }
  }

  /**
   * One batch, samples {@code order[from] .. order[from + count - 1]}: forwards, the loss,
   * and with {@code training} backwards and one optimizer step (skipped when the
   * loss is not finite, so the weights stay those of the last finite batch).
   */
  private double trainStep(float[][][] x, Heads.Targets y, int[] order, int from, int count,
      float[] sampleWeights, boolean training) {
    ensureTraining(count);
    tagsTrainingOutput.gather(y.tags(), order, from, count, sampleWeights);
    scoreTrainingOutput.gather(y.score(), order, from, count, sampleWeights);
    encoderBackwardTrainingOutput.gather(y.encoderBackward(), order, from, count, sampleWeights);
    int shards = trainPool == null ? 1 : Math.min(trainPool.threads(), count);
    if (shards > 1) {
      shardedForward(x, order, from, count, shards, training);
    } else {
      trainForward(x, order, from, count, training);
    }
    // Keras' loss_weights: the model's loss is the weighted sum of the outputs'
    double loss = 0;
    loss += trainingOutputs.add(0, tagsTrainingOutput.compute(count, tagsTrainOutput,
        tagsTrainPreActivation, null, training), count, training);
    loss += trainingOutputs.add(1, scoreTrainingOutput.compute(count, scoreTrainOutput,
        null, null, training), count, training);
    loss += trainingOutputs.add(2,
        encoderBackwardTrainingOutput.compute(count, encoderTrainBackwardRows,
        null, null, training), count, training);
    if (!training || !Double.isFinite(loss)) {
      return loss;
    }
    System.arraycopy(tagsTrainingOutput.gradient(), 0, tagsTrainDOutput, 0, count * TAGS_STRIDE);
    System.arraycopy(scoreTrainingOutput.gradient(), 0, scoreTrainDOutput, 0, count * SCORE_STRIDE);
    System.arraycopy(encoderBackwardTrainingOutput.gradient(), 0,
        encoderTrainDBackwardRows, 0, count * TIMESTEPS * ENCODER_STRIDE);
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
  private void trainForward(float[][][] x, int[] order, int from, int count, boolean training) {
    ensureTraining(count);
    for (int b = 0; b < count; b++) {
      Inputs.packSequence(x[order[from + b]], TIMESTEPS, FEATURES, trainInput, b * TIMESTEPS * FEATURES);
    }
    // encoderForward: every timestep, x·W + b of the batch's rows just before the step that reads them,
    // the cells saving what BPTT needs.
    Arrays.fill(encoderForwardTrainH, 0, count * ENCODER_STRIDE, 0f);
    for (int t = 0; t < TIMESTEPS; t++) {
      Kernels.matmul(trainInput, t * FEATURES, TIMESTEPS * FEATURES, count, FEATURES,
          encoderForwardKernel, 0, ENCODER_GATES, ENCODER_GATES, encoderForwardBias, 0,
          encoderForwardTrainProjection, t * ENCODER_GATES, TIMESTEPS * ENCODER_GATES);
      CellGradients.gruForward(count, encoderForwardTrainProjection, t * ENCODER_GATES, TIMESTEPS * ENCODER_GATES,
          encoderForwardRecurrentKernel, encoderForwardBias, ENCODER_GATES,
          ENCODER_UNITS, ENCODER_STRIDE,
          encoderForwardTrainGates, encoderForwardTrainH, ENCODER_STRIDE,
          Activation.TANH, Activation.SIGMOID,
          encoderForwardTrainSaved, t * count * ENCODER_RECORD);
      for (int b = 0; b < count; b++) {
        System.arraycopy(encoderForwardTrainH, b * ENCODER_STRIDE, encoderForwardTrainOutput, (b * TIMESTEPS + t) * ENCODER_STRIDE, ENCODER_STRIDE);
      }
    }
    // encoderBackward: every timestep, x·W + b of the batch's rows just before the step that reads them,
    // the cells saving what BPTT needs.
    Arrays.fill(encoderBackwardTrainH, 0, count * ENCODER_STRIDE, 0f);
    for (int step = 0; step < TIMESTEPS; step++) {
      int t = TIMESTEPS - 1 - step;
      Kernels.matmul(trainInput, t * FEATURES, TIMESTEPS * FEATURES, count, FEATURES,
          encoderBackwardKernel, 0, ENCODER_GATES, ENCODER_GATES, encoderBackwardBias, 0,
          encoderBackwardTrainProjection, t * ENCODER_GATES, TIMESTEPS * ENCODER_GATES);
      CellGradients.gruForward(count, encoderBackwardTrainProjection, t * ENCODER_GATES, TIMESTEPS * ENCODER_GATES,
          encoderBackwardRecurrentKernel, encoderBackwardBias, ENCODER_GATES,
          ENCODER_UNITS, ENCODER_STRIDE,
          encoderBackwardTrainGates, encoderBackwardTrainH, ENCODER_STRIDE,
          Activation.TANH, Activation.SIGMOID,
          encoderBackwardTrainSaved, t * count * ENCODER_RECORD);
      for (int b = 0; b < count; b++) {
        System.arraycopy(encoderBackwardTrainH, b * ENCODER_STRIDE, encoderBackwardTrainOutput, (b * TIMESTEPS + step) * ENCODER_STRIDE, ENCODER_STRIDE);
      }
    }
    // encoder: mergeMode "none", the backward rows reversed to input order
    for (int b = 0; b < count; b++) {
      for (int t = 0; t < TIMESTEPS; t++) {
        System.arraycopy(encoderBackwardTrainOutput, (b * TIMESTEPS + TIMESTEPS - 1 - t) * ENCODER_STRIDE, encoderTrainBackwardRows, (b * TIMESTEPS + t) * ENCODER_STRIDE, ENCODER_STRIDE);
      }
    }
    // summary: every timestep, x·W + b of the batch's rows just before the step that reads them,
    // the cells saving what BPTT needs.
    Arrays.fill(summaryTrainH, 0, count * SUMMARY_STRIDE, 0f);
    Arrays.fill(summaryTrainC, 0, count * SUMMARY_STRIDE, 0f);
    for (int t = 0; t < TIMESTEPS; t++) {
      Kernels.matmul(encoderForwardTrainOutput, t * ENCODER_STRIDE, TIMESTEPS * ENCODER_STRIDE, count, ENCODER_UNITS,
          summaryKernel, 0, SUMMARY_GATES, SUMMARY_GATES, summaryBias, 0,
          summaryTrainProjection, t * SUMMARY_GATES, TIMESTEPS * SUMMARY_GATES);
      CellGradients.lstmForward(count, summaryTrainProjection, t * SUMMARY_GATES, TIMESTEPS * SUMMARY_GATES,
          summaryRecurrentKernel, SUMMARY_UNITS, SUMMARY_STRIDE,
          summaryTrainGates, summaryTrainC, summaryTrainH, SUMMARY_STRIDE,
          Activation.TANH, Activation.SIGMOID, summaryTrainSaved, t * count * SUMMARY_RECORD);
    }
    // tags: one product over the batch's rows.
    Kernels.matmul(summaryTrainH, 0, SUMMARY_STRIDE, count, SUMMARY_UNITS,
        tagsKernel, 0, TAGS_STRIDE, TAGS_STRIDE, tagsBias, 0, tagsTrainOutput, 0, TAGS_STRIDE);
    System.arraycopy(tagsTrainOutput, 0, tagsTrainPreActivation, 0, count * TAGS_STRIDE);
    for (int r = 0; r < count; r++) {
      Kernels.softmaxRepeatably(tagsTrainOutput, r * TAGS_STRIDE, TAGS_UNITS);
    }
    // score: one product over the batch's rows.
    Kernels.matmulColumn(summaryTrainH, 0, SUMMARY_STRIDE, count, SUMMARY_UNITS,
        scoreColumn.current(), 0, SCORE_STRIDE, scoreBias, 0, scoreTrainOutput, 0, SCORE_STRIDE);
  }

  /**
   * Runs the {@code count} samples of the last {@code trainForward} backwards from the
   * outputs' gradients in {@code tagsTrainDOutput}, {@code scoreTrainDOutput}, {@code encoderTrainDBackwardRows}, into {@code trainGradients}.
   */
  private void trainBackward(int count) {
    for (float[] gradient : trainGradients) {
      Arrays.fill(gradient, 0f);
    }
    // score: the product's gradients.
    ProjectionGradients.kernel(count, summaryTrainH, 0, SUMMARY_STRIDE, SUMMARY_UNITS, scoreTrainDOutput, 0, SCORE_STRIDE, SCORE_STRIDE, scoreKernelGradient);
    ProjectionGradients.bias(count, scoreTrainDOutput, 0, SCORE_STRIDE, SCORE_STRIDE, scoreBiasGradient, 0);
    ProjectionGradients.input(count, scoreTrainDOutput, 0, SCORE_STRIDE, SCORE_STRIDE, scoreKernel, SUMMARY_UNITS, summaryTrainDOutput, 0, SUMMARY_STRIDE);
    // tags: the activation's gradient, then the product's.
    // (the loss's gradient is already the logits', as Keras computes it from them)
    ProjectionGradients.kernel(count, summaryTrainH, 0, SUMMARY_STRIDE, SUMMARY_UNITS, tagsTrainDOutput, 0, TAGS_STRIDE, TAGS_STRIDE, tagsKernelGradient);
    ProjectionGradients.bias(count, tagsTrainDOutput, 0, TAGS_STRIDE, TAGS_STRIDE, tagsBiasGradient, 0);
    ProjectionGradients.addInput(count, tagsTrainDOutput, 0, TAGS_STRIDE, TAGS_STRIDE, tagsKernel, SUMMARY_UNITS, summaryTrainDOutput, 0, SUMMARY_STRIDE);
    // summary: BPTT from the last timestep to the first, then the projection's gradients;
    // each step writes its rows' gradient over the projection rows it read.
    System.arraycopy(summaryTrainDOutput, 0, summaryTrainDh, 0, count * SUMMARY_STRIDE);
    Arrays.fill(summaryTrainDc, 0, count * SUMMARY_STRIDE, 0f);
    CellGradients.lstmTranspose(summaryRecurrentKernel, SUMMARY_UNITS, SUMMARY_STRIDE, summaryTrainRecurrentTransposed);
    // the steps leave the recurrent kernel's gradient (null) to one product after them
    for (int t = TIMESTEPS - 1; t >= 0; t--) {
      CellGradients.lstmBackwardTransposed(count, summaryTrainProjection, t * SUMMARY_GATES, TIMESTEPS * SUMMARY_GATES,
          summaryRecurrentKernel, SUMMARY_UNITS, SUMMARY_STRIDE,
          summaryTrainSaved, t * count * SUMMARY_RECORD, null, 0, 0,
          summaryTrainDh, summaryTrainDc, SUMMARY_STRIDE,
          summaryTrainProjection, null, summaryTrainScratch, Activation.TANH, Activation.SIGMOID,
          summaryTrainRecurrentTransposed);
    }
    CellGradients.lstmRecurrentKernelGradient(count, TIMESTEPS, summaryTrainSaved, SUMMARY_RECORD, SUMMARY_UNITS, SUMMARY_STRIDE,
        summaryTrainProjection, SUMMARY_GATES, TIMESTEPS * SUMMARY_GATES, summaryRecurrentKernelGradient);
    ProjectionGradients.kernel(count * TIMESTEPS, encoderForwardTrainOutput, 0, ENCODER_STRIDE, ENCODER_UNITS, summaryTrainProjection, 0, SUMMARY_GATES, SUMMARY_GATES, summaryKernelGradient);
    ProjectionGradients.bias(count * TIMESTEPS, summaryTrainProjection, 0, SUMMARY_GATES, SUMMARY_GATES, summaryBiasGradient, 0);
    ProjectionGradients.input(count * TIMESTEPS, summaryTrainProjection, 0, SUMMARY_GATES, SUMMARY_GATES, summaryKernel, ENCODER_UNITS, encoderForwardTrainDOutput, 0, ENCODER_STRIDE);
    // encoder: the backward rows' gradient, back in processing order
    for (int b = 0; b < count; b++) {
      for (int t = 0; t < TIMESTEPS; t++) {
        System.arraycopy(encoderTrainDBackwardRows, (b * TIMESTEPS + t) * ENCODER_STRIDE, encoderBackwardTrainDOutput, (b * TIMESTEPS + TIMESTEPS - 1 - t) * ENCODER_STRIDE, ENCODER_STRIDE);
      }
    }
    // encoderBackward: BPTT from the last timestep to the first, then the projection's gradients;
    // each step writes its rows' gradient over the projection rows it read.
    Arrays.fill(encoderBackwardTrainDh, 0, count * ENCODER_STRIDE, 0f);
    CellGradients.gruTranspose(encoderBackwardRecurrentKernel, ENCODER_UNITS, ENCODER_STRIDE, encoderBackwardTrainRecurrentTransposed);
    for (int step = TIMESTEPS - 1; step >= 0; step--) {
      int t = TIMESTEPS - 1 - step;
      for (int b = 0; b < count; b++) {
        Kernels.add(encoderBackwardTrainDh, b * ENCODER_STRIDE, encoderBackwardTrainDOutput, (b * TIMESTEPS + step) * ENCODER_STRIDE, encoderBackwardTrainDh, b * ENCODER_STRIDE, ENCODER_UNITS);
      }
      CellGradients.gruBackwardTransposed(count, encoderBackwardTrainProjection, t * ENCODER_GATES, TIMESTEPS * ENCODER_GATES,
          encoderBackwardRecurrentKernel, encoderBackwardBias, ENCODER_GATES,
          ENCODER_UNITS, ENCODER_STRIDE,
          encoderBackwardTrainSaved, t * count * ENCODER_RECORD, null, 0, 0,
          encoderBackwardTrainDh, ENCODER_STRIDE,
          encoderBackwardTrainProjection, encoderBackwardRecurrentKernelGradient,
          encoderBackwardBiasGradient, ENCODER_GATES,
          encoderBackwardTrainScratch, Activation.TANH, Activation.SIGMOID,
          encoderBackwardTrainRecurrentTransposed);
    }
    ProjectionGradients.kernel(count * TIMESTEPS, trainInput, 0, FEATURES, FEATURES, encoderBackwardTrainProjection, 0, ENCODER_GATES, ENCODER_GATES, encoderBackwardKernelGradient);
    ProjectionGradients.bias(count * TIMESTEPS, encoderBackwardTrainProjection, 0, ENCODER_GATES, ENCODER_GATES, encoderBackwardBiasGradient, 0);
    // encoderForward: BPTT from the last timestep to the first, then the projection's gradients;
    // each step writes its rows' gradient over the projection rows it read.
    Arrays.fill(encoderForwardTrainDh, 0, count * ENCODER_STRIDE, 0f);
    CellGradients.gruTranspose(encoderForwardRecurrentKernel, ENCODER_UNITS, ENCODER_STRIDE, encoderForwardTrainRecurrentTransposed);
    for (int t = TIMESTEPS - 1; t >= 0; t--) {
      for (int b = 0; b < count; b++) {
        Kernels.add(encoderForwardTrainDh, b * ENCODER_STRIDE, encoderForwardTrainDOutput, (b * TIMESTEPS + t) * ENCODER_STRIDE, encoderForwardTrainDh, b * ENCODER_STRIDE, ENCODER_UNITS);
      }
      CellGradients.gruBackwardTransposed(count, encoderForwardTrainProjection, t * ENCODER_GATES, TIMESTEPS * ENCODER_GATES,
          encoderForwardRecurrentKernel, encoderForwardBias, ENCODER_GATES,
          ENCODER_UNITS, ENCODER_STRIDE,
          encoderForwardTrainSaved, t * count * ENCODER_RECORD, null, 0, 0,
          encoderForwardTrainDh, ENCODER_STRIDE,
          encoderForwardTrainProjection, encoderForwardRecurrentKernelGradient,
          encoderForwardBiasGradient, ENCODER_GATES,
          encoderForwardTrainScratch, Activation.TANH, Activation.SIGMOID,
          encoderForwardTrainRecurrentTransposed);
    }
    ProjectionGradients.kernel(count * TIMESTEPS, trainInput, 0, FEATURES, FEATURES, encoderForwardTrainProjection, 0, ENCODER_GATES, ENCODER_GATES, encoderForwardKernelGradient);
    ProjectionGradients.bias(count * TIMESTEPS, encoderForwardTrainProjection, 0, ENCODER_GATES, ENCODER_GATES, encoderForwardBiasGradient, 0);
  }

  /**
   * {@code trainForward} split into {@code shards} shards on {@code trainPool}, then the shards'
   * output rows gathered into this model's.
   */
  private void shardedForward(float[][][] x, int[] order, int from, int count, int shards,
      boolean training) {
    if (trainShards.length < shards - 1) {
      RnncHeads[] grown = Arrays.copyOf(trainShards, shards - 1);
      shardGradients = Arrays.copyOf(shardGradients, shards - 1);
      for (int s = trainShards.length; s < grown.length; s++) {
        grown[s] = new RnncHeads(this);
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
      RnncHeads shard = trainShards[s - 1];
      System.arraycopy(shard.tagsTrainOutput, 0, tagsTrainOutput, start * TAGS_STRIDE, samples * TAGS_STRIDE);
      System.arraycopy(shard.tagsTrainPreActivation, 0, tagsTrainPreActivation, start * TAGS_STRIDE, samples * TAGS_STRIDE);
      System.arraycopy(shard.scoreTrainOutput, 0, scoreTrainOutput, start * SCORE_STRIDE, samples * SCORE_STRIDE);
      System.arraycopy(shard.encoderTrainBackwardRows, 0, encoderTrainBackwardRows, start * TIMESTEPS * ENCODER_STRIDE, samples * TIMESTEPS * ENCODER_STRIDE);
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
      RnncHeads shard = trainShards[s - 1];
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
      System.arraycopy(tagsTrainDOutput, start * TAGS_STRIDE, trainShards[s - 1].tagsTrainDOutput, 0, samples * TAGS_STRIDE);
      System.arraycopy(scoreTrainDOutput, start * SCORE_STRIDE, trainShards[s - 1].scoreTrainDOutput, 0, samples * SCORE_STRIDE);
      System.arraycopy(encoderTrainDBackwardRows, start * TIMESTEPS * ENCODER_STRIDE, trainShards[s - 1].encoderTrainDBackwardRows, 0, samples * TIMESTEPS * ENCODER_STRIDE);
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
    trainInput = new float[batch * TIMESTEPS * FEATURES];
    encoderForwardTrainProjection = new float[batch * TIMESTEPS * ENCODER_GATES];
    encoderForwardTrainH = new float[batch * ENCODER_STRIDE];
    encoderForwardTrainDh = new float[batch * ENCODER_STRIDE];
    encoderForwardTrainGates = new float[batch * ENCODER_GATES];
    encoderForwardTrainSaved = new float[TIMESTEPS * batch * ENCODER_RECORD];
    encoderForwardTrainScratch = new float[CellGradients.gruScratch(batch, ENCODER_STRIDE)];
    encoderForwardTrainOutput = new float[batch * TIMESTEPS * ENCODER_STRIDE];
    encoderForwardTrainDOutput = new float[batch * TIMESTEPS * ENCODER_STRIDE];
    encoderBackwardTrainProjection = new float[batch * TIMESTEPS * ENCODER_GATES];
    encoderBackwardTrainH = new float[batch * ENCODER_STRIDE];
    encoderBackwardTrainDh = new float[batch * ENCODER_STRIDE];
    encoderBackwardTrainGates = new float[batch * ENCODER_GATES];
    encoderBackwardTrainSaved = new float[TIMESTEPS * batch * ENCODER_RECORD];
    encoderBackwardTrainScratch = new float[CellGradients.gruScratch(batch, ENCODER_STRIDE)];
    encoderBackwardTrainOutput = new float[batch * TIMESTEPS * ENCODER_STRIDE];
    encoderBackwardTrainDOutput = new float[batch * TIMESTEPS * ENCODER_STRIDE];
    encoderTrainBackwardRows = new float[batch * TIMESTEPS * ENCODER_STRIDE];
    encoderTrainDBackwardRows = new float[batch * TIMESTEPS * ENCODER_STRIDE];
    summaryTrainProjection = new float[batch * TIMESTEPS * SUMMARY_GATES];
    summaryTrainH = new float[batch * SUMMARY_STRIDE];
    summaryTrainDh = new float[batch * SUMMARY_STRIDE];
    summaryTrainC = new float[batch * SUMMARY_STRIDE];
    summaryTrainDc = new float[batch * SUMMARY_STRIDE];
    summaryTrainGates = new float[batch * SUMMARY_GATES];
    summaryTrainSaved = new float[TIMESTEPS * batch * SUMMARY_RECORD];
    summaryTrainScratch = new float[CellGradients.lstmScratch(batch, SUMMARY_STRIDE)];
    summaryTrainDOutput = new float[batch * SUMMARY_STRIDE];
    tagsTrainOutput = new float[batch * TAGS_STRIDE];
    tagsTrainPreActivation = new float[batch * TAGS_STRIDE];
    tagsTrainDOutput = new float[batch * TAGS_STRIDE];
    scoreTrainOutput = new float[batch * SCORE_STRIDE];
    scoreTrainDOutput = new float[batch * SCORE_STRIDE];
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
    private final float[] input = new float[TIMESTEPS * FEATURES];

    private final float[] encoderForwardProjection = new float[TIMESTEPS * ENCODER_GATES];

    private final float[] encoderForwardH = new float[ENCODER_STRIDE];

    private final float[] encoderForwardGates = new float[ENCODER_GATES];

    private final float[] encoderForwardOutput = new float[TIMESTEPS * ENCODER_STRIDE];

    private final float[] encoderBackwardProjection = new float[TIMESTEPS * ENCODER_GATES];

    private final float[] encoderBackwardH = new float[ENCODER_STRIDE];

    private final float[] encoderBackwardGates = new float[ENCODER_GATES];

    private final float[] encoderBackwardOutput = new float[TIMESTEPS * ENCODER_STRIDE];

    private final float[] encoderBackwardInOrder = new float[TIMESTEPS * ENCODER_OUTPUT_STRIDE];

    private final float[] summaryProjection = new float[TIMESTEPS * SUMMARY_GATES];

    private final float[] summaryH = new float[SUMMARY_STRIDE];

    private final float[] summaryC = new float[SUMMARY_STRIDE];

    private final float[] summaryGates = new float[SUMMARY_GATES];

    private final float[] tagsOutput = new float[TAGS_STRIDE];

    private final float[] scoreOutput = new float[SCORE_STRIDE];

    /**
     * Runs every layer on one sample that the caller has checked.
     */
    private void run(float[][] sample) {
      Inputs.packSequence(sample, TIMESTEPS, FEATURES, input);
      runEncoder();
      runSummary();
      runTags();
      runScore();
    }

    /**
     * encoder: @Bidirectional(mergeMode = "none") @GRU(units = 3, returnSequences = true), (4, 2) -> (4, 3).
     */
    private void runEncoder() {
      // Forward direction.
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(input, 0, FEATURES, TIMESTEPS, FEATURES,
          encoderForwardKernel, 0, ENCODER_GATES, ENCODER_GATES, encoderForwardBias, 0,
          encoderForwardProjection, 0, ENCODER_GATES);
      Arrays.fill(encoderForwardH, 0f);
      for (int t = 0; t < TIMESTEPS; t++) {
        encoderForwardStep.step(encoderForwardProjection, t * ENCODER_GATES,
            encoderForwardRecurrentKernel, encoderForwardBias, ENCODER_GATES,
            encoderForwardGates, encoderForwardH);
        System.arraycopy(encoderForwardH, 0, encoderForwardOutput, t * ENCODER_STRIDE, ENCODER_STRIDE);
      }
      // Backward direction, output in processing order.
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(input, 0, FEATURES, TIMESTEPS, FEATURES,
          encoderBackwardKernel, 0, ENCODER_GATES, ENCODER_GATES, encoderBackwardBias, 0,
          encoderBackwardProjection, 0, ENCODER_GATES);
      Arrays.fill(encoderBackwardH, 0f);
      for (int step = 0; step < TIMESTEPS; step++) {
        int t = TIMESTEPS - 1 - step;
        encoderBackwardStep.step(encoderBackwardProjection, t * ENCODER_GATES,
            encoderBackwardRecurrentKernel, encoderBackwardBias, ENCODER_GATES,
            encoderBackwardGates, encoderBackwardH);
        System.arraycopy(encoderBackwardH, 0, encoderBackwardOutput, step * ENCODER_STRIDE, ENCODER_STRIDE);
      }
      // merge_mode=None: backward rows flipped back to input order.
      Merge.flip(encoderBackwardOutput, TIMESTEPS, ENCODER_UNITS, ENCODER_STRIDE, encoderBackwardInOrder);
    }

    /**
     * summary: @LSTM(units = 4), (4, 3) -> (4,).
     */
    private void runSummary() {
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(encoderForwardOutput, 0, ENCODER_STRIDE, TIMESTEPS, ENCODER_UNITS,
          summaryKernel, 0, SUMMARY_GATES, SUMMARY_GATES, summaryBias, 0,
          summaryProjection, 0, SUMMARY_GATES);
      Arrays.fill(summaryH, 0f);
      Arrays.fill(summaryC, 0f);
      for (int t = 0; t < TIMESTEPS; t++) {
        summaryStep.step(summaryProjection, t * SUMMARY_GATES,
            summaryRecurrentKernel, summaryGates, summaryC, summaryH);
      }
    }

    /**
     * tags: @Dense(units = 3, activation = "softmax"), (4,) -> (3,).
     */
    private void runTags() {
      Kernels.matmul(summaryH, 0, SUMMARY_STRIDE, 1, SUMMARY_UNITS,
          tagsKernel, 0, TAGS_STRIDE, TAGS_STRIDE, tagsBias, 0, tagsOutput, 0, TAGS_STRIDE);
      Kernels.softmax(tagsOutput, 0, TAGS_UNITS);
    }

    /**
     * score: @Dense(units = 1), (4,) -> (1,).
     */
    private void runScore() {
      Kernels.matmulColumn(summaryH, 0, SUMMARY_STRIDE, 1, SUMMARY_UNITS,
          scoreColumn.current(), 0, SCORE_STRIDE, scoreBias, 0, scoreOutput, 0, SCORE_STRIDE);
    }
  }
}
