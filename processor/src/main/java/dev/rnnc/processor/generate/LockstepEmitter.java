package dev.rnnc.processor.generate;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.rnnc.processor.spec.DenseSpec;
import dev.rnnc.processor.spec.EmbeddingSpec;
import dev.rnnc.processor.spec.LayerSpec;
import dev.rnnc.processor.spec.MaskingSpec;
import dev.rnnc.processor.spec.ModelSpec;
import dev.rnnc.processor.spec.RecurrentSpec;
import dev.rnnc.processor.spec.Shape;
import java.util.Arrays;
import javax.lang.model.element.Modifier;

/**
 * Emits {@code runChunk}, the lockstep path of batch calls: up to {@value #CHUNK} samples go
 * through each layer together. A recurrent layer computes every sample's input projection as one
 * matrix product and then steps all samples at once ({@code Cells.lstmSteps}, {@code gruSteps},
 * {@code simpleRnnSteps}), so each load of the recurrent kernel from cache feeds an FMA per sample
 * instead of one (per sample, one thread: 1.25x on M1, 1.3x on its GRU twin, 1.4x on its SimpleRNN
 * twin and on a GRU(256) in panels, 1.0-1.2x on M2's shape); Dense layers are one product over the
 * chunk. The single-sample layer methods stay as they are and compute the same function; the Keras
 * parity suites check both.
 *
 * <p>The spec decides which models take this path ({@code ModelSpec.lockstep()}: chains of LSTM,
 * GRU ({@code reset_after}) and SimpleRNN layers, forwards or backwards, without state or
 * projection, with Dense, Dropout, Masking and a first Embedding, on fixed-length input); wide
 * layers' recurrent kernels in panels step through {@code lstmStepsPanels} / {@code
 * gruStepsPanels}. For any other model {@link #of} returns null and batch calls run one sample at a
 * time. A mask (an Embedding's {@code mask_zero}, a Masking layer's) is kept per sample: every
 * sample steps, and a sample masked at that timestep gets its states back and the output Keras
 * gives a masked step ({@code Masks.skipStep}).
 */
final class LockstepEmitter {
  /**
   * Samples per chunk: two passes of four sequences with 512-bit vectors, four of two otherwise.
   */
  static final int CHUNK = 8;

  private static final String CHUNK_MASK = "chunkMask";

  private final Buffer result;

  private LockstepEmitter(Buffer result) {
    this.result = result;
  }

  /**
   * Adds the chunk constant, scratch and {@code runChunk} to {@code parts} when every layer of
   * {@code model} has a lockstep form, after the layers' own emitters have run (it reads their
   * weights by their field names).
   *
   * @return the emitter, whose {@link #result} holds the chunk's outputs; null if the model does
   *     not qualify
   */
  static LockstepEmitter of(ModelSpec model, ClassParts parts) {
    if (!model.lockstep()) {
      return null;
    }
    Folding folding = parts.folding;
    boolean tokens = model.input().kind() == Shape.Kind.TOKENS;
    parts.constant("CHUNK", CHUNK);
    MethodSpec.Builder method =
        MethodSpec.methodBuilder("runChunk")
            .addModifiers(Modifier.PRIVATE)
            .addJavadoc(
                "Runs every layer on samples {@code start .. start + n} ({@code n <= CHUNK}) of a checked batch\n"
                    + "in lockstep; outputs land in chunk buffers, one row (or sequence) per sample.\n")
            .addParameter(tokens ? int[][].class : float[][][].class, "samples")
            .addParameter(TypeName.INT, "start")
            .addParameter(TypeName.INT, "n");
    Buffer flowing = null;
    if (!tokens) {
      parts.scratch("chunkInput", "CHUNK * TIMESTEPS * FEATURES");
      method.beginControlFlow("for (int b = 0; b < n; b++)");
      method.addStatement(
          "$T.packSequence(samples[start + b], TIMESTEPS, FEATURES, chunkInput, b * TIMESTEPS * FEATURES)",
          RuntimeTypes.INPUTS);
      method.endControlFlow();
      flowing = new Buffer("chunkInput", "FEATURES", "FEATURES", true);
    }
    for (LayerSpec layer : model.layers()) {
      flowing =
          switch (layer) {
            case EmbeddingSpec embedding -> embedding(embedding, folding, parts, method);
            case MaskingSpec masking -> masking(masking, flowing, parts, method);
            case RecurrentSpec recurrent -> recurrent(recurrent, flowing, folding, parts, method);
            case DenseSpec dense -> dense(dense, flowing, parts, method);
            default -> flowing; // Dropout: the identity at inference
          };
    }
    parts.forwardMethods.add(method.build());
    return new LockstepEmitter(flowing);
  }

  /**
   * The chunk buffer of the last layer: sample {@code b}'s output starts at {@code b·rows·stride}.
   */
  Buffer result() {
    return result;
  }

