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
import dev.rnnc.runtime.nn.Inputs;
import dev.rnnc.runtime.nn.Merge;
import dev.rnnc.runtime.nn.MergeGradients;
import dev.rnnc.runtime.nn.ProjectionGradients;
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
import dev.rnnc.runtime.train.TrainingOutputs;
import dev.rnnc.runtime.train.TrainingState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntConsumer;
import javax.annotation.processing.Generated;

/**
 * The rnnc implementation of {@link TorchStates}.
 *
 * <pre>
 * input: (4, 3)
 * encoder_l0: @Bidirectional(mergeMode = "concat") @GRU(units = 3, returnSequences = true), (4, 3) -> (4, 6).
 * encoder: @Bidirectional(mergeMode = "concat") @GRU(units = 3, returnState = true), (4, 6) -> (6,).
 * head: @Dense(units = 1), (6,) -> (1,).
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
public final class RnncTorchStates implements TorchStates, RnncModel, TrainableModel {
  static final int TIMESTEPS = 4;

  static final int FEATURES = 3;

  static final int ENCODER_L0_UNITS = 3;

  static final int ENCODER_L0_STRIDE = 16;

  static final int ENCODER_L0_GATES = 3 * ENCODER_L0_STRIDE;

  static final int ENCODER_L0_WIDTH = 2 * ENCODER_L0_UNITS;

  static final int ENCODER_L0_OUTPUT_STRIDE = 16;

  static final int ENCODER_UNITS = 3;

  static final int ENCODER_STRIDE = 16;

  static final int ENCODER_GATES = 3 * ENCODER_STRIDE;

  static final int ENCODER_WIDTH = 2 * ENCODER_UNITS;

  static final int ENCODER_OUTPUT_STRIDE = 16;

  static final int HEAD_UNITS = 1;

  static final int HEAD_STRIDE = 16;

  /**
   * encoder_l0: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> ENCODER_L0_CONFIG = Map.ofEntries(
    Map.entry("merge_mode", "concat"),
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
      Map.entry("zero_output_for_mask", false)))));

  /**
   * encoder: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> ENCODER_CONFIG = Map.ofEntries(
    Map.entry("merge_mode", "concat"),
    Map.entry("layer", Map.of("class_name", "GRU", "config", Map.ofEntries(
      Map.entry("units", 3),
      Map.entry("activation", "tanh"),
      Map.entry("recurrent_activation", "sigmoid"),
      Map.entry("reset_after", true),
      Map.entry("use_bias", true),
      Map.entry("return_sequences", false),
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
   * Floats encoder_l0's training step saves per sample and timestep.
   */
  static final int ENCODER_L0_RECORD = CellGradients.gruRecord(ENCODER_L0_STRIDE);

  /**
   * Floats encoder's training step saves per sample and timestep.
   */
  static final int ENCODER_RECORD = CellGradients.gruRecord(ENCODER_STRIDE);

  /**
   * encoder_l0Forward: Keras {@code forward_layer/kernel} (FEATURES, 3·units), gate blocks z, r, h.
   */
  private final float[] encoder_l0ForwardKernel;

  /**
   * encoder_l0Forward: Keras {@code forward_layer/recurrent_kernel} (units, 3·units).
   */
  private final float[] encoder_l0ForwardRecurrentKernel;

  /**
   * encoder_l0Forward: Keras {@code forward_layer/bias} (2, 3·units): input bias, then recurrent bias.
   */
  private final float[] encoder_l0ForwardBias;

  /**
   * encoder_l0Backward: Keras {@code backward_layer/kernel} (FEATURES, 3·units), gate blocks z, r, h.
   */
  private final float[] encoder_l0BackwardKernel;

  /**
   * encoder_l0Backward: Keras {@code backward_layer/recurrent_kernel} (units, 3·units).
   */
  private final float[] encoder_l0BackwardRecurrentKernel;

  /**
   * encoder_l0Backward: Keras {@code backward_layer/bias} (2, 3·units): input bias, then recurrent bias.
   */
  private final float[] encoder_l0BackwardBias;

  /**
   * encoderForward: Keras {@code forward_layer/kernel} (ENCODER_L0_WIDTH, 3·units), gate blocks z, r, h.
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
   * encoderBackward: Keras {@code backward_layer/kernel} (ENCODER_L0_WIDTH, 3·units), gate blocks z, r, h.
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
   * head: Keras {@code kernel} (ENCODER_WIDTH, units).
   */
  private final float[] headKernel;

  /**
   * head: Keras {@code bias} (units,).
   */
  private final float[] headBias;

  private final Layer encoder_l0Layer;

  /**
   * encoder_l0Forward's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.gruStep); shared with copies.
   */
  private final GruStep encoder_l0ForwardStep;

  /**
   * encoder_l0Backward's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.gruStep); shared with copies.
   */
  private final GruStep encoder_l0BackwardStep;

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
   * The loss (mse) and metrics of the output head.
   */
  private final TrainingOutput headTrainingOutput = new TrainingOutput(KerasNames.loss("mse"),
      List.of(), new OutputLayout(1, HEAD_UNITS, HEAD_STRIDE), false, "y.head()");

  /**
   * The loss (mse) and metrics of the output encoderHN.
   */
  private final TrainingOutput encoderHNTrainingOutput = new TrainingOutput(KerasNames.loss("mse"),
      List.of(), new OutputLayout(4, ENCODER_L0_UNITS, ENCODER_L0_UNITS), false, "y.encoderHN()");

  /**
   * The outputs' losses, summed with their weights (Keras' loss_weights).
   */
  private final TrainingOutputs trainingOutputs = new TrainingOutputs(List.of("head", "encoder"),
      List.of(headTrainingOutput, encoderHNTrainingOutput), new double[] {1.0, 1.0});

  /**
   * The batch size the training buffers hold; they grow, never shrink.
   */
  private int trainBatch;

  /**
   * The batch's samples, one after another.
   */
  private float[] trainInput = new float[0];

  /**
   * encoder_l0: every sample's x·W + b.
   */
  private float[] encoder_l0ForwardTrainProjection = new float[0];

  /**
   * encoder_l0: each sample's state H.
   */
  private float[] encoder_l0ForwardTrainH = new float[0];

  /**
   * encoder_l0: the gradient of H.
   */
  private float[] encoder_l0ForwardTrainDh = new float[0];

  /**
   * encoder_l0: gate scratch.
   */
  private float[] encoder_l0ForwardTrainGates = new float[0];

  /**
   * encoder_l0: what each step saved.
   */
  private float[] encoder_l0ForwardTrainSaved = new float[0];

  /**
   * encoder_l0: backward scratch.
   */
  private float[] encoder_l0ForwardTrainScratch = new float[0];

  /**
   * encoder_l0: the recurrent kernel transposed, for the backward steps.
   */
  private final float[] encoder_l0ForwardTrainRecurrentTransposed = new float[CellGradients.gruTransposedSize(ENCODER_L0_STRIDE)];

  /**
   * The loss's gradient with respect to {@code encoder_l0ForwardKernel}, in its packed layout.
   */
  private final float[] encoder_l0ForwardKernelGradient = new float[encoder_l0ForwardKernel.length];

  /**
   * The loss's gradient with respect to {@code encoder_l0ForwardRecurrentKernel}, in its packed layout.
   */
  private final float[] encoder_l0ForwardRecurrentKernelGradient = new float[encoder_l0ForwardRecurrentKernel.length];

  /**
   * The loss's gradient with respect to {@code encoder_l0ForwardBias}, in its packed layout.
   */
  private final float[] encoder_l0ForwardBiasGradient = new float[encoder_l0ForwardBias.length];

  /**
   * encoder_l0: every sample's output sequence.
   */
  private float[] encoder_l0ForwardTrainOutput = new float[0];

  /**
   * encoder_l0: the output's gradient.
   */
  private float[] encoder_l0ForwardTrainDOutput = new float[0];

  /**
   * encoder: PyTorch's h_n, each sample's final H of every layer and direction (an output).
   */
  private float[] encoderTrainHN = new float[0];

  /**
   * encoder: its gradient.
   */
  private float[] encoderTrainDhN = new float[0];

  /**
   * encoder_l0: every sample's x·W + b.
   */
  private float[] encoder_l0BackwardTrainProjection = new float[0];

  /**
   * encoder_l0: each sample's state H.
   */
  private float[] encoder_l0BackwardTrainH = new float[0];

  /**
   * encoder_l0: the gradient of H.
   */
  private float[] encoder_l0BackwardTrainDh = new float[0];

  /**
   * encoder_l0: gate scratch.
   */
  private float[] encoder_l0BackwardTrainGates = new float[0];

  /**
   * encoder_l0: what each step saved.
   */
  private float[] encoder_l0BackwardTrainSaved = new float[0];

  /**
   * encoder_l0: backward scratch.
   */
  private float[] encoder_l0BackwardTrainScratch = new float[0];

  /**
   * encoder_l0: the recurrent kernel transposed, for the backward steps.
   */
  private final float[] encoder_l0BackwardTrainRecurrentTransposed = new float[CellGradients.gruTransposedSize(ENCODER_L0_STRIDE)];

  /**
   * The loss's gradient with respect to {@code encoder_l0BackwardKernel}, in its packed layout.
   */
  private final float[] encoder_l0BackwardKernelGradient = new float[encoder_l0BackwardKernel.length];

  /**
   * The loss's gradient with respect to {@code encoder_l0BackwardRecurrentKernel}, in its packed layout.
   */
  private final float[] encoder_l0BackwardRecurrentKernelGradient = new float[encoder_l0BackwardRecurrentKernel.length];

  /**
   * The loss's gradient with respect to {@code encoder_l0BackwardBias}, in its packed layout.
   */
  private final float[] encoder_l0BackwardBiasGradient = new float[encoder_l0BackwardBias.length];

  /**
   * encoder_l0: every sample's output sequence.
   */
  private float[] encoder_l0BackwardTrainOutput = new float[0];

  /**
   * encoder_l0: the output's gradient.
   */
  private float[] encoder_l0BackwardTrainDOutput = new float[0];

  /**
   * encoder_l0: the merged output rows.
   */
  private float[] encoder_l0TrainOutput = new float[0];

  /**
   * encoder_l0: the merged output's gradient.
   */
  private float[] encoder_l0TrainDOutput = new float[0];

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
   * encoder: the output's gradient.
   */
  private float[] encoderBackwardTrainDOutput = new float[0];

  /**
   * encoder: the merged output rows.
   */
  private float[] encoderTrainOutput = new float[0];

  /**
   * encoder: the merged output's gradient.
   */
  private float[] encoderTrainDOutput = new float[0];

  /**
   * head: the output rows.
   */
  private float[] headTrainOutput = new float[0];

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
  private RnncTorchStates[] trainShards = new RnncTorchStates[0];

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
  private final float[][] trainParameters = {encoder_l0ForwardKernel, encoder_l0ForwardRecurrentKernel, encoder_l0ForwardBias, encoder_l0BackwardKernel, encoder_l0BackwardRecurrentKernel, encoder_l0BackwardBias, encoderForwardKernel, encoderForwardRecurrentKernel, encoderForwardBias, encoderBackwardKernel, encoderBackwardRecurrentKernel, encoderBackwardBias, headKernel, headBias};

  private final float[][] trainGradients = {encoder_l0ForwardKernelGradient, encoder_l0ForwardRecurrentKernelGradient, encoder_l0ForwardBiasGradient, encoder_l0BackwardKernelGradient, encoder_l0BackwardRecurrentKernelGradient, encoder_l0BackwardBiasGradient, encoderForwardKernelGradient, encoderForwardRecurrentKernelGradient, encoderForwardBiasGradient, encoderBackwardKernelGradient, encoderBackwardRecurrentKernelGradient, encoderBackwardBiasGradient, headKernelGradient, headBiasGradient};

  /**
   * Made by the first {@code trainingState()}.
   */
  private TrainingState trainingState;

  /**
   * A model with new weights, or with those of {@code from} (the same arrays) for {@link
   * #copy()}. The weights are assigned before {@code super()}, so that the field
   * initializers that follow may read them.
   */
  private RnncTorchStates(RnncTorchStates from) {
    encoder_l0ForwardKernel = from != null ? from.encoder_l0ForwardKernel : new float[FEATURES * ENCODER_L0_GATES];
    encoder_l0ForwardRecurrentKernel = from != null ? from.encoder_l0ForwardRecurrentKernel : new float[ENCODER_L0_UNITS * ENCODER_L0_GATES];
    encoder_l0ForwardBias = from != null ? from.encoder_l0ForwardBias : new float[2 * ENCODER_L0_GATES];
    encoder_l0BackwardKernel = from != null ? from.encoder_l0BackwardKernel : new float[FEATURES * ENCODER_L0_GATES];
    encoder_l0BackwardRecurrentKernel = from != null ? from.encoder_l0BackwardRecurrentKernel : new float[ENCODER_L0_UNITS * ENCODER_L0_GATES];
    encoder_l0BackwardBias = from != null ? from.encoder_l0BackwardBias : new float[2 * ENCODER_L0_GATES];
    encoderForwardKernel = from != null ? from.encoderForwardKernel : new float[ENCODER_L0_WIDTH * ENCODER_GATES];
    encoderForwardRecurrentKernel = from != null ? from.encoderForwardRecurrentKernel : new float[ENCODER_UNITS * ENCODER_GATES];
    encoderForwardBias = from != null ? from.encoderForwardBias : new float[2 * ENCODER_GATES];
    encoderBackwardKernel = from != null ? from.encoderBackwardKernel : new float[ENCODER_L0_WIDTH * ENCODER_GATES];
    encoderBackwardRecurrentKernel = from != null ? from.encoderBackwardRecurrentKernel : new float[ENCODER_UNITS * ENCODER_GATES];
    encoderBackwardBias = from != null ? from.encoderBackwardBias : new float[2 * ENCODER_GATES];
    headKernel = from != null ? from.headKernel : new float[ENCODER_WIDTH * HEAD_STRIDE];
    headBias = from != null ? from.headBias : new float[HEAD_STRIDE];
    super();
    encoder_l0Layer = new Layer("encoder_l0", "Bidirectional", ENCODER_L0_CONFIG, from != null ? from.encoder_l0Layer.variables() : List.of(
        new Variable("forward_layer/kernel", PackedLayout.matrix(FEATURES, ENCODER_L0_UNITS, 0, 1, 2), encoder_l0ForwardKernel, Initializer.glorotUniform()),
        new Variable("forward_layer/recurrent_kernel", PackedLayout.matrix(ENCODER_L0_UNITS, ENCODER_L0_UNITS, 0, 1, 2), encoder_l0ForwardRecurrentKernel, Initializer.orthogonal()),
        new Variable("forward_layer/bias", PackedLayout.matrix(2, ENCODER_L0_UNITS, 0, 1, 2), encoder_l0ForwardBias, Initializer.zeros()),
        new Variable("backward_layer/kernel", PackedLayout.matrix(FEATURES, ENCODER_L0_UNITS, 0, 1, 2), encoder_l0BackwardKernel, Initializer.glorotUniform()),
        new Variable("backward_layer/recurrent_kernel", PackedLayout.matrix(ENCODER_L0_UNITS, ENCODER_L0_UNITS, 0, 1, 2), encoder_l0BackwardRecurrentKernel, Initializer.orthogonal()),
        new Variable("backward_layer/bias", PackedLayout.matrix(2, ENCODER_L0_UNITS, 0, 1, 2), encoder_l0BackwardBias, Initializer.zeros())));
    encoderLayer = new Layer("encoder", "Bidirectional", ENCODER_CONFIG, from != null ? from.encoderLayer.variables() : List.of(
        new Variable("forward_layer/kernel", PackedLayout.matrix(ENCODER_L0_WIDTH, ENCODER_UNITS, 0, 1, 2), encoderForwardKernel, Initializer.glorotUniform()),
        new Variable("forward_layer/recurrent_kernel", PackedLayout.matrix(ENCODER_UNITS, ENCODER_UNITS, 0, 1, 2), encoderForwardRecurrentKernel, Initializer.orthogonal()),
        new Variable("forward_layer/bias", PackedLayout.matrix(2, ENCODER_UNITS, 0, 1, 2), encoderForwardBias, Initializer.zeros()),
        new Variable("backward_layer/kernel", PackedLayout.matrix(ENCODER_L0_WIDTH, ENCODER_UNITS, 0, 1, 2), encoderBackwardKernel, Initializer.glorotUniform()),
        new Variable("backward_layer/recurrent_kernel", PackedLayout.matrix(ENCODER_UNITS, ENCODER_UNITS, 0, 1, 2), encoderBackwardRecurrentKernel, Initializer.orthogonal()),
        new Variable("backward_layer/bias", PackedLayout.matrix(2, ENCODER_UNITS, 0, 1, 2), encoderBackwardBias, Initializer.zeros())));
    headLayer = new Layer("head", "Dense", HEAD_CONFIG, from != null ? from.headLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(ENCODER_WIDTH, HEAD_UNITS, 0), headKernel, Initializer.glorotUniform()),
        new Variable("bias", PackedLayout.vector(HEAD_UNITS, 0), headBias, Initializer.zeros())));
    layers = List.of(encoder_l0Layer, encoderLayer, headLayer);
    encoder_l0ForwardStep = from != null ? from.encoder_l0ForwardStep :
        Cells.gruStep(layers, encoder_l0ForwardRecurrentKernel,
        ENCODER_L0_UNITS, ENCODER_L0_STRIDE, Activation.TANH, Activation.SIGMOID, true);
    encoder_l0BackwardStep = from != null ? from.encoder_l0BackwardStep :
        Cells.gruStep(layers, encoder_l0BackwardRecurrentKernel,
        ENCODER_L0_UNITS, ENCODER_L0_STRIDE, Activation.TANH, Activation.SIGMOID, true);
    encoderForwardStep = from != null ? from.encoderForwardStep :
        Cells.gruStep(layers, encoderForwardRecurrentKernel,
        ENCODER_UNITS, ENCODER_STRIDE, Activation.TANH, Activation.SIGMOID, true);
    encoderBackwardStep = from != null ? from.encoderBackwardStep :
        Cells.gruStep(layers, encoderBackwardRecurrentKernel,
        ENCODER_UNITS, ENCODER_STRIDE, Activation.TANH, Activation.SIGMOID, true);
    headColumn = from != null ? from.headColumn : DenseColumn.of(layers, headKernel);
  }

  /**
   * A model with Keras-default initial weights (glorot_uniform kernels, orthogonal recurrent
   * kernels, zero biases, forget-gate biases 1), drawn from {@code seed}.
   */
  public static RnncTorchStates create(long seed) {
    RnncTorchStates model = new RnncTorchStates(null);
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
  public static RnncTorchStates load(Path path) throws IOException {
    RnncTorchStates model = new RnncTorchStates(null);
    Weights.load(path, model);
    return model;
  }

  /**
   * A model that shares this one's weights (the same arrays: weights set, loaded or trained
   * through either are the other's too) and has its own workspaces and carried states (zeros):
   * one per stream of a stateful model. Cheap: allocates no weights.
   */
  @Override
  public RnncTorchStates copy() {
    return new RnncTorchStates(this);
  }

  @Override
  public String modelName() {
    return "TorchStates";
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
        ModelSummary.row(encoder_l0Layer, "(None, 4, 6)"),
        ModelSummary.row(encoderLayer, "[(None, 6), (None, 3), (None, 3)]"),
        ModelSummary.row(headLayer, "(None, 1)")));
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

  /**
   * Keras' {@code fit}: trains on {@code x} against {@code y}.
   */
  @Override
  public History fit(float[][][] x, TorchStates.Targets y, FitOptions options) {
    Inputs.checkSequences(x, "x", TIMESTEPS, FEATURES);
    Objects.requireNonNull(y, "y (the targets)");
    headTrainingOutput.check(x.length, y.head());
    encoderHNTrainingOutput.check(x.length, y.encoderHN());
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
   * One batch, samples {@code order[from] .. order[from + count - 1]}: forwards, the loss,
   * and with {@code training} backwards and one optimizer step (skipped when the
   * loss is not finite, so the weights stay those of the last finite batch).
   */
  private double trainStep(float[][][] x, TorchStates.Targets y, int[] order, int from, int count,
      float[] sampleWeights, boolean training) {
    ensureTraining(count);
    headTrainingOutput.gather(y.head(), order, from, count, sampleWeights);
    encoderHNTrainingOutput.gather(y.encoderHN(), order, from, count, sampleWeights);
    int shards = trainPool == null ? 1 : Math.min(trainPool.threads(), count);
    if (shards > 1) {
      shardedForward(x, order, from, count, shards, training);
    } else {
      trainForward(x, order, from, count, training);
    }
    // Keras' loss_weights: the model's loss is the weighted sum of the outputs'
    double loss = 0;
    loss += trainingOutputs.add(0, headTrainingOutput.compute(count, headTrainOutput,
        null, null, training), count, training);
    loss += trainingOutputs.add(1, encoderHNTrainingOutput.compute(count, encoderTrainHN,
        null, null, training), count, training);
    if (!training || !Double.isFinite(loss)) {
      return loss;
    }
    System.arraycopy(headTrainingOutput.gradient(), 0, headTrainDOutput, 0, count * HEAD_STRIDE);
    System.arraycopy(encoderHNTrainingOutput.gradient(), 0,
        encoderTrainDhN, 0, count * 4 * ENCODER_L0_UNITS);
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
    // encoder_l0Forward: every timestep, x·W + b of the batch's rows just before the step that reads them,
    // the cells saving what BPTT needs.
    Arrays.fill(encoder_l0ForwardTrainH, 0, count * ENCODER_L0_STRIDE, 0f);
    for (int t = 0; t < TIMESTEPS; t++) {
      Kernels.matmul(trainInput, t * FEATURES, TIMESTEPS * FEATURES, count, FEATURES,
          encoder_l0ForwardKernel, 0, ENCODER_L0_GATES, ENCODER_L0_GATES, encoder_l0ForwardBias, 0,
          encoder_l0ForwardTrainProjection, t * ENCODER_L0_GATES, TIMESTEPS * ENCODER_L0_GATES);
      CellGradients.gruForward(count, encoder_l0ForwardTrainProjection, t * ENCODER_L0_GATES, TIMESTEPS * ENCODER_L0_GATES,
          encoder_l0ForwardRecurrentKernel, encoder_l0ForwardBias, ENCODER_L0_GATES,
          ENCODER_L0_UNITS, ENCODER_L0_STRIDE,
          encoder_l0ForwardTrainGates, encoder_l0ForwardTrainH, ENCODER_L0_STRIDE,
          Activation.TANH, Activation.SIGMOID,
          encoder_l0ForwardTrainSaved, t * count * ENCODER_L0_RECORD);
      for (int b = 0; b < count; b++) {
        System.arraycopy(encoder_l0ForwardTrainH, b * ENCODER_L0_STRIDE, encoder_l0ForwardTrainOutput, (b * TIMESTEPS + t) * ENCODER_L0_STRIDE, ENCODER_L0_STRIDE);
      }
    }
    // encoder_l0Forward's final H: row 0 of encoderTrainHN (PyTorch's layout, a row per layer and direction)
    for (int b = 0; b < count; b++) {
      System.arraycopy(encoder_l0ForwardTrainH, b * ENCODER_L0_STRIDE, encoderTrainHN, (b * 4 + 0) * ENCODER_L0_UNITS, ENCODER_L0_UNITS);
    }
    // encoder_l0Backward: every timestep, x·W + b of the batch's rows just before the step that reads them,
    // the cells saving what BPTT needs.
    Arrays.fill(encoder_l0BackwardTrainH, 0, count * ENCODER_L0_STRIDE, 0f);
    for (int step = 0; step < TIMESTEPS; step++) {
      int t = TIMESTEPS - 1 - step;
      Kernels.matmul(trainInput, t * FEATURES, TIMESTEPS * FEATURES, count, FEATURES,
          encoder_l0BackwardKernel, 0, ENCODER_L0_GATES, ENCODER_L0_GATES,
          encoder_l0BackwardBias, 0,
          encoder_l0BackwardTrainProjection, t * ENCODER_L0_GATES, TIMESTEPS * ENCODER_L0_GATES);
      CellGradients.gruForward(count, encoder_l0BackwardTrainProjection, t * ENCODER_L0_GATES, TIMESTEPS * ENCODER_L0_GATES,
          encoder_l0BackwardRecurrentKernel, encoder_l0BackwardBias, ENCODER_L0_GATES,
          ENCODER_L0_UNITS, ENCODER_L0_STRIDE,
          encoder_l0BackwardTrainGates, encoder_l0BackwardTrainH, ENCODER_L0_STRIDE,
          Activation.TANH, Activation.SIGMOID,
          encoder_l0BackwardTrainSaved, t * count * ENCODER_L0_RECORD);
      for (int b = 0; b < count; b++) {
        System.arraycopy(encoder_l0BackwardTrainH, b * ENCODER_L0_STRIDE, encoder_l0BackwardTrainOutput, (b * TIMESTEPS + step) * ENCODER_L0_STRIDE, ENCODER_L0_STRIDE);
      }
    }
    // encoder_l0Backward's final H: row 1 of encoderTrainHN (PyTorch's layout, a row per layer and direction)
    for (int b = 0; b < count; b++) {
      System.arraycopy(encoder_l0BackwardTrainH, b * ENCODER_L0_STRIDE, encoderTrainHN, (b * 4 + 1) * ENCODER_L0_UNITS, ENCODER_L0_UNITS);
    }
    // encoder_l0: merge_mode="concat", the backward rows in input order.
    for (int b = 0; b < count; b++) {
      for (int t = 0; t < TIMESTEPS; t++) {
        MergeGradients.concat(encoder_l0ForwardTrainOutput, (b * TIMESTEPS + t) * ENCODER_L0_STRIDE, encoder_l0BackwardTrainOutput, (b * TIMESTEPS + TIMESTEPS - 1 - t) * ENCODER_L0_STRIDE, ENCODER_L0_UNITS, encoder_l0TrainOutput, (b * TIMESTEPS + t) * ENCODER_L0_OUTPUT_STRIDE);
      }
    }
    // encoderForward: every timestep, x·W + b of the batch's rows just before the step that reads them,
    // the cells saving what BPTT needs.
    Arrays.fill(encoderForwardTrainH, 0, count * ENCODER_STRIDE, 0f);
    for (int t = 0; t < TIMESTEPS; t++) {
      Kernels.matmul(encoder_l0TrainOutput, t * ENCODER_L0_OUTPUT_STRIDE, TIMESTEPS * ENCODER_L0_OUTPUT_STRIDE, count, 2 * ENCODER_L0_UNITS,
          encoderForwardKernel, 0, ENCODER_GATES, ENCODER_GATES, encoderForwardBias, 0,
          encoderForwardTrainProjection, t * ENCODER_GATES, TIMESTEPS * ENCODER_GATES);
      CellGradients.gruForward(count, encoderForwardTrainProjection, t * ENCODER_GATES, TIMESTEPS * ENCODER_GATES,
          encoderForwardRecurrentKernel, encoderForwardBias, ENCODER_GATES,
          ENCODER_UNITS, ENCODER_STRIDE,
          encoderForwardTrainGates, encoderForwardTrainH, ENCODER_STRIDE,
          Activation.TANH, Activation.SIGMOID,
          encoderForwardTrainSaved, t * count * ENCODER_RECORD);
    }
    // encoderForward's final H: row 2 of encoderTrainHN (PyTorch's layout, a row per layer and direction)
    for (int b = 0; b < count; b++) {
      System.arraycopy(encoderForwardTrainH, b * ENCODER_STRIDE, encoderTrainHN, (b * 4 + 2) * ENCODER_L0_UNITS, ENCODER_L0_UNITS);
    }
    // encoderBackward: every timestep, x·W + b of the batch's rows just before the step that reads them,
    // the cells saving what BPTT needs.
    Arrays.fill(encoderBackwardTrainH, 0, count * ENCODER_STRIDE, 0f);
    for (int step = 0; step < TIMESTEPS; step++) {
      int t = TIMESTEPS - 1 - step;
      Kernels.matmul(encoder_l0TrainOutput, t * ENCODER_L0_OUTPUT_STRIDE, TIMESTEPS * ENCODER_L0_OUTPUT_STRIDE, count, 2 * ENCODER_L0_UNITS,
          encoderBackwardKernel, 0, ENCODER_GATES, ENCODER_GATES, encoderBackwardBias, 0,
          encoderBackwardTrainProjection, t * ENCODER_GATES, TIMESTEPS * ENCODER_GATES);
      CellGradients.gruForward(count, encoderBackwardTrainProjection, t * ENCODER_GATES, TIMESTEPS * ENCODER_GATES,
          encoderBackwardRecurrentKernel, encoderBackwardBias, ENCODER_GATES,
          ENCODER_UNITS, ENCODER_STRIDE,
          encoderBackwardTrainGates, encoderBackwardTrainH, ENCODER_STRIDE,
          Activation.TANH, Activation.SIGMOID,
          encoderBackwardTrainSaved, t * count * ENCODER_RECORD);
    }
    // encoderBackward's final H: row 3 of encoderTrainHN (PyTorch's layout, a row per layer and direction)
    for (int b = 0; b < count; b++) {
      System.arraycopy(encoderBackwardTrainH, b * ENCODER_STRIDE, encoderTrainHN, (b * 4 + 3) * ENCODER_L0_UNITS, ENCODER_L0_UNITS);
    }
    // encoder: merge_mode="concat", the backward rows in input order.
    for (int b = 0; b < count; b++) {
      MergeGradients.concat(encoderForwardTrainH, (b) * ENCODER_STRIDE, encoderBackwardTrainH, (b) * ENCODER_STRIDE, ENCODER_UNITS, encoderTrainOutput, (b) * ENCODER_OUTPUT_STRIDE);
    }
    // head: one product over the batch's rows.
    Kernels.matmulColumn(encoderTrainOutput, 0, ENCODER_OUTPUT_STRIDE, count, 2 * ENCODER_UNITS,
        headColumn.current(), 0, HEAD_STRIDE, headBias, 0, headTrainOutput, 0, HEAD_STRIDE);
  }

  /**
   * Runs the {@code count} samples of the last {@code trainForward} backwards from the
   * outputs' gradients in {@code headTrainDOutput}, {@code encoderTrainDhN}, into {@code trainGradients}.
   */
  private void trainBackward(int count) {
    for (float[] gradient : trainGradients) {
      Arrays.fill(gradient, 0f);
    }
    // head: the product's gradients.
    ProjectionGradients.kernel(count, encoderTrainOutput, 0, ENCODER_OUTPUT_STRIDE, 2 * ENCODER_UNITS, headTrainDOutput, 0, HEAD_STRIDE, HEAD_STRIDE, headKernelGradient);
    ProjectionGradients.bias(count, headTrainDOutput, 0, HEAD_STRIDE, HEAD_STRIDE, headBiasGradient, 0);
    ProjectionGradients.input(count, headTrainDOutput, 0, HEAD_STRIDE, HEAD_STRIDE, headKernel, 2 * ENCODER_UNITS, encoderTrainDOutput, 0, ENCODER_OUTPUT_STRIDE);
    // encoder: the merged gradient split between the directions.
    for (int b = 0; b < count; b++) {
      MergeGradients.concatBackward(encoderTrainDOutput, (b) * ENCODER_OUTPUT_STRIDE, encoderForwardTrainH, (b) * ENCODER_STRIDE, encoderBackwardTrainH, (b) * ENCODER_STRIDE, encoderForwardTrainDOutput, (b) * ENCODER_STRIDE, ENCODER_UNITS, encoderBackwardTrainDOutput, (b) * ENCODER_STRIDE);
    }
    // encoderBackward: BPTT from the last timestep to the first, then the projection's gradients;
    // each step writes its rows' gradient over the projection rows it read.
    System.arraycopy(encoderBackwardTrainDOutput, 0, encoderBackwardTrainDh, 0, count * ENCODER_STRIDE);
    // the gradient of the loss of the final H, row 3 of encoderTrainDhN (a model output)
    for (int b = 0; b < count; b++) {
      Kernels.add(encoderBackwardTrainDh, b * ENCODER_STRIDE, encoderTrainDhN, (b * 4 + 3) * ENCODER_L0_UNITS, encoderBackwardTrainDh, b * ENCODER_STRIDE, ENCODER_L0_UNITS);
    }
    CellGradients.gruTranspose(encoderBackwardRecurrentKernel, ENCODER_UNITS, ENCODER_STRIDE, encoderBackwardTrainRecurrentTransposed);
    for (int step = TIMESTEPS - 1; step >= 0; step--) {
      int t = TIMESTEPS - 1 - step;
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
    ProjectionGradients.kernel(count * TIMESTEPS, encoder_l0TrainOutput, 0, ENCODER_L0_OUTPUT_STRIDE, 2 * ENCODER_L0_UNITS, encoderBackwardTrainProjection, 0, ENCODER_GATES, ENCODER_GATES, encoderBackwardKernelGradient);
    ProjectionGradients.bias(count * TIMESTEPS, encoderBackwardTrainProjection, 0, ENCODER_GATES, ENCODER_GATES, encoderBackwardBiasGradient, 0);
    ProjectionGradients.input(count * TIMESTEPS, encoderBackwardTrainProjection, 0, ENCODER_GATES, ENCODER_GATES, encoderBackwardKernel, 2 * ENCODER_L0_UNITS, encoder_l0TrainDOutput, 0, ENCODER_L0_OUTPUT_STRIDE);
    // encoderForward: BPTT from the last timestep to the first, then the projection's gradients;
    // each step writes its rows' gradient over the projection rows it read.
    System.arraycopy(encoderForwardTrainDOutput, 0, encoderForwardTrainDh, 0, count * ENCODER_STRIDE);
    // the gradient of the loss of the final H, row 2 of encoderTrainDhN (a model output)
    for (int b = 0; b < count; b++) {
      Kernels.add(encoderForwardTrainDh, b * ENCODER_STRIDE, encoderTrainDhN, (b * 4 + 2) * ENCODER_L0_UNITS, encoderForwardTrainDh, b * ENCODER_STRIDE, ENCODER_L0_UNITS);
    }
    CellGradients.gruTranspose(encoderForwardRecurrentKernel, ENCODER_UNITS, ENCODER_STRIDE, encoderForwardTrainRecurrentTransposed);
    for (int t = TIMESTEPS - 1; t >= 0; t--) {
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
    ProjectionGradients.kernel(count * TIMESTEPS, encoder_l0TrainOutput, 0, ENCODER_L0_OUTPUT_STRIDE, 2 * ENCODER_L0_UNITS, encoderForwardTrainProjection, 0, ENCODER_GATES, ENCODER_GATES, encoderForwardKernelGradient);
    ProjectionGradients.bias(count * TIMESTEPS, encoderForwardTrainProjection, 0, ENCODER_GATES, ENCODER_GATES, encoderForwardBiasGradient, 0);
    ProjectionGradients.addInput(count * TIMESTEPS, encoderForwardTrainProjection, 0, ENCODER_GATES, ENCODER_GATES, encoderForwardKernel, 2 * ENCODER_L0_UNITS, encoder_l0TrainDOutput, 0, ENCODER_L0_OUTPUT_STRIDE);
    // encoder_l0: the merged gradient split between the directions.
    for (int b = 0; b < count; b++) {
      for (int t = 0; t < TIMESTEPS; t++) {
        MergeGradients.concatBackward(encoder_l0TrainDOutput, (b * TIMESTEPS + t) * ENCODER_L0_OUTPUT_STRIDE, encoder_l0ForwardTrainOutput, (b * TIMESTEPS + t) * ENCODER_L0_STRIDE, encoder_l0BackwardTrainOutput, (b * TIMESTEPS + TIMESTEPS - 1 - t) * ENCODER_L0_STRIDE, encoder_l0ForwardTrainDOutput, (b * TIMESTEPS + t) * ENCODER_L0_STRIDE, ENCODER_L0_UNITS, encoder_l0BackwardTrainDOutput, (b * TIMESTEPS + TIMESTEPS - 1 - t) * ENCODER_L0_STRIDE);
      }
    }
    // encoder_l0Backward: BPTT from the last timestep to the first, then the projection's gradients;
    // each step writes its rows' gradient over the projection rows it read.
    Arrays.fill(encoder_l0BackwardTrainDh, 0, count * ENCODER_L0_STRIDE, 0f);
    // the gradient of the loss of the final H, row 1 of encoderTrainDhN (a model output)
    for (int b = 0; b < count; b++) {
      Kernels.add(encoder_l0BackwardTrainDh, b * ENCODER_L0_STRIDE, encoderTrainDhN, (b * 4 + 1) * ENCODER_L0_UNITS, encoder_l0BackwardTrainDh, b * ENCODER_L0_STRIDE, ENCODER_L0_UNITS);
    }
    CellGradients.gruTranspose(encoder_l0BackwardRecurrentKernel, ENCODER_L0_UNITS, ENCODER_L0_STRIDE, encoder_l0BackwardTrainRecurrentTransposed);
    for (int step = TIMESTEPS - 1; step >= 0; step--) {
      int t = TIMESTEPS - 1 - step;
      for (int b = 0; b < count; b++) {
        Kernels.add(encoder_l0BackwardTrainDh, b * ENCODER_L0_STRIDE, encoder_l0BackwardTrainDOutput, (b * TIMESTEPS + step) * ENCODER_L0_STRIDE, encoder_l0BackwardTrainDh, b * ENCODER_L0_STRIDE, ENCODER_L0_UNITS);
      }
      CellGradients.gruBackwardTransposed(count, encoder_l0BackwardTrainProjection, t * ENCODER_L0_GATES, TIMESTEPS * ENCODER_L0_GATES,
          encoder_l0BackwardRecurrentKernel, encoder_l0BackwardBias, ENCODER_L0_GATES,
          ENCODER_L0_UNITS, ENCODER_L0_STRIDE,
          encoder_l0BackwardTrainSaved, t * count * ENCODER_L0_RECORD, null, 0, 0,
          encoder_l0BackwardTrainDh, ENCODER_L0_STRIDE,
          encoder_l0BackwardTrainProjection, encoder_l0BackwardRecurrentKernelGradient,
          encoder_l0BackwardBiasGradient, ENCODER_L0_GATES,
          encoder_l0BackwardTrainScratch, Activation.TANH, Activation.SIGMOID,
          encoder_l0BackwardTrainRecurrentTransposed);
    }
    ProjectionGradients.kernel(count * TIMESTEPS, trainInput, 0, FEATURES, FEATURES, encoder_l0BackwardTrainProjection, 0, ENCODER_L0_GATES, ENCODER_L0_GATES, encoder_l0BackwardKernelGradient);
    ProjectionGradients.bias(count * TIMESTEPS, encoder_l0BackwardTrainProjection, 0, ENCODER_L0_GATES, ENCODER_L0_GATES, encoder_l0BackwardBiasGradient, 0);
    // encoder_l0Forward: BPTT from the last timestep to the first, then the projection's gradients;
    // each step writes its rows' gradient over the projection rows it read.
    Arrays.fill(encoder_l0ForwardTrainDh, 0, count * ENCODER_L0_STRIDE, 0f);
    // the gradient of the loss of the final H, row 0 of encoderTrainDhN (a model output)
    for (int b = 0; b < count; b++) {
      Kernels.add(encoder_l0ForwardTrainDh, b * ENCODER_L0_STRIDE, encoderTrainDhN, (b * 4 + 0) * ENCODER_L0_UNITS, encoder_l0ForwardTrainDh, b * ENCODER_L0_STRIDE, ENCODER_L0_UNITS);
    }
    CellGradients.gruTranspose(encoder_l0ForwardRecurrentKernel, ENCODER_L0_UNITS, ENCODER_L0_STRIDE, encoder_l0ForwardTrainRecurrentTransposed);
    for (int t = TIMESTEPS - 1; t >= 0; t--) {
      for (int b = 0; b < count; b++) {
        Kernels.add(encoder_l0ForwardTrainDh, b * ENCODER_L0_STRIDE, encoder_l0ForwardTrainDOutput, (b * TIMESTEPS + t) * ENCODER_L0_STRIDE, encoder_l0ForwardTrainDh, b * ENCODER_L0_STRIDE, ENCODER_L0_UNITS);
      }
      CellGradients.gruBackwardTransposed(count, encoder_l0ForwardTrainProjection, t * ENCODER_L0_GATES, TIMESTEPS * ENCODER_L0_GATES,
          encoder_l0ForwardRecurrentKernel, encoder_l0ForwardBias, ENCODER_L0_GATES,
          ENCODER_L0_UNITS, ENCODER_L0_STRIDE,
          encoder_l0ForwardTrainSaved, t * count * ENCODER_L0_RECORD, null, 0, 0,
          encoder_l0ForwardTrainDh, ENCODER_L0_STRIDE,
          encoder_l0ForwardTrainProjection, encoder_l0ForwardRecurrentKernelGradient,
          encoder_l0ForwardBiasGradient, ENCODER_L0_GATES,
          encoder_l0ForwardTrainScratch, Activation.TANH, Activation.SIGMOID,
          encoder_l0ForwardTrainRecurrentTransposed);
    }
    ProjectionGradients.kernel(count * TIMESTEPS, trainInput, 0, FEATURES, FEATURES, encoder_l0ForwardTrainProjection, 0, ENCODER_L0_GATES, ENCODER_L0_GATES, encoder_l0ForwardKernelGradient);
    ProjectionGradients.bias(count * TIMESTEPS, encoder_l0ForwardTrainProjection, 0, ENCODER_L0_GATES, ENCODER_L0_GATES, encoder_l0ForwardBiasGradient, 0);
  }

  /**
   * {@code trainForward} split into {@code shards} shards on {@code trainPool}, then the shards'
   * output rows gathered into this model's.
   */
  private void shardedForward(float[][][] x, int[] order, int from, int count, int shards,
      boolean training) {
    if (trainShards.length < shards - 1) {
      RnncTorchStates[] grown = Arrays.copyOf(trainShards, shards - 1);
      shardGradients = Arrays.copyOf(shardGradients, shards - 1);
      for (int s = trainShards.length; s < grown.length; s++) {
        grown[s] = new RnncTorchStates(this);
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
      RnncTorchStates shard = trainShards[s - 1];
      System.arraycopy(shard.headTrainOutput, 0, headTrainOutput, start * HEAD_STRIDE, samples * HEAD_STRIDE);
      System.arraycopy(shard.encoderTrainHN, 0, encoderTrainHN, start * 4 * ENCODER_L0_UNITS, samples * 4 * ENCODER_L0_UNITS);
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
      RnncTorchStates shard = trainShards[s - 1];
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
      System.arraycopy(encoderTrainDhN, start * 4 * ENCODER_L0_UNITS, trainShards[s - 1].encoderTrainDhN, 0, samples * 4 * ENCODER_L0_UNITS);
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
    encoder_l0ForwardTrainProjection = new float[batch * TIMESTEPS * ENCODER_L0_GATES];
    encoder_l0ForwardTrainH = new float[batch * ENCODER_L0_STRIDE];
    encoder_l0ForwardTrainDh = new float[batch * ENCODER_L0_STRIDE];
    encoder_l0ForwardTrainGates = new float[batch * ENCODER_L0_GATES];
    encoder_l0ForwardTrainSaved = new float[TIMESTEPS * batch * ENCODER_L0_RECORD];
    encoder_l0ForwardTrainScratch = new float[CellGradients.gruScratch(batch, ENCODER_L0_STRIDE)];
    encoder_l0ForwardTrainOutput = new float[batch * TIMESTEPS * ENCODER_L0_STRIDE];
    encoder_l0ForwardTrainDOutput = new float[batch * TIMESTEPS * ENCODER_L0_STRIDE];
    encoderTrainHN = new float[batch * 4 * ENCODER_L0_UNITS];
    encoderTrainDhN = new float[batch * 4 * ENCODER_L0_UNITS];
    encoder_l0BackwardTrainProjection = new float[batch * TIMESTEPS * ENCODER_L0_GATES];
    encoder_l0BackwardTrainH = new float[batch * ENCODER_L0_STRIDE];
    encoder_l0BackwardTrainDh = new float[batch * ENCODER_L0_STRIDE];
    encoder_l0BackwardTrainGates = new float[batch * ENCODER_L0_GATES];
    encoder_l0BackwardTrainSaved = new float[TIMESTEPS * batch * ENCODER_L0_RECORD];
    encoder_l0BackwardTrainScratch = new float[CellGradients.gruScratch(batch, ENCODER_L0_STRIDE)];
    encoder_l0BackwardTrainOutput = new float[batch * TIMESTEPS * ENCODER_L0_STRIDE];
    encoder_l0BackwardTrainDOutput = new float[batch * TIMESTEPS * ENCODER_L0_STRIDE];
    encoder_l0TrainOutput = new float[batch * TIMESTEPS * ENCODER_L0_OUTPUT_STRIDE];
    encoder_l0TrainDOutput = new float[batch * TIMESTEPS * ENCODER_L0_OUTPUT_STRIDE];
    encoderForwardTrainProjection = new float[batch * TIMESTEPS * ENCODER_GATES];
    encoderForwardTrainH = new float[batch * ENCODER_STRIDE];
    encoderForwardTrainDh = new float[batch * ENCODER_STRIDE];
    encoderForwardTrainGates = new float[batch * ENCODER_GATES];
    encoderForwardTrainSaved = new float[TIMESTEPS * batch * ENCODER_RECORD];
    encoderForwardTrainScratch = new float[CellGradients.gruScratch(batch, ENCODER_STRIDE)];
    encoderForwardTrainDOutput = new float[batch * ENCODER_STRIDE];
    encoderBackwardTrainProjection = new float[batch * TIMESTEPS * ENCODER_GATES];
    encoderBackwardTrainH = new float[batch * ENCODER_STRIDE];
    encoderBackwardTrainDh = new float[batch * ENCODER_STRIDE];
    encoderBackwardTrainGates = new float[batch * ENCODER_GATES];
    encoderBackwardTrainSaved = new float[TIMESTEPS * batch * ENCODER_RECORD];
    encoderBackwardTrainScratch = new float[CellGradients.gruScratch(batch, ENCODER_STRIDE)];
    encoderBackwardTrainDOutput = new float[batch * ENCODER_STRIDE];
    encoderTrainOutput = new float[batch * ENCODER_OUTPUT_STRIDE];
    encoderTrainDOutput = new float[batch * ENCODER_OUTPUT_STRIDE];
    headTrainOutput = new float[batch * HEAD_STRIDE];
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
    private final float[] input = new float[TIMESTEPS * FEATURES];

    private final float[] encoder_l0ForwardProjection = new float[TIMESTEPS * ENCODER_L0_GATES];

    private final float[] encoder_l0ForwardH = new float[ENCODER_L0_STRIDE];

    private final float[] encoder_l0ForwardGates = new float[ENCODER_L0_GATES];

    private final float[] encoder_l0ForwardOutput = new float[TIMESTEPS * ENCODER_L0_STRIDE];

    private final float[] encoder_l0BackwardProjection = new float[TIMESTEPS * ENCODER_L0_GATES];

    private final float[] encoder_l0BackwardH = new float[ENCODER_L0_STRIDE];

    private final float[] encoder_l0BackwardGates = new float[ENCODER_L0_GATES];

    private final float[] encoder_l0BackwardOutput = new float[TIMESTEPS * ENCODER_L0_STRIDE];

    private final float[] encoder_l0Output = new float[TIMESTEPS * ENCODER_L0_OUTPUT_STRIDE];

    private final float[] encoderForwardProjection = new float[TIMESTEPS * ENCODER_GATES];

    private final float[] encoderForwardH = new float[ENCODER_STRIDE];

    private final float[] encoderForwardGates = new float[ENCODER_GATES];

    private final float[] encoderBackwardProjection = new float[TIMESTEPS * ENCODER_GATES];

    private final float[] encoderBackwardH = new float[ENCODER_STRIDE];

    private final float[] encoderBackwardGates = new float[ENCODER_GATES];

    private final float[] encoderOutput = new float[ENCODER_OUTPUT_STRIDE];

    private final float[] headOutput = new float[HEAD_STRIDE];

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
     * encoder_l0: @Bidirectional(mergeMode = "concat") @GRU(units = 3, returnSequences = true), (4, 3) -> (4, 6).
     */
    private void runEncoder_l0() {
      // Forward direction.
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(input, 0, FEATURES, TIMESTEPS, FEATURES,
          encoder_l0ForwardKernel, 0, ENCODER_L0_GATES, ENCODER_L0_GATES, encoder_l0ForwardBias, 0,
          encoder_l0ForwardProjection, 0, ENCODER_L0_GATES);
      Arrays.fill(encoder_l0ForwardH, 0f);
      for (int t = 0; t < TIMESTEPS; t++) {
        encoder_l0ForwardStep.step(encoder_l0ForwardProjection, t * ENCODER_L0_GATES,
            encoder_l0ForwardRecurrentKernel, encoder_l0ForwardBias, ENCODER_L0_GATES,
            encoder_l0ForwardGates, encoder_l0ForwardH);
        System.arraycopy(encoder_l0ForwardH, 0, encoder_l0ForwardOutput, t * ENCODER_L0_STRIDE, ENCODER_L0_STRIDE);
      }
      // Backward direction, output in processing order.
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(input, 0, FEATURES, TIMESTEPS, FEATURES,
          encoder_l0BackwardKernel, 0, ENCODER_L0_GATES, ENCODER_L0_GATES,
          encoder_l0BackwardBias, 0, encoder_l0BackwardProjection, 0, ENCODER_L0_GATES);
      Arrays.fill(encoder_l0BackwardH, 0f);
      for (int step = 0; step < TIMESTEPS; step++) {
        int t = TIMESTEPS - 1 - step;
        encoder_l0BackwardStep.step(encoder_l0BackwardProjection, t * ENCODER_L0_GATES,
            encoder_l0BackwardRecurrentKernel, encoder_l0BackwardBias, ENCODER_L0_GATES,
            encoder_l0BackwardGates, encoder_l0BackwardH);
        System.arraycopy(encoder_l0BackwardH, 0, encoder_l0BackwardOutput, step * ENCODER_L0_STRIDE, ENCODER_L0_STRIDE);
      }
      // merge_mode="concat", backward rows flipped back to input order.
      Merge.concat(encoder_l0ForwardOutput, encoder_l0BackwardOutput, TIMESTEPS, ENCODER_L0_UNITS, ENCODER_L0_STRIDE, true,
          encoder_l0Output, ENCODER_L0_OUTPUT_STRIDE);
    }

    /**
     * encoder: @Bidirectional(mergeMode = "concat") @GRU(units = 3, returnState = true), (4, 6) -> (6,).
     */
    private void runEncoder() {
      // Forward direction.
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(encoder_l0Output, 0, ENCODER_L0_OUTPUT_STRIDE, TIMESTEPS, ENCODER_L0_WIDTH,
          encoderForwardKernel, 0, ENCODER_GATES, ENCODER_GATES, encoderForwardBias, 0,
          encoderForwardProjection, 0, ENCODER_GATES);
      Arrays.fill(encoderForwardH, 0f);
      for (int t = 0; t < TIMESTEPS; t++) {
        encoderForwardStep.step(encoderForwardProjection, t * ENCODER_GATES,
            encoderForwardRecurrentKernel, encoderForwardBias, ENCODER_GATES,
            encoderForwardGates, encoderForwardH);
      }
      // Backward direction.
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(encoder_l0Output, 0, ENCODER_L0_OUTPUT_STRIDE, TIMESTEPS, ENCODER_L0_WIDTH,
          encoderBackwardKernel, 0, ENCODER_GATES, ENCODER_GATES, encoderBackwardBias, 0,
          encoderBackwardProjection, 0, ENCODER_GATES);
      Arrays.fill(encoderBackwardH, 0f);
      for (int step = 0; step < TIMESTEPS; step++) {
        int t = TIMESTEPS - 1 - step;
        encoderBackwardStep.step(encoderBackwardProjection, t * ENCODER_GATES,
            encoderBackwardRecurrentKernel, encoderBackwardBias, ENCODER_GATES,
            encoderBackwardGates, encoderBackwardH);
      }
      // merge_mode="concat".
      Merge.concat(encoderForwardH, encoderBackwardH, 1, ENCODER_UNITS, ENCODER_STRIDE, false,
          encoderOutput, ENCODER_OUTPUT_STRIDE);
    }

    /**
     * head: @Dense(units = 1), (6,) -> (1,).
     */
    private void runHead() {
      Kernels.matmulColumn(encoderOutput, 0, ENCODER_OUTPUT_STRIDE, 1, ENCODER_WIDTH,
          headColumn.current(), 0, HEAD_STRIDE, headBias, 0, headOutput, 0, HEAD_STRIDE);
    }
  }
}
