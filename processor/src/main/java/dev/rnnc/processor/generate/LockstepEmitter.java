package dev.rnnc.processor.generate;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.rnnc.processor.spec.ActivationName;
import dev.rnnc.processor.spec.DenseSpec;
import dev.rnnc.processor.spec.DropoutSpec;
import dev.rnnc.processor.spec.LayerSpec;
import dev.rnnc.processor.spec.LstmSpec;
import dev.rnnc.processor.spec.ModelSpec;
import dev.rnnc.processor.spec.Shape;
import java.util.Arrays;
import javax.lang.model.element.Modifier;

/**
 * Emits {@code runChunk}, the lockstep path of batch calls: up to {@value #CHUNK} samples go
 * through each layer together. An LSTM layer computes every sample's input projection as one matrix
 * product and then steps all samples at once ({@code Cells.lstmSteps}), so each load of the
 * recurrent kernel from cache feeds an FMA per sample instead of one (measured 1.25x per sample on
 * M1, one thread); Dense layers are one product over the chunk. The single-sample layer methods stay
 * as they are and compute the same function; the Keras parity suites check both.
 *
 * <p>Only models made of plain LSTM (no mask, state, projection, backwards pass, or panel layout),
 * Dense and Dropout layers on a fixed-length float input take this path; for any other, {@link #of}
 * returns null and batch calls run one sample at a time.
 */
final class LockstepEmitter {
  /** Samples per chunk: two passes of four sequences with 512-bit vectors, four of two otherwise. */
  static final int CHUNK = 8;

  private final Buffer result;

  private LockstepEmitter(Buffer result) {
    this.result = result;
  }

  /**
   * Adds the chunk constant, scratch and {@code runChunk} to {@code parts} when every layer of
   * {@code model} has a lockstep form, after the layers' own emitters have run (it reads their
   * weights by their field names).
   *
   * @return the emitter, whose {@link #result} holds the chunk's outputs; null if the model does not
   *     qualify
   */
  static LockstepEmitter of(ModelSpec model, ClassParts parts) {
    if (!qualifies(model)) {
      return null;
    }
    parts.constant("CHUNK", CHUNK);
    parts.scratch("chunkInput", "CHUNK * TIMESTEPS * FEATURES");
    MethodSpec.Builder method = MethodSpec.methodBuilder("runChunk").addModifiers(Modifier.PRIVATE)
        .addJavadoc("Runs every layer on samples {@code start .. start + n} ({@code n <= CHUNK}) of a checked batch\n"
            + "in lockstep; outputs land in chunk buffers, one row (or sequence) per sample.\n")
        .addParameter(float[][][].class, "samples")
        .addParameter(TypeName.INT, "start")
        .addParameter(TypeName.INT, "n");
    method.beginControlFlow("for (int b = 0; b < n; b++)");
    method.addStatement("$T.packSequence(samples[start + b], TIMESTEPS, FEATURES, chunkInput, b * TIMESTEPS * FEATURES)",
        Runtime.INPUTS);
    method.endControlFlow();
    Buffer flowing = new Buffer("chunkInput", "FEATURES", "FEATURES", true);
    for (LayerSpec layer : model.layers()) {
      flowing = switch (layer) {
        case LstmSpec lstm -> lstm(lstm, flowing, parts, method);
        case DenseSpec dense -> dense(dense, flowing, parts, method);
        default -> flowing; // Dropout: the identity at inference
      };
    }
    parts.forwardMethods.add(method.build());
    return new LockstepEmitter(flowing);
  }

  /** The chunk buffer of the last layer: sample {@code b}'s output starts at {@code b·rows·stride}. */
  Buffer result() {
    return result;
  }

  private static boolean qualifies(ModelSpec model) {
    Shape input = model.input();
    // Graphs (named inputs, several consumers, initial states from layers) keep the per-sample path.
    if (model.isGraph() || input.kind() != Shape.Kind.SEQUENCE || input.variableTimesteps() || model.hasStepCalls()) {
      return false;
    }
    boolean anyLstm = false;
    for (LayerSpec layer : model.layers()) {
      switch (layer) {
        case LstmSpec lstm -> {
          var o = lstm.options();
          if (lstm.projSize() > 0 || o.masked() || o.stateful() || o.goBackwards() || RecurrentEmitter.panels(lstm)) {
            return false;
          }
          anyLstm = true;
        }
        case DenseSpec dense -> { }
        case DropoutSpec dropout -> { }
        default -> {
          return false;
        }
      }
    }
    return anyLstm;
  }

