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
import dev.rnnc.runtime.nn.Outputs;
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
 * The rnnc implementation of {@link Tagger}.
 *
 * <pre>
 * input: (None, 3)
 * encoder: @GRU(units = 20, returnSequences = true), (None, 3) -> (None, 20).
 * decoder: @GRU(units = 5, recurrentActivation = "hard_sigmoid", resetAfter = false, returnSequences = true), (None, 20) -> (None, 5).
 * tags: @Dense(units = 4, activation = "softmax"), (None, 5) -> (None, 4).
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
public final class RnncTagger implements Tagger, RnncModel {
  static final int TIMESTEPS = -1;

  static final int FEATURES = 3;

  static final int ENCODER_UNITS = 20;

  static final int ENCODER_STRIDE = 32;

  static final int ENCODER_GATES = 3 * ENCODER_STRIDE;

  static final int DECODER_UNITS = 5;

  static final int DECODER_STRIDE = 16;

  static final int DECODER_GATES = 3 * DECODER_STRIDE;

  static final int TAGS_UNITS = 4;

  static final int TAGS_STRIDE = 16;

  /**
   * encoder: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> ENCODER_CONFIG = Map.ofEntries(
    Map.entry("units", 20),
    Map.entry("activation", "tanh"),
    Map.entry("recurrent_activation", "sigmoid"),
    Map.entry("reset_after", true),
    Map.entry("use_bias", true),
    Map.entry("return_sequences", true),
    Map.entry("return_state", false),
    Map.entry("go_backwards", false),
    Map.entry("stateful", false),
    Map.entry("unroll", false),
    Map.entry("zero_output_for_mask", false));

  /**
   * decoder: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> DECODER_CONFIG = Map.ofEntries(
    Map.entry("units", 5),
    Map.entry("activation", "tanh"),
    Map.entry("recurrent_activation", "hard_sigmoid"),
    Map.entry("reset_after", false),
    Map.entry("use_bias", true),
    Map.entry("return_sequences", true),
    Map.entry("return_state", false),
    Map.entry("go_backwards", false),
    Map.entry("stateful", false),
    Map.entry("unroll", false),
    Map.entry("zero_output_for_mask", false));

  /**
   * tags: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> TAGS_CONFIG = Map.ofEntries(
    Map.entry("units", 4),
    Map.entry("activation", "softmax"),
    Map.entry("use_bias", true));

  /**
   * encoder: Keras {@code kernel} (FEATURES, 3·units), gate blocks z, r, h.
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
   * decoder: Keras {@code kernel} (ENCODER_UNITS, 3·units), gate blocks z, r, h.
   */
  private final float[] decoderKernel;

  /**
   * decoder: Keras {@code recurrent_kernel} (units, 3·units).
   */
  private final float[] decoderRecurrentKernel;

  /**
   * decoder: Keras {@code bias}.
   */
  private final float[] decoderBias;

  /**
   * tags: Keras {@code kernel} (DECODER_UNITS, units).
   */
  private final float[] tagsKernel;

  /**
   * tags: Keras {@code bias} (units,).
   */
  private final float[] tagsBias;

  private final Layer encoderLayer;

  /**
   * encoder's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.gruStep); shared with copies.
   */
  private final GruStep encoderStep;

  private final Layer decoderLayer;

