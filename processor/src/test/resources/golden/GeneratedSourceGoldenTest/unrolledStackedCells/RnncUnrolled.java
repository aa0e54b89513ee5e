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
import dev.rnnc.runtime.nn.Masks;
import dev.rnnc.runtime.nn.StackedCells;
import dev.rnnc.runtime.nn.WorkspacePool;
import dev.rnnc.runtime.simd.Activation;
import dev.rnnc.runtime.simd.GruStep;
import dev.rnnc.runtime.simd.Kernels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Generated;

/**
 * The rnnc implementation of {@link Unrolled}.
 *
 * <pre>
 * input: (3, 2)
 * mask: @Masking(maskValue = 0.0), (3, 2) -> (3, 2).
 * stack: @RNN(cells = {@Cell(type = GRUCell.class, units = 4), @Cell(type = Tiny.class, units = 3)}, goBackwards = true, unroll = true), (3, 2) -> (3,).
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
public final class RnncUnrolled implements Unrolled, RnncModel {
  static final int TIMESTEPS = 3;

  static final int FEATURES = 2;

  static final int STACK_OUTPUT_SIZE = 3;

  static final int STACK_CELL0_UNITS = 4;

  static final int STACK_CELL0_STRIDE = 16;

  static final int STACK_CELL0_GATES = 3 * STACK_CELL0_STRIDE;

  static final int STACK_CELL1_UNITS = 3;

  static final int STACK_CELL1_OUTPUT_SIZE = 3;

  /**
   * mask: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> MASK_CONFIG = Map.ofEntries(
    Map.entry("mask_value", 0.0));

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
        Map.entry("class_name", "Tiny"),
        Map.entry("config", Map.ofEntries(
          Map.entry("units", 3))),
        Map.entry("rnnc_key", "tiny"),
        Map.entry("rnnc_cell", "test.Tiny")))))),
    Map.entry("return_sequences", false),
    Map.entry("return_state", false),
    Map.entry("go_backwards", true),
    Map.entry("stateful", false),
    Map.entry("unroll", true),
    Map.entry("zero_output_for_mask", false));

  /**
   * stackCell0: Keras {@code gru_cell/kernel} (FEATURES, 3·units), gate blocks z, r, h.
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

  private final Layer maskLayer;

  private final Layer stackLayer;

  /**
   * stackCell0's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.gruStep); shared with copies.
   */
  private final GruStep stackCell0Step;

  /**
   * stackCell1: the custom cell, which owns its weights.
   */
  private final Tiny stackCell1;

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
  private RnncUnrolled(RnncUnrolled from) {
    stackCell0Kernel = from != null ? from.stackCell0Kernel : new float[FEATURES * STACK_CELL0_GATES];
    stackCell0RecurrentKernel = from != null ? from.stackCell0RecurrentKernel : new float[STACK_CELL0_UNITS * STACK_CELL0_GATES];
    stackCell0Bias = from != null ? from.stackCell0Bias : new float[2 * STACK_CELL0_GATES];
    stackCell1 = from != null ? from.stackCell1 : new Tiny(STACK_CELL0_UNITS, STACK_CELL1_UNITS);
    super();
    maskLayer = new Layer("mask", "Masking", MASK_CONFIG, List.of());
    stackLayer = new Layer("stack", "RNN", STACK_CONFIG, StackedCells.concat(
        List.of(
        new Variable("gru_cell/kernel", PackedLayout.matrix(FEATURES, STACK_CELL0_UNITS, 0, 1, 2), stackCell0Kernel, Initializer.glorotUniform()),
        new Variable("gru_cell/recurrent_kernel", PackedLayout.matrix(STACK_CELL0_UNITS, STACK_CELL0_UNITS, 0, 1, 2), stackCell0RecurrentKernel, Initializer.orthogonal()),
        new Variable("gru_cell/bias", PackedLayout.matrix(2, STACK_CELL0_UNITS, 0, 1, 2), stackCell0Bias, Initializer.zeros())),
        StackedCells.prefixed("tiny", stackCell1.variables())));
    layers = List.of(maskLayer, stackLayer);
    stackCell0Step = from != null ? from.stackCell0Step :
        Cells.gruStep(layers, stackCell0RecurrentKernel,
        STACK_CELL0_UNITS, STACK_CELL0_STRIDE, Activation.TANH, Activation.SIGMOID, true);
  }

  /**
   * A model with Keras-default initial weights (glorot_uniform kernels, orthogonal recurrent
   * kernels, zero biases, forget-gate biases 1), drawn from {@code seed}.
   */
  public static RnncUnrolled create(long seed) {
    RnncUnrolled model = new RnncUnrolled(null);
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
  public static RnncUnrolled load(Path path) throws IOException {
    RnncUnrolled model = new RnncUnrolled(null);
    Weights.load(path, model);
    return model;
  }

  /**
   * A model that shares this one's weights (the same arrays: weights set, loaded or trained
   * through either are the other's too) and has its own workspaces and carried states (zeros):
   * one per stream of a stateful model. Cheap: allocates no weights.
   */
  @Override
  public RnncUnrolled copy() {
    return new RnncUnrolled(this);
  }

  @Override
  public String modelName() {
    return "Unrolled";
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
        ModelSummary.row(maskLayer, "(None, 3, 2)"),
        ModelSummary.row(stackLayer, "(None, 3)")));
  }

  /**
   * Keras' {@code model.summary()} as Keras 3.15 prints it (see {@link #modelSummary()}).
   */
  public String summary() {
    return modelSummary().format();
  }

  @Override
  public Layer mask() {
    return maskLayer;
  }

  @Override
  public Layer stack() {
    return stackLayer;
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

    /**
     * Which timesteps are real (true) or padding, written by the layer that makes the mask.
     */
    private final boolean[] mask = new boolean[TIMESTEPS];

    private final float[] maskOutput = new float[TIMESTEPS * FEATURES];

    private final float[] stackCell0Projection = new float[TIMESTEPS * STACK_CELL0_GATES];

    private final float[] stackCell0H = new float[STACK_CELL0_STRIDE];

    private final float[] stackCell0Gates = new float[STACK_CELL0_GATES];

    private final float[][] stackCell1States = {new float[3]};

    private final float[] stackCell1Output = new float[STACK_CELL1_OUTPUT_SIZE];

    private final float[] stackLast = new float[STACK_OUTPUT_SIZE];

    float[] predict(float[][] x) {
      Inputs.checkSequence(x, "x", TIMESTEPS, FEATURES);
      run(x);
      return Arrays.copyOf(stackLast, STACK_OUTPUT_SIZE);
    }

    /**
     * Runs every layer on one sample that the caller has checked.
     */
    private void run(float[][] sample) {
      Inputs.packSequence(sample, TIMESTEPS, FEATURES, input);
      runMask();
      runStack();
    }

    /**
     * mask: @Masking(maskValue = 0.0), (3, 2) -> (3, 2).
     */
    private void runMask() {
      Masks.fromValue(input, TIMESTEPS, FEATURES, FEATURES, 0.0f, mask, maskOutput);
    }

    /**
     * stack: @RNN(cells = {@Cell(type = GRUCell.class, units = 4), @Cell(type = Tiny.class, units = 3)}, goBackwards = true, unroll = true), (3, 2) -> (3,).
     */
    private void runStack() {
      // cell input x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(maskOutput, 0, FEATURES, TIMESTEPS, FEATURES,
          stackCell0Kernel, 0, STACK_CELL0_GATES, STACK_CELL0_GATES, stackCell0Bias, 0,
          stackCell0Projection, 0, STACK_CELL0_GATES);
      Arrays.fill(stackCell0H, 0f);
      for (float[] state : stackCell1States) {
        Arrays.fill(state, 0f);
      }
      Arrays.fill(stackLast, 0f);
      // timestep 2
      if (mask[2]) {
        // cell 0: GRUCell(4)
        stackCell0Step.step(stackCell0Projection, 2 * STACK_CELL0_GATES,
            stackCell0RecurrentKernel, stackCell0Bias, STACK_CELL0_GATES,
            stackCell0Gates, stackCell0H);
        // cell 1: Tiny(3), reading cell 0's output
        stackCell1.step(stackCell0H, 0, stackCell1States, stackCell1Output);
        System.arraycopy(stackCell1Output, 0, stackLast, 0, STACK_OUTPUT_SIZE);
      } else {
        // masked: no cell runs, every state carries over unchanged
      }
      // timestep 1
      if (mask[1]) {
        // cell 0: GRUCell(4)
        stackCell0Step.step(stackCell0Projection, 1 * STACK_CELL0_GATES,
            stackCell0RecurrentKernel, stackCell0Bias, STACK_CELL0_GATES,
            stackCell0Gates, stackCell0H);
        // cell 1: Tiny(3), reading cell 0's output
        stackCell1.step(stackCell0H, 0, stackCell1States, stackCell1Output);
        System.arraycopy(stackCell1Output, 0, stackLast, 0, STACK_OUTPUT_SIZE);
      } else {
        // masked: no cell runs, every state carries over unchanged
      }
      // timestep 0
      if (mask[0]) {
        // cell 0: GRUCell(4)
        stackCell0Step.step(stackCell0Projection, 0 * STACK_CELL0_GATES,
            stackCell0RecurrentKernel, stackCell0Bias, STACK_CELL0_GATES,
            stackCell0Gates, stackCell0H);
        // cell 1: Tiny(3), reading cell 0's output
        stackCell1.step(stackCell0H, 0, stackCell1States, stackCell1Output);
        System.arraycopy(stackCell1Output, 0, stackLast, 0, STACK_OUTPUT_SIZE);
      } else {
        // masked: no cell runs, every state carries over unchanged
      }
    }
  }
}
