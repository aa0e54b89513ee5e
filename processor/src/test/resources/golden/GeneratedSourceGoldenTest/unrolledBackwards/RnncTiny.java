package test;

import dev.rnnc.runtime.Initializer;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.ModelSummary;
import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.io.Weights;
import dev.rnnc.runtime.nn.Cells;
import dev.rnnc.runtime.nn.Inputs;
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
 * The rnnc implementation of {@link Tiny}.
 *
 * <pre>
 * input: (3, 2)
 * rnn: @SimpleRNN(units = 4, returnSequences = true, goBackwards = true, unroll = true), (3, 2) -> (3, 4).
 * gru: @GRU(units = 2, unroll = true), (3, 4) -> (2,).
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
public final class RnncTiny implements Tiny, RnncModel {
  static final int TIMESTEPS = 3;

  static final int FEATURES = 2;

  static final int RNN_UNITS = 4;

  static final int RNN_STRIDE = 16;

  static final int RNN_GATES = RNN_STRIDE;

  /**
   * rnn's step, made once for its sizes: the kernels may specialise it to them.
   */
  private static final SimpleRnnStep RNN_STEP = Cells.simpleRnnStep(RNN_UNITS, RNN_STRIDE, Activation.TANH);

  static final int GRU_UNITS = 2;

  static final int GRU_STRIDE = 16;

  static final int GRU_GATES = 3 * GRU_STRIDE;

  /**
   * rnn: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> RNN_CONFIG = Map.ofEntries(
    Map.entry("units", 4),
    Map.entry("activation", "tanh"),
    Map.entry("use_bias", true),
    Map.entry("return_sequences", true),
    Map.entry("return_state", false),
    Map.entry("go_backwards", true),
    Map.entry("stateful", false),
    Map.entry("unroll", true),
    Map.entry("zero_output_for_mask", false));

  /**
   * gru: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> GRU_CONFIG = Map.ofEntries(
    Map.entry("units", 2),
    Map.entry("activation", "tanh"),
    Map.entry("recurrent_activation", "sigmoid"),
    Map.entry("reset_after", true),
    Map.entry("use_bias", true),
    Map.entry("return_sequences", false),
    Map.entry("return_state", false),
    Map.entry("go_backwards", false),
    Map.entry("stateful", false),
    Map.entry("unroll", true),
    Map.entry("zero_output_for_mask", false));

  /**
   * rnn: Keras {@code kernel} (FEATURES, 1·units), gate blocks (one).
   */
  private final float[] rnnKernel;

  /**
   * rnn: Keras {@code recurrent_kernel} (units, 1·units).
   */
  private final float[] rnnRecurrentKernel;

  /**
   * rnn: Keras {@code bias}.
   */
  private final float[] rnnBias;

