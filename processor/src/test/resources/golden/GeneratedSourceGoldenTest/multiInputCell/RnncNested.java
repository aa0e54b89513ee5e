package test;

import dev.rnnc.runtime.Initializer;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.ModelGraph;
import dev.rnnc.runtime.ModelSummary;
import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.io.Weights;
import dev.rnnc.runtime.nn.Inputs;
import dev.rnnc.runtime.nn.Outputs;
import dev.rnnc.runtime.nn.WorkspacePool;
import dev.rnnc.runtime.simd.Kernels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.annotation.processing.Generated;

/**
 * The rnnc implementation of {@link Nested}.
 *
 * <pre>
 * input: (None, 3)
 * project: @Dense(units = 4), (None, 3) -> (None, 4). Takes x.
 * nested: @RNN(cell = Pair.class, units = 4, returnSequences = true), (None, 3) + (None, 4) -> (None, 10). Takes x, project.
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
public final class RnncNested implements Nested, RnncModel {
  static final int TIMESTEPS = -1;

  static final int FEATURES = 3;

  static final int PROJECT_UNITS = 4;

  static final int PROJECT_STRIDE = 16;

  static final int NESTED_OUTPUT_SIZE = 10;

  static final int NESTED_UNITS = 4;

  /**
   * project: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> PROJECT_CONFIG = Map.ofEntries(
    Map.entry("units", 4),
    Map.entry("activation", "linear"),
    Map.entry("use_bias", true),
    Map.entry("rnnc_inbound", List.of("x")));

  /**
   * nested: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> NESTED_CONFIG = Map.ofEntries(
    Map.entry("rnnc_cell", "test.Pair"),
    Map.entry("units", 4),
    Map.entry("return_sequences", true),
    Map.entry("return_state", false),
    Map.entry("go_backwards", false),
    Map.entry("stateful", false),
    Map.entry("unroll", false),
    Map.entry("zero_output_for_mask", false),
    Map.entry("rnnc_inbound", List.of("x", "project")));

  /**
   * project: Keras {@code kernel} (FEATURES, units).
   */
  private final float[] projectKernel;

  /**
   * project: Keras {@code bias} (units,).
   */
  private final float[] projectBias;

  private final Layer projectLayer;

  private final Layer nestedLayer;

  /**
   * nested: the custom cell, which owns its weights; it reads 2 inputs per timestep.
   */
  private final Pair nestedCell;

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
  private RnncNested(RnncNested from) {
    projectKernel = from != null ? from.projectKernel : new float[FEATURES * PROJECT_STRIDE];
    projectBias = from != null ? from.projectBias : new float[PROJECT_STRIDE];
    nestedCell = from != null ? from.nestedCell : new Pair(new int[] {FEATURES, PROJECT_UNITS}, NESTED_UNITS);
    super();
    projectLayer = new Layer("project", "Dense", PROJECT_CONFIG, from != null ? from.projectLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(FEATURES, PROJECT_UNITS, 0), projectKernel, Initializer.glorotUniform()),
        new Variable("bias", PackedLayout.vector(PROJECT_UNITS, 0), projectBias, Initializer.zeros())));
    nestedLayer = new Layer("nested", "RNN", NESTED_CONFIG, nestedCell.variables());
    layers = List.of(projectLayer, nestedLayer);
  }

  /**
   * A model with Keras-default initial weights (glorot_uniform kernels, orthogonal recurrent
   * kernels, zero biases, forget-gate biases 1), drawn from {@code seed}.
   */
  public static RnncNested create(long seed) {
    RnncNested model = new RnncNested(null);
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
  public static RnncNested load(Path path) throws IOException {
    RnncNested model = new RnncNested(null);
    Weights.load(path, model);
    return model;
  }

  /**
   * A model that shares this one's weights (the same arrays: weights set, loaded or trained
   * through either are the other's too) and has its own workspaces and carried states (zeros):
   * one per stream of a stateful model. Cheap: allocates no weights.
   */
  @Override
  public RnncNested copy() {
    return new RnncNested(this);
  }

  @Override
  public String modelName() {
    return "Nested";
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
        ModelSummary.input("x", "(None, None, 3)"),
        ModelSummary.row(projectLayer, "(None, None, 4)", "x[0][0]"),
        ModelSummary.row(nestedLayer, "(None, None, 10)", "x[0][0], project[0][0]")));
  }

  /**
   * The functional model Keras would build ({@code saveKeras} writes it): its operations in Keras'
   * order, the tensors each layer application takes ({@code layer[node][tensor]}) and its output
   * shapes, the model's inputs and outputs.
   */
  @Override
  public Optional<ModelGraph> modelGraph() {
    return Optional.of(ModelGraph.of(List.of(
          ModelGraph.input("x", "(None, None, 3)", "float32"),
          ModelGraph.node("project", List.of("x[0][0]"), List.of(), "(None, None, 4)"),
          ModelGraph.node("nested", List.of("x[0][0]", "project[0][0]"), List.of(), "(None, None, 10)")),
          List.of("x"),
          List.of("nested[0][0]")));
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
  public Layer project(Layer x) {
    return projectLayer;
  }

  /**
   * The parameters only declare the wiring; the arguments are ignored.
   */
  @Override
  public Layer nested(Layer x, Layer project) {
    return nestedLayer;
  }

  @Override
  public float[][] predict(float[][] x) {
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
    private float[] input = new float[0];

    private float[] projectOutput = new float[0];

    private final float[][] nestedStates = {new float[4], new float[6]};

    /**
     * The input buffers nested's cell reads, in parameter order.
     */
    private final float[][] nestedInputs = new float[2][];

    /**
     * Where this timestep's row of each input starts.
     */
    private final int[] nestedOffsets = new int[2];

    private final float[] nestedStep = new float[NESTED_OUTPUT_SIZE];

    private float[] nestedOutput = new float[0];

    /**
     * Timesteps the per-timestep arrays hold; they grow, never shrink.
     */
    private int capacity;

    float[][] predict(float[][] x) {
      int timesteps = Inputs.checkSequence(x, "x", TIMESTEPS, FEATURES);
      run(x, timesteps);
      return Outputs.sequence(nestedOutput, timesteps, NESTED_OUTPUT_SIZE, NESTED_OUTPUT_SIZE);
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
      runProject(timesteps);
      runNested(timesteps);
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
      projectOutput = new float[capacity * PROJECT_STRIDE];
      nestedOutput = new float[capacity * NESTED_OUTPUT_SIZE];
    }

    /**
     * project: @Dense(units = 4), (None, 3) -> (None, 4).
     */
    private void runProject(int timesteps) {
      // Applied to every timestep, as Keras does: one matrix product over all rows.
      Kernels.matmul(input, 0, FEATURES, timesteps, FEATURES,
          projectKernel, 0, PROJECT_STRIDE, PROJECT_STRIDE, projectBias, 0,
          projectOutput, 0, PROJECT_STRIDE);
    }

    /**
     * nested: @RNN(cell = Pair.class, units = 4, returnSequences = true), (None, 3) + (None, 4) -> (None, 10).
     */
    private void runNested(int timesteps) {
      nestedInputs[0] = input;
      nestedInputs[1] = projectOutput;
      for (float[] state : nestedStates) {
        Arrays.fill(state, 0f);
      }
      for (int t = 0; t < timesteps; t++) {
        nestedOffsets[0] = t * FEATURES;
        nestedOffsets[1] = t * PROJECT_STRIDE;
        nestedCell.step(nestedInputs, nestedOffsets, nestedStates, nestedStep);
        System.arraycopy(nestedStep, 0, nestedOutput, t * NESTED_OUTPUT_SIZE, NESTED_OUTPUT_SIZE);
      }
    }
  }
}