  private static Buffer recurrent(
      RecurrentSpec layer,
      Buffer in,
      Folding folding,
      ClassParts parts,
      MethodSpec.Builder method) {
    String name = layer.name();
    CellKind kind = CellKind.of(layer.cell());
    CellNames n = new CellNames(name, name);
    String stride = n.stride();
    String gates = n.gates();
    String projection = n.field("ChunkProjection");
    parts.scratch(projection, "CHUNK * TIMESTEPS * " + gates);
    for (String state : kind.states()) {
      parts.scratch(n.field("Chunk" + state), "CHUNK * " + stride);
    }
    parts.scratch(n.field("ChunkGates"), "CHUNK * " + gates);
    if (folding != null && folding.layer().equals(name)) {
      method.addComment(
          "$L: the folded embedding filled every sample's x·W + b; all samples step together.",
          name);
    } else {
      method.addComment(
          "$L: every sample's x·W + b in one product, then all samples step together.", name);
      method.addStatement(
          LayerEmitter.matmul(
              in.field(),
              in.stride(),
              "n * TIMESTEPS",
              in.width(),
              n.kernel(),
              gates,
              layer.useBias() ? n.bias() : "null",
              projection));
    }
    for (String state : kind.states()) {
      method.addStatement(
          "$T.fill($N, 0, n * $L, 0f)", Arrays.class, n.field("Chunk" + state), stride);
    }
    boolean masked = layer.options().masked();
    String output = n.field("ChunkH");
    if (layer.returnSequences()) {
      output = Names.field(name, "ChunkOutput");
      parts.scratch(output, "CHUNK * TIMESTEPS * " + stride);
    } else if (masked) {
      output =
          Names.field(
              name, "ChunkLast"); // each sample's last output: h unless a mask makes it differ
      parts.scratch(output, "CHUNK * " + stride);
      method.addStatement("$T.fill($N, 0, n * $L, 0f)", Arrays.class, output, stride);
    }
    // Outputs go in processing order (Keras' go_backwards): row `step` for input timestep t.
    boolean backwards = layer.options().goBackwards();
    String step = backwards ? "step" : "t";
    if (backwards) {
      method.beginControlFlow("for (int step = 0; step < TIMESTEPS; step++)");
      method.addStatement("int t = TIMESTEPS - 1 - step");
    } else {
      method.beginControlFlow("for (int t = 0; t < TIMESTEPS; t++)");
    }
    if (masked) {
      method.addComment(
          "Masked samples keep their states: saved before the step, put back after it.");
      for (String state : kind.states()) {
        String saved = savedState(name, state);
        parts.scratch(saved, "CHUNK * " + stride);
        method.addStatement(
            "$T.arraycopy($N, 0, $N, 0, n * $L)",
            System.class,
            n.field("Chunk" + state),
            saved,
            stride);
      }
    }
    method.addStatement(kind.lockstepStep(n, kind.panels()));
    sampleOutputs(layer, kind, n, output, step, method);
    method.endControlFlow();
    return new Buffer(output, n.units(), stride, layer.returnSequences());
  }

  /**
   * After a lockstep step: each sample's output row (row {@code step} of its sequence, or its last
   * output) and, for a sample masked at this timestep, its states put back and the output Keras
   * gives a masked step instead. Without a mask or a sequence output, h is the output: nothing to
   * do.
   */
  private static void sampleOutputs(
      RecurrentSpec layer,
      CellKind kind,
      CellNames n,
      String output,
      String step,
      MethodSpec.Builder method) {
    boolean masked = layer.options().masked();
    if (!masked && !layer.returnSequences()) {
      return;
    }
    String stride = n.stride();
    String row =
        layer.returnSequences() ? "(b * TIMESTEPS + " + step + ") * " + stride : "b * " + stride;
    method.beginControlFlow("for (int b = 0; b < n; b++)");
    if (masked) {
      method.beginControlFlow("if ($N[b * TIMESTEPS + t])", CHUNK_MASK);
    }
    method.addStatement(
        "$T.arraycopy($N, b * $L,$W$N, $L, $L)",
        System.class,
        n.field("ChunkH"),
        stride,
        output,
        row,
        stride);
    if (masked) {
      method.nextControlFlow("else");
      method.addComment("masked: this sample's states carry over unchanged");
      for (String state : kind.states()) {
        method.addStatement(
            "$T.arraycopy($N, b * $L,$W$N, b * $L, $L)",
            System.class,
            savedState(layer.name(), state),
            stride,
            n.field("Chunk" + state),
            stride,
            stride);
      }
      boolean zero = layer.options().zeroOutputForMask();
      if (layer.returnSequences()) {
        method.addStatement(
            "$T.skipStep($N, b * TIMESTEPS * $L, $L, $L, $L)",
            RuntimeTypes.MASKS,
            output,
            stride,
            step,
            stride,
            zero);
      } else if (zero) {
        method.addStatement(
            "$T.fill($N, b * $L, (b + 1) * $L, 0f)", Arrays.class, output, stride, stride);
      }
      method.endControlFlow();
    }
    method.endControlFlow();
  }

