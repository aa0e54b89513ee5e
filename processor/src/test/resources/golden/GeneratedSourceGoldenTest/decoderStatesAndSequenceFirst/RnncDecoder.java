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
import dev.rnnc.runtime.nn.SequenceFirstBatches;
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
 * The rnnc implementation of {@link Decoder}.
 *
 * <pre>
 * input: (4, 2)
 * decoder: @LSTM(units = 3, returnSequences = true, returnState = true), (4, 2) -> (4, 3).
 * head: @Dense(units = 2, activation = "softmax"), (4, 3) -> (4, 2).
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
public final class RnncDecoder implements Decoder, RnncModel {
  static final int TIMESTEPS = 4;

  static final int FEATURES = 2;

  static final int DECODER_UNITS = 3;

  static final int DECODER_STRIDE = 16;

  static final int DECODER_GATES = 4 * DECODER_STRIDE;

  static final int HEAD_UNITS = 2;

  static final int HEAD_STRIDE = 16;

  static final int CHUNK = 8;

  /**
   * decoder: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> DECODER_CONFIG = Map.ofEntries(
    Map.entry("units", 3),
    Map.entry("activation", "tanh"),
    Map.entry("recurrent_activation", "sigmoid"),
    Map.entry("unit_forget_bias", true),
    Map.entry("use_bias", true),
    Map.entry("return_sequences", true),
    Map.entry("return_state", true),
    Map.entry("go_backwards", false),
    Map.entry("stateful", false),
    Map.entry("unroll", false),
    Map.entry("zero_output_for_mask", false));

  /**
   * head: the declared options under their Keras names, for {@code Layer.config()}.
   */
  private static final Map<String, Object> HEAD_CONFIG = Map.ofEntries(
    Map.entry("units", 2),
    Map.entry("activation", "softmax"),
    Map.entry("use_bias", true));

  /**
   * decoder: Keras {@code kernel} (FEATURES, 4·units), gate blocks i, f, o, c.
   */
  private final float[] decoderKernel;

  /**
   * decoder: Keras {@code recurrent_kernel} (units, 4·units).
   */
  private final float[] decoderRecurrentKernel;

  /**
   * decoder: Keras {@code bias}.
   */
  private final float[] decoderBias;

  /**
   * head: Keras {@code kernel} (DECODER_UNITS, units).
   */
  private final float[] headKernel;

  /**
   * head: Keras {@code bias} (units,).
   */
  private final float[] headBias;

  private final Layer decoderLayer;

  /**
   * decoder's step, made for its sizes and its recurrent kernel: it may read the kernel from an
   * aligned copy of its own (Cells.lstmStep); shared with copies.
   */
  private final LstmStep decoderStep;