  private final Layer tagsLayer;

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
  private RnncTagger(RnncTagger from) {
    encoderKernel = from != null ? from.encoderKernel : new float[FEATURES * ENCODER_GATES];
    encoderRecurrentKernel = from != null ? from.encoderRecurrentKernel : new float[ENCODER_UNITS * ENCODER_GATES];
    encoderBias = from != null ? from.encoderBias : new float[2 * ENCODER_GATES];
    decoderKernel = from != null ? from.decoderKernel : new float[ENCODER_UNITS * DECODER_GATES];
    decoderRecurrentKernel = from != null ? from.decoderRecurrentKernel : new float[DECODER_UNITS * DECODER_GATES];
    decoderBias = from != null ? from.decoderBias : new float[DECODER_GATES];
    tagsKernel = from != null ? from.tagsKernel : new float[DECODER_UNITS * TAGS_STRIDE];
    tagsBias = from != null ? from.tagsBias : new float[TAGS_STRIDE];
    super();
    encoderLayer = new Layer("encoder", "GRU", ENCODER_CONFIG, from != null ? from.encoderLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(FEATURES, ENCODER_UNITS, 0, 1, 2), encoderKernel, Initializer.glorotUniform()),
        new Variable("recurrent_kernel", PackedLayout.matrix(ENCODER_UNITS, ENCODER_UNITS, 0, 1, 2), encoderRecurrentKernel, Initializer.orthogonal()),
        new Variable("bias", PackedLayout.matrix(2, ENCODER_UNITS, 0, 1, 2), encoderBias, Initializer.zeros())));
    decoderLayer = new Layer("decoder", "GRU", DECODER_CONFIG, from != null ? from.decoderLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(ENCODER_UNITS, DECODER_UNITS, 0, 1, 2), decoderKernel, Initializer.glorotUniform()),
        new Variable("recurrent_kernel", PackedLayout.matrix(DECODER_UNITS, DECODER_UNITS, 0, 1, 2), decoderRecurrentKernel, Initializer.orthogonal()),
        new Variable("bias", PackedLayout.vector(DECODER_UNITS, 0, 1, 2), decoderBias, Initializer.zeros())));
    tagsLayer = new Layer("tags", "Dense", TAGS_CONFIG, from != null ? from.tagsLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(DECODER_UNITS, TAGS_UNITS, 0), tagsKernel, Initializer.glorotUniform()),
        new Variable("bias", PackedLayout.vector(TAGS_UNITS, 0), tagsBias, Initializer.zeros())));
    layers = List.of(encoderLayer, decoderLayer, tagsLayer);
    encoderStep = from != null ? from.encoderStep : Cells.gruStep(layers, encoderRecurrentKernel,
        ENCODER_UNITS, ENCODER_STRIDE, Activation.TANH, Activation.SIGMOID, true);
  }

  /**
   * A model with Keras-default initial weights (glorot_uniform kernels, orthogonal recurrent
   * kernels, zero biases, forget-gate biases 1), drawn from {@code seed}.
   */
  public static RnncTagger create(long seed) {
    RnncTagger model = new RnncTagger(null);
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
  public static RnncTagger load(Path path) throws IOException {
    RnncTagger model = new RnncTagger(null);
    Weights.load(path, model);
    return model;
  }

  /**
   * A model that shares this one's weights (the same arrays: weights set, loaded or trained
   * through either are the other's too) and has its own workspaces and carried states (zeros):
   * one per stream of a stateful model. Cheap: allocates no weights.
   */
  @Override
  public RnncTagger copy() {
    return new RnncTagger(this);
  }

  @Override
  public String modelName() {
    return "Tagger";
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
        ModelSummary.row(encoderLayer, "(None, None, 20)"),
        ModelSummary.row(decoderLayer, "(None, None, 5)"),
        ModelSummary.row(tagsLayer, "(None, None, 4)")));
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
  public Layer decoder() {
    return decoderLayer;
  }

  @Override
  public Layer tags() {
    return tagsLayer;
  }

  @Override
  public float[][] tag(float[][] sequence) {
    Workspace workspace = workspaces.acquire();
    try {
      return workspace.tag(sequence);
    } finally {
      workspaces.release(workspace);
    }
  }

  @Override
  public void tagAll(float[][][] sequences, float[][][] out) {
    Workspace workspace = workspaces.acquire();
    try {
      workspace.tagAll(sequences, out);
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

    private float[] encoderProjection = new float[0];

    private final float[] encoderH = new float[ENCODER_STRIDE];

    private final float[] encoderGates = new float[ENCODER_GATES];

    private float[] encoderOutput = new float[0];

    private float[] decoderProjection = new float[0];

    private final float[] decoderH = new float[DECODER_STRIDE];

    private final float[] decoderGates = new float[4 * DECODER_STRIDE];

    private float[] decoderOutput = new float[0];

    private float[] tagsOutput = new float[0];

    /**
     * Timesteps the per-timestep arrays hold; they grow, never shrink.
     */
    private int capacity;

    float[][] tag(float[][] sequence) {
      int timesteps = Inputs.checkSequence(sequence, "sequence", TIMESTEPS, FEATURES);
      run(sequence, timesteps);
      return Outputs.sequence(tagsOutput, timesteps, TAGS_UNITS, TAGS_STRIDE);
    }

    void tagAll(float[][][] sequences, float[][][] out) {
      Inputs.checkSequences(sequences, "sequences", TIMESTEPS, FEATURES);
      Outputs.checkBatch(out, "out", sequences.length);
      for (int i = 0; i < sequences.length; i++) {
        Outputs.checkSequence(out[i], "out", i, sequences[i].length, TAGS_UNITS);
      }
      for (int i = 0; i < sequences.length; i++) {
        run(sequences[i], sequences[i].length);
        Outputs.copySequence(tagsOutput, sequences[i].length, TAGS_UNITS, TAGS_STRIDE, out[i]);
      }
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
      runEncoder(timesteps);
      runDecoder(timesteps);
      runTags(timesteps);
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
      encoderProjection = new float[capacity * ENCODER_GATES];
      encoderOutput = new float[capacity * ENCODER_STRIDE];
      decoderProjection = new float[capacity * DECODER_GATES];
      decoderOutput = new float[capacity * DECODER_STRIDE];
      tagsOutput = new float[capacity * TAGS_STRIDE];
    }

    /**
     * encoder: @GRU(units = 20, returnSequences = true), (None, 3) -> (None, 20).
     */
    private void runEncoder(int timesteps) {
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(input, 0, FEATURES, timesteps, FEATURES,
          encoderKernel, 0, ENCODER_GATES, ENCODER_GATES, encoderBias, 0,
          encoderProjection, 0, ENCODER_GATES);
      Arrays.fill(encoderH, 0f);
      for (int t = 0; t < timesteps; t++) {
        encoderStep.step(encoderProjection, t * ENCODER_GATES,
            encoderRecurrentKernel, encoderBias, ENCODER_GATES, encoderGates, encoderH);
        System.arraycopy(encoderH, 0, encoderOutput, t * ENCODER_STRIDE, ENCODER_STRIDE);
      }
    }

    /**
     * decoder: @GRU(units = 5, recurrentActivation = "hard_sigmoid", resetAfter = false, returnSequences = true), (None, 20) -> (None, 5).
     */
    private void runDecoder(int timesteps) {
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(encoderOutput, 0, ENCODER_STRIDE, timesteps, ENCODER_UNITS,
          decoderKernel, 0, DECODER_GATES, DECODER_GATES, decoderBias, 0,
          decoderProjection, 0, DECODER_GATES);
      Arrays.fill(decoderH, 0f);
      for (int t = 0; t < timesteps; t++) {
        Cells.gruResetBefore(decoderProjection, t * DECODER_GATES,
            decoderRecurrentKernel, DECODER_UNITS, DECODER_STRIDE, decoderGates, decoderH,
            Activation.TANH, Activation.HARD_SIGMOID);
        System.arraycopy(decoderH, 0, decoderOutput, t * DECODER_STRIDE, DECODER_STRIDE);
      }
    }

    /**
     * tags: @Dense(units = 4, activation = "softmax"), (None, 5) -> (None, 4).
     */
    private void runTags(int timesteps) {
      // Applied to every timestep, as Keras does: one matrix product over all rows.
      Kernels.matmul(decoderOutput, 0, DECODER_STRIDE, timesteps, DECODER_UNITS,
          tagsKernel, 0, TAGS_STRIDE, TAGS_STRIDE, tagsBias, 0, tagsOutput, 0, TAGS_STRIDE);
      for (int t = 0; t < timesteps; t++) {
        Kernels.softmax(tagsOutput, t * TAGS_STRIDE, TAGS_UNITS);
      }
    }
  }
}
