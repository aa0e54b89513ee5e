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
import dev.rnnc.runtime.simd.Activation;
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
 * {@link #layers()} shows them in Keras layout. An instance keeps its scratch arrays, so it
 * allocates nothing per call beyond a returned array, and is not thread-safe: use one
 * instance per thread.
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
  private final float[] encoderKernel = new float[FEATURES * ENCODER_GATES];

  /**
   * encoder: Keras {@code recurrent_kernel} (units, 3·units).
   */
  private final float[] encoderRecurrentKernel = new float[ENCODER_UNITS * ENCODER_GATES];

  /**
   * encoder: Keras {@code bias} (2, 3·units): input bias, then recurrent bias.
   */
  private final float[] encoderBias = new float[2 * ENCODER_GATES];

  /**
   * decoder: Keras {@code kernel} (ENCODER_UNITS, 3·units), gate blocks z, r, h.
   */
  private final float[] decoderKernel = new float[ENCODER_UNITS * DECODER_GATES];

  /**
   * decoder: Keras {@code recurrent_kernel} (units, 3·units).
   */
  private final float[] decoderRecurrentKernel = new float[DECODER_UNITS * DECODER_GATES];

  /**
   * decoder: Keras {@code bias}.
   */
  private final float[] decoderBias = new float[DECODER_GATES];

  /**
   * tags: Keras {@code kernel} (DECODER_UNITS, units).
   */
  private final float[] tagsKernel = new float[DECODER_UNITS * TAGS_STRIDE];

  /**
   * tags: Keras {@code bias} (units,).
   */
  private final float[] tagsBias = new float[TAGS_STRIDE];

  private final Layer encoderLayer;

  private final Layer decoderLayer;

  private final Layer tagsLayer;

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

  private final List<Layer> layers;

  /**
   * Timesteps the per-timestep arrays hold; they grow, never shrink.
   */
  private int capacity;

  private RnncTagger() {
    encoderLayer = new Layer("encoder", "GRU", ENCODER_CONFIG, List.of(
        new Variable("kernel", PackedLayout.matrix(FEATURES, ENCODER_UNITS, 0, 1, 2), encoderKernel, Initializer.glorotUniform()),
        new Variable("recurrent_kernel", PackedLayout.matrix(ENCODER_UNITS, ENCODER_UNITS, 0, 1, 2), encoderRecurrentKernel, Initializer.orthogonal()),
        new Variable("bias", PackedLayout.matrix(2, ENCODER_UNITS, 0, 1, 2), encoderBias, Initializer.zeros())));
    decoderLayer = new Layer("decoder", "GRU", DECODER_CONFIG, List.of(
        new Variable("kernel", PackedLayout.matrix(ENCODER_UNITS, DECODER_UNITS, 0, 1, 2), decoderKernel, Initializer.glorotUniform()),
        new Variable("recurrent_kernel", PackedLayout.matrix(DECODER_UNITS, DECODER_UNITS, 0, 1, 2), decoderRecurrentKernel, Initializer.orthogonal()),
        new Variable("bias", PackedLayout.vector(DECODER_UNITS, 0, 1, 2), decoderBias, Initializer.zeros())));
    tagsLayer = new Layer("tags", "Dense", TAGS_CONFIG, List.of(
        new Variable("kernel", PackedLayout.matrix(DECODER_UNITS, TAGS_UNITS, 0), tagsKernel, Initializer.glorotUniform()),
        new Variable("bias", PackedLayout.vector(TAGS_UNITS, 0), tagsBias, Initializer.zeros())));
    layers = List.of(encoderLayer, decoderLayer, tagsLayer);
  }

  /**
   * A model with Keras-default initial weights (glorot_uniform kernels, orthogonal recurrent
   * kernels, zero biases, forget-gate biases 1), drawn from {@code seed}.
   */
  public static RnncTagger create(long seed) {
    RnncTagger model = new RnncTagger();
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
    RnncTagger model = new RnncTagger();
    Weights.load(path, model);
    return model;
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
    int timesteps = Inputs.checkSequence(sequence, "sequence", TIMESTEPS, FEATURES);
    run(sequence, timesteps);
    return Outputs.sequence(tagsOutput, timesteps, TAGS_UNITS, TAGS_STRIDE);
  }

  @Override
  public void tagAll(float[][][] sequences, float[][][] out) {
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
      Cells.gruResetAfter(encoderProjection, t * ENCODER_GATES,
          encoderRecurrentKernel, encoderBias, ENCODER_GATES, ENCODER_UNITS, ENCODER_STRIDE,
          encoderGates, encoderH, Activation.TANH, Activation.SIGMOID);
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