  /**
   * gru: Keras {@code kernel} (RNN_UNITS, 3·units), gate blocks z, r, h.
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

  private final Layer rnnLayer;

  private final Layer gruLayer;

  /**
   * gru's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.gruStep); shared with copies.
   */
  private final GruStep gruStep;

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
  private RnncTiny(RnncTiny from) {
    rnnKernel = from != null ? from.rnnKernel : new float[FEATURES * RNN_GATES];
    rnnRecurrentKernel = from != null ? from.rnnRecurrentKernel : new float[RNN_UNITS * RNN_GATES];
    rnnBias = from != null ? from.rnnBias : new float[RNN_GATES];
    gruKernel = from != null ? from.gruKernel : new float[RNN_UNITS * GRU_GATES];
    gruRecurrentKernel = from != null ? from.gruRecurrentKernel : new float[GRU_UNITS * GRU_GATES];
    gruBias = from != null ? from.gruBias : new float[2 * GRU_GATES];
    super();
    rnnLayer = new Layer("rnn", "SimpleRNN", RNN_CONFIG, from != null ? from.rnnLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(FEATURES, RNN_UNITS, 0), rnnKernel, Initializer.glorotUniform()),
        new Variable("recurrent_kernel", PackedLayout.matrix(RNN_UNITS, RNN_UNITS, 0), rnnRecurrentKernel, Initializer.orthogonal()),
        new Variable("bias", PackedLayout.vector(RNN_UNITS, 0), rnnBias, Initializer.zeros())));
    gruLayer = new Layer("gru", "GRU", GRU_CONFIG, from != null ? from.gruLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(RNN_UNITS, GRU_UNITS, 0, 1, 2), gruKernel, Initializer.glorotUniform()),
        new Variable("recurrent_kernel", PackedLayout.matrix(GRU_UNITS, GRU_UNITS, 0, 1, 2), gruRecurrentKernel, Initializer.orthogonal()),
        new Variable("bias", PackedLayout.matrix(2, GRU_UNITS, 0, 1, 2), gruBias, Initializer.zeros())));
    layers = List.of(rnnLayer, gruLayer);
    gruStep = from != null ? from.gruStep : Cells.gruStep(layers, gruRecurrentKernel,
        GRU_UNITS, GRU_STRIDE, Activation.TANH, Activation.SIGMOID, true);
  }

  /**
   * A model with Keras-default initial weights (glorot_uniform kernels, orthogonal recurrent
   * kernels, zero biases, forget-gate biases 1), drawn from {@code seed}.
   */
  public static RnncTiny create(long seed) {
    RnncTiny model = new RnncTiny(null);
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
  public static RnncTiny load(Path path) throws IOException {
    RnncTiny model = new RnncTiny(null);
    Weights.load(path, model);
    return model;
  }

  /**
   * A model that shares this one's weights (the same arrays: weights set, loaded or trained
   * through either are the other's too) and has its own workspaces and carried states (zeros):
   * one per stream of a stateful model. Cheap: allocates no weights.
   */
  @Override
  public RnncTiny copy() {
    return new RnncTiny(this);
  }

  @Override
  public String modelName() {
    return "Tiny";
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
        ModelSummary.row(rnnLayer, "(None, 3, 4)"),
        ModelSummary.row(gruLayer, "(None, 2)")));
  }

  /**
   * Keras' {@code model.summary()} as Keras 3.15 prints it (see {@link #modelSummary()}).
   */
  public String summary() {
    return modelSummary().format();
  }

  @Override
  public Layer rnn() {
    return rnnLayer;
  }

  @Override
  public Layer gru() {
    return gruLayer;
  }

  @Override
  public float[] predict(float[][] x) {
    Workspace workspace = workspaces.acquire();
    try {
      return workspace.predict(x);
    } finally {
      workspaces.release(workspace);
    }
  }

  /**
   * The arrays one call computes in and the methods that run the layers (over the model's
   * weights). A call has a workspace to itself from taking it to giving it back.
   */
  private final class Workspace {
    private final float[] input = new float[TIMESTEPS * FEATURES];

    private final float[] rnnProjection = new float[TIMESTEPS * RNN_GATES];

    private final float[] rnnH = new float[RNN_STRIDE];

    private final float[] rnnGates = new float[RNN_GATES];

    private final float[] rnnOutput = new float[TIMESTEPS * RNN_STRIDE];

    private final float[] gruProjection = new float[TIMESTEPS * GRU_GATES];

    private final float[] gruH = new float[GRU_STRIDE];

    private final float[] gruGates = new float[GRU_GATES];

    float[] predict(float[][] x) {
      Inputs.checkSequence(x, "x", TIMESTEPS, FEATURES);
      run(x);
      return Arrays.copyOf(gruH, GRU_UNITS);
    }

    /**
     * Runs every layer on one sample that the caller has checked.
     */
    private void run(float[][] sample) {
      Inputs.packSequence(sample, TIMESTEPS, FEATURES, input);
      runRnn();
      runGru();
    }

    /**
     * rnn: @SimpleRNN(units = 4, returnSequences = true, goBackwards = true, unroll = true), (3, 2) -> (3, 4).
     */
    private void runRnn() {
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(input, 0, FEATURES, TIMESTEPS, FEATURES, rnnKernel, 0, RNN_GATES, RNN_GATES,
          rnnBias, 0, rnnProjection, 0, RNN_GATES);
      Arrays.fill(rnnH, 0f);
      // timestep 2
      RNN_STEP.step(rnnProjection, 2 * RNN_GATES, rnnRecurrentKernel, rnnH, rnnGates);
      System.arraycopy(rnnH, 0, rnnOutput, 0 * RNN_STRIDE, RNN_STRIDE);
      // timestep 1
      RNN_STEP.step(rnnProjection, 1 * RNN_GATES, rnnRecurrentKernel, rnnH, rnnGates);
      System.arraycopy(rnnH, 0, rnnOutput, 1 * RNN_STRIDE, RNN_STRIDE);
      // timestep 0
      RNN_STEP.step(rnnProjection, 0 * RNN_GATES, rnnRecurrentKernel, rnnH, rnnGates);
      System.arraycopy(rnnH, 0, rnnOutput, 2 * RNN_STRIDE, RNN_STRIDE);
    }

    /**
     * gru: @GRU(units = 2, unroll = true), (3, 4) -> (2,).
     */
    private void runGru() {
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(rnnOutput, 0, RNN_STRIDE, TIMESTEPS, RNN_UNITS,
          gruKernel, 0, GRU_GATES, GRU_GATES, gruBias, 0, gruProjection, 0, GRU_GATES);
      Arrays.fill(gruH, 0f);
      // timestep 0
      gruStep.step(gruProjection, 0 * GRU_GATES, gruRecurrentKernel, gruBias, GRU_GATES,
          gruGates, gruH);
      // timestep 1
      gruStep.step(gruProjection, 1 * GRU_GATES, gruRecurrentKernel, gruBias, GRU_GATES,
          gruGates, gruH);
      // timestep 2
      gruStep.step(gruProjection, 2 * GRU_GATES, gruRecurrentKernel, gruBias, GRU_GATES,
          gruGates, gruH);
    }
  }
}