  private final Layer headLayer;

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
  private RnncDecoder(RnncDecoder from) {
    decoderKernel = from != null ? from.decoderKernel : new float[FEATURES * DECODER_GATES];
    decoderRecurrentKernel = from != null ? from.decoderRecurrentKernel : new float[DECODER_UNITS * DECODER_GATES];
    decoderBias = from != null ? from.decoderBias : new float[DECODER_GATES];
    headKernel = from != null ? from.headKernel : new float[DECODER_UNITS * HEAD_STRIDE];
    headBias = from != null ? from.headBias : new float[HEAD_STRIDE];
    super();
    decoderLayer = new Layer("decoder", "LSTM", DECODER_CONFIG, from != null ? from.decoderLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(FEATURES, DECODER_UNITS, 0, 1, 3, 2), decoderKernel, Initializer.glorotUniform()),
        new Variable("recurrent_kernel", PackedLayout.matrix(DECODER_UNITS, DECODER_UNITS, 0, 1, 3, 2), decoderRecurrentKernel, Initializer.orthogonal()),
        new Variable("bias", PackedLayout.vector(DECODER_UNITS, 0, 1, 3, 2), decoderBias, Initializer.unitForgetBias(DECODER_UNITS))));
    headLayer = new Layer("head", "Dense", HEAD_CONFIG, from != null ? from.headLayer.variables() : List.of(
        new Variable("kernel", PackedLayout.matrix(DECODER_UNITS, HEAD_UNITS, 0), headKernel, Initializer.glorotUniform()),
        new Variable("bias", PackedLayout.vector(HEAD_UNITS, 0), headBias, Initializer.zeros())));
    layers = List.of(decoderLayer, headLayer);
    decoderStep = from != null ? from.decoderStep : Cells.lstmStep(layers, decoderRecurrentKernel,
        DECODER_UNITS, DECODER_STRIDE, Activation.TANH, Activation.SIGMOID);
  }

  /**
   * A model with Keras-default initial weights (glorot_uniform kernels, orthogonal recurrent
   * kernels, zero biases, forget-gate biases 1), drawn from {@code seed}.
   */
  public static RnncDecoder create(long seed) {
    RnncDecoder model = new RnncDecoder(null);
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
  public static RnncDecoder load(Path path) throws IOException {
    RnncDecoder model = new RnncDecoder(null);
    Weights.load(path, model);
    return model;
  }

  /**
   * A model that shares this one's weights (the same arrays: weights set, loaded or trained
   * through either are the other's too) and has its own workspaces and carried states (zeros):
   * one per stream of a stateful model. Cheap: allocates no weights.
   */
  @Override
  public RnncDecoder copy() {
    return new RnncDecoder(this);
  }

  @Override
  public String modelName() {
    return "Decoder";
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
        ModelSummary.row(decoderLayer, "[(None, 4, 3), (None, 3), (None, 3)]"),
        ModelSummary.row(headLayer, "(None, 4, 2)")));
  }

  /**
   * Keras' {@code model.summary()} as Keras 3.15 prints it (see {@link #modelSummary()}).
   */
  public String summary() {
    return modelSummary().format();
  }

  @Override
  public Layer decoder() {
    return decoderLayer;
  }

  @Override
  public Layer head() {
    return headLayer;
  }

  @Override
  public Decoder.Decoded decode(float[][] x, float[] h, float[] c) {
    Workspace workspace = workspaces.acquire();
    try {
      return workspace.decode(x, h, c);
    } finally {
      workspaces.release(workspace);
    }
  }

  @Override
  public float[][][] predict(float[][][] x) {
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

    private final float[] decoderProjection = new float[TIMESTEPS * DECODER_GATES];

    private final float[] decoderH = new float[DECODER_STRIDE];

    private final float[] decoderC = new float[DECODER_STRIDE];

    private final float[] decoderGates = new float[DECODER_GATES];

    private final float[] decoderOutput = new float[TIMESTEPS * DECODER_STRIDE];

    private final float[] headOutput = new float[TIMESTEPS * HEAD_STRIDE];

    private final float[] chunkInput = new float[CHUNK * TIMESTEPS * FEATURES];

    private final float[] decoderChunkProjection = new float[CHUNK * TIMESTEPS * DECODER_GATES];

    private final float[] decoderChunkH = new float[CHUNK * DECODER_STRIDE];

    private final float[] decoderChunkC = new float[CHUNK * DECODER_STRIDE];

    private final float[] decoderChunkGates = new float[CHUNK * DECODER_GATES];

    private final float[] decoderChunkOutput = new float[CHUNK * TIMESTEPS * DECODER_STRIDE];

    private final float[] headChunkOutput = new float[CHUNK * TIMESTEPS * HEAD_STRIDE];

    /**
     * Set by a call that passed decoder's initial states, which are then already in place.
     */
    private boolean initialStates;

    Decoder.Decoded decode(float[][] x, float[] h, float[] c) {
      Inputs.checkSequence(x, "x", TIMESTEPS, FEATURES);
      Inputs.checkVector(h, "h", DECODER_UNITS);
      Inputs.checkVector(c, "c", DECODER_UNITS);
      // The first recurrent layer starts from the given states instead of zeros.
      System.arraycopy(h, 0, decoderH, 0, DECODER_UNITS);
      System.arraycopy(c, 0, decoderC, 0, DECODER_UNITS);
      initialStates = true;
      run(x);
      return new Decoder.Decoded(Outputs.sequence(headOutput, TIMESTEPS, HEAD_UNITS, HEAD_STRIDE),
          Arrays.copyOf(decoderH, DECODER_UNITS), Arrays.copyOf(decoderC, DECODER_UNITS));
    }

    float[][][] predict(float[][][] x) {
      // x is sequence-first (timesteps, batch, features), PyTorch's batch_first = False:
      // the same rows, re-indexed batch-first (no values copied)
      float[][][] xBatchFirst = SequenceFirstBatches.toBatchFirst(x, "x", TIMESTEPS, FEATURES);
      Inputs.checkSequences(xBatchFirst, "xBatchFirst", TIMESTEPS, FEATURES);
      float[][][] results = new float[xBatchFirst.length][][];
      // Samples go through the layers in lockstep, CHUNK at a time (runChunk).
      for (int start = 0; start < xBatchFirst.length; start += CHUNK) {
        int n = Math.min(CHUNK, xBatchFirst.length - start);
        runChunk(xBatchFirst, start, n);
        for (int b = 0; b < n; b++) {
          results[start + b] = Outputs.sequence(headChunkOutput, b * TIMESTEPS * HEAD_STRIDE, TIMESTEPS, HEAD_UNITS, HEAD_STRIDE);
        }
      }
      return SequenceFirstBatches.toSequenceFirst(results, x.length);
    }

    /**
     * Runs every layer on one sample that the caller has checked.
     */
    private void run(float[][] sample) {
      Inputs.packSequence(sample, TIMESTEPS, FEATURES, input);
      runDecoder();
      runHead();
    }

    /**
     * decoder: @LSTM(units = 3, returnSequences = true, returnState = true), (4, 2) -> (4, 3).
     */
    private void runDecoder() {
      // x·W + b for every timestep in one matrix product; only h·U stays in the loop.
      Kernels.matmul(input, 0, FEATURES, TIMESTEPS, FEATURES,
          decoderKernel, 0, DECODER_GATES, DECODER_GATES, decoderBias, 0,
          decoderProjection, 0, DECODER_GATES);
      if (!initialStates) {
        Arrays.fill(decoderH, 0f);
        Arrays.fill(decoderC, 0f);
      }
      for (int t = 0; t < TIMESTEPS; t++) {
        decoderStep.step(decoderProjection, t * DECODER_GATES,
            decoderRecurrentKernel, decoderGates, decoderC, decoderH);
        System.arraycopy(decoderH, 0, decoderOutput, t * DECODER_STRIDE, DECODER_STRIDE);
      }
      initialStates = false;
    }

    /**
     * head: @Dense(units = 2, activation = "softmax"), (4, 3) -> (4, 2).
     */
    private void runHead() {
      // Applied to every timestep, as Keras does: one matrix product over all rows.
      Kernels.matmul(decoderOutput, 0, DECODER_STRIDE, TIMESTEPS, DECODER_UNITS,
          headKernel, 0, HEAD_STRIDE, HEAD_STRIDE, headBias, 0, headOutput, 0, HEAD_STRIDE);
      for (int t = 0; t < TIMESTEPS; t++) {
        Kernels.softmax(headOutput, t * HEAD_STRIDE, HEAD_UNITS);
      }
    }

    /**
     * Runs every layer on samples {@code start .. start + n} ({@code n <= CHUNK}) of a checked batch
     * in lockstep; outputs land in chunk buffers, one row (or sequence) per sample.
     */
    private void runChunk(float[][][] samples, int start, int n) {
      for (int b = 0; b < n; b++) {
        Inputs.packSequence(samples[start + b], TIMESTEPS, FEATURES, chunkInput, b * TIMESTEPS * FEATURES);
      }
      // decoder: every sample's x·W + b in one product, then all samples step together.
      Kernels.matmul(chunkInput, 0, FEATURES, n * TIMESTEPS, FEATURES,
          decoderKernel, 0, DECODER_GATES, DECODER_GATES, decoderBias, 0,
          decoderChunkProjection, 0, DECODER_GATES);
      Arrays.fill(decoderChunkH, 0, n * DECODER_STRIDE, 0f);
      Arrays.fill(decoderChunkC, 0, n * DECODER_STRIDE, 0f);
      for (int t = 0; t < TIMESTEPS; t++) {
        Cells.lstmSteps(n, decoderChunkProjection, t * DECODER_GATES, TIMESTEPS * DECODER_GATES,
            decoderRecurrentKernel, DECODER_UNITS, DECODER_STRIDE,
            decoderChunkGates, decoderChunkC, decoderChunkH, DECODER_STRIDE,
            Activation.TANH, Activation.SIGMOID);
        for (int b = 0; b < n; b++) {
          System.arraycopy(decoderChunkH, b * DECODER_STRIDE,
              decoderChunkOutput, (b * TIMESTEPS + t) * DECODER_STRIDE, DECODER_STRIDE);
        }
      }
      // head: one product over the chunk's rows.
      Kernels.matmul(decoderChunkOutput, 0, DECODER_STRIDE, n * TIMESTEPS, DECODER_UNITS,
          headKernel, 0, HEAD_STRIDE, HEAD_STRIDE, headBias, 0, headChunkOutput, 0, HEAD_STRIDE);
      for (int r = 0; r < n * TIMESTEPS; r++) {
        Kernels.softmax(headChunkOutput, r * HEAD_STRIDE, HEAD_UNITS);
      }
    }
  }
}