  private static Buffer lstm(LstmSpec layer, Buffer in, ClassParts parts, MethodSpec.Builder method) {
    String name = layer.name();
    String units = RecurrentEmitter.units(name);
    String stride = RecurrentEmitter.stride(name);
    String gates = RecurrentEmitter.gates(name);
    String projection = Names.field(name, "ChunkProjection");
    String h = Names.field(name, "ChunkH");
    String c = Names.field(name, "ChunkC");
    String scratch = Names.field(name, "ChunkGates");
    parts.scratch(projection, "CHUNK * TIMESTEPS * " + gates);
    parts.scratch(h, "CHUNK * " + stride);
    parts.scratch(c, "CHUNK * " + stride);
    parts.scratch(scratch, "CHUNK * " + gates);
    method.addComment("$L: every sample's x·W + b in one product, then all samples step together.", name);
    method.addStatement("$T.matmul($N, 0, $L, n * TIMESTEPS, $L,$W$N, 0, $L, $L,$W$L, 0,$W$N, 0, $L)", Runtime.KERNELS,
        in.field(), in.stride(), in.width(), Names.field(name, "Kernel"), gates, gates,
        layer.useBias() ? Names.field(name, "Bias") : "null", projection, gates);
    method.addStatement("$T.fill($N, 0, n * $L, 0f)", Arrays.class, h, stride);
    method.addStatement("$T.fill($N, 0, n * $L, 0f)", Arrays.class, c, stride);
    String output = h;
    if (layer.returnSequences()) {
      output = Names.field(name, "ChunkOutput");
      parts.scratch(output, "CHUNK * TIMESTEPS * " + stride);
    }
    method.beginControlFlow("for (int t = 0; t < TIMESTEPS; t++)");
    method.addStatement("$T.lstmSteps(n, $N, t * $L, TIMESTEPS * $L,$W$N, $L, $L,$W$N, $N, $N, $L,$W$L, $L)",
        Runtime.CELLS, projection, gates, gates, Names.field(name, "RecurrentKernel"), units, stride, scratch, c, h,
        stride, RecurrentEmitter.activation(layer.activation()), RecurrentEmitter.activation(layer.recurrentActivation()));
    if (layer.returnSequences()) {
      method.beginControlFlow("for (int b = 0; b < n; b++)");
      method.addStatement("$T.arraycopy($N, b * $L, $N, (b * TIMESTEPS + t) * $L, $L)", System.class, h, stride, output,
          stride, stride);
      method.endControlFlow();
    }
    method.endControlFlow();
    return new Buffer(output, units, stride, layer.returnSequences());
  }

  private static Buffer dense(DenseSpec dense, Buffer in, ClassParts parts, MethodSpec.Builder method) {
    String name = dense.name();
    String units = Names.constant(name, "UNITS");
    String stride = Names.constant(name, "STRIDE");
    String output = Names.field(name, "ChunkOutput");
    parts.scratch(output, in.sequence() ? "CHUNK * TIMESTEPS * " + stride : "CHUNK * " + stride);
    String rows = in.sequence() ? "n * TIMESTEPS" : "n";
    method.addComment("$L: one product over the chunk's rows.", name);
    method.addStatement("$T.matmul($N, 0, $L, $L, $L,$W$N, 0, $L, $L,$W$L, 0,$W$N, 0, $L)", Runtime.KERNELS,
        in.field(), in.stride(), rows, in.width(), Names.field(name, "Kernel"), stride, stride,
        dense.useBias() ? Names.field(name, "Bias") : "null", output, stride);
    if (dense.activation() == ActivationName.SOFTMAX) {
      method.beginControlFlow("for (int r = 0; r < $L; r++)", rows);
      method.addStatement("$T.softmax($N, r * $L, $L)", Runtime.KERNELS, output, stride, units);
      method.endControlFlow();
    } else if (dense.activation() != ActivationName.LINEAR) {
      method.addStatement("$T.activate($L, $N, 0, $L * $L)", Runtime.KERNELS,
          RecurrentEmitter.activation(dense.activation()), output, rows, stride);
    }
    return new Buffer(output, units, stride, in.sequence());
  }

  /** Helper for call emitters: the code block that runs chunk after chunk over {@code in}, then {@code perSample}. */
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