  /** The chunk copy of a masked layer's state {@code state} ("H" or "C") from before the step. */
  private static String savedState(String layer, String state) {
    return Names.field(layer, "ChunkSaved" + state);
  }

  /**
   * Each sample's rows of the table, one sample after another in the chunk buffer; folded, the rows
   * of the folded table into the recurrent layer's chunk projection (that layer then has no product
   * to compute, and the returned buffer has no reader).
   */
  private static Buffer embedding(
      EmbeddingSpec embedding, Folding folding, ClassParts parts, MethodSpec.Builder method) {
    String name = embedding.name();
    String stride = Names.constant(name, "STRIDE");
    String table = Names.field(name, "Embeddings");
    String output = Names.field(name, "ChunkOutput");
    if (folding != null) {
      method.addComment(
          "$L, folded: every sample's rows of x·W + b straight into $L's chunk projection.",
          name,
          folding.layer());
      method.addStatement("float[] folded = foldEmbedding()");
      stride = RecurrentEmitter.gates(folding.layer());
      table = "folded";
      output = Names.field(folding.layer(), "ChunkProjection");
    } else {
      parts.scratch(output, "CHUNK * TIMESTEPS * " + stride);
      method.addComment("$L: every sample's rows, one sample after another.", name);
    }
    method.beginControlFlow("for (int b = 0; b < n; b++)");
    method.addStatement(
        "$T.lookup(samples[start + b], TIMESTEPS,$W$N, $L,$W$N, b * TIMESTEPS * $L)",
        RuntimeTypes.EMBEDDINGS,
        table,
        stride,
        output,
        stride);
    if (embedding.maskZero()) {
      declareChunkMask(parts);
      method.addStatement(
          "$T.fromIds(samples[start + b], TIMESTEPS, $N, b * TIMESTEPS)",
          RuntimeTypes.MASKS,
          CHUNK_MASK);
    }
    method.endControlFlow();
    return new Buffer(output, Names.constant(name, "OUTPUT_DIM"), stride, true);
  }

  /**
   * The chunk's mask and its masked timesteps zeroed, in place: the chunk's rows are every sample's
   * timesteps one after another, so one pass over {@code n·TIMESTEPS} rows fills sample b's mask of
   * timestep t at {@code b·TIMESTEPS + t}.
   */
  private static Buffer masking(
      MaskingSpec masking, Buffer in, ClassParts parts, MethodSpec.Builder method) {
    declareChunkMask(parts);
    method.addComment("$L: every sample's mask, masked timesteps zeroed in place.", masking.name());
    method.addStatement(
        "$T.fromValue($N, n * TIMESTEPS, $L, $L, $Lf, $N, $N)",
        RuntimeTypes.MASKS,
        in.field(),
        in.width(),
        in.stride(),
        (float) masking.maskValue(),
        CHUNK_MASK,
        in.field());
    return in;
  }

  /** Declares {@code chunkMask} once, whichever layer makes the mask first. */
  private static void declareChunkMask(ClassParts parts) {
    if (parts.scratch.stream().anyMatch(field -> field.name().equals(CHUNK_MASK))) {
      return;
    }
    parts.scratch.add(
        FieldSpec.builder(boolean[].class, CHUNK_MASK, Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc("Sample b's mask of timestep t at {@code b·TIMESTEPS + t}.\n")
            .initializer("new boolean[CHUNK * TIMESTEPS]")
            .build());
  }

  private static Buffer dense(
      DenseSpec dense, Buffer in, ClassParts parts, MethodSpec.Builder method) {
    String name = dense.name();
    String units = Names.constant(name, "UNITS");
    String stride = Names.constant(name, "STRIDE");
    String output = Names.field(name, "ChunkOutput");
    parts.scratch(output, in.sequence() ? "CHUNK * TIMESTEPS * " + stride : "CHUNK * " + stride);
    String rows = in.sequence() ? "n * TIMESTEPS" : "n";
    method.addComment("$L: one product over the chunk's rows.", name);
    method.addStatement(
        LayerEmitter.denseProduct(
            dense,
            in.field(),
            in.stride(),
            rows,
            in.width(),
            stride,
            dense.useBias() ? Names.field(name, "Bias") : "null",
            output));
    method.addCode(
        LayerEmitter.activateRows(dense.activation(), output, rows, stride, units, false));
    return new Buffer(output, units, stride, in.sequence());
  }

  /**
   * Helper for call emitters: the code block that runs chunk after chunk over {@code in}, then
   * {@code perSample}.
   */
  static CodeBlock chunks(String in, CodeBlock perSample) {
    return CodeBlock.builder()
        .add("// Samples go through the layers in lockstep, CHUNK at a time (runChunk).\n")
        .beginControlFlow("for (int start = 0; start < $N.length; start += CHUNK)", in)
        .addStatement("int n = $T.min(CHUNK, $N.length - start)", Math.class, in)
        .addStatement("runChunk($N, start, n)", in)
        .beginControlFlow("for (int b = 0; b < n; b++)")
        .add(perSample)
        .endControlFlow()
        .endControlFlow()
        .build();
  }
}
