package dev.rnnc.processor.generate;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.rnnc.processor.spec.ActivationName;
import dev.rnnc.processor.spec.BidirectionalCellSpec;
import dev.rnnc.processor.spec.BidirectionalSpec;
import dev.rnnc.processor.spec.CellSpec;
import dev.rnnc.processor.spec.DenseSpec;
import dev.rnnc.processor.spec.DropoutSpec;
import dev.rnnc.processor.spec.EmbeddingSpec;
import dev.rnnc.processor.spec.LayerSpec;
import dev.rnnc.processor.spec.MaskingSpec;
import dev.rnnc.processor.spec.MergeSpec;
import dev.rnnc.processor.spec.RecurrentSpec;
import dev.rnnc.processor.spec.SharedSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Emits one layer: its constants, packed weights, scratch, {@code Layer} handle and forward method.
 * Each kind's emitter returns the buffer its output lands in, which the next layer reads.
 */
final class LayerEmitter {
  private final ClassParts parts;

  /** The current timeline's fixed timesteps when not stepped (unrolling needs it), else -1. */
  int fixedTimesteps;

  /**
   * @param fixedTimesteps the input's timesteps when fixed and not stepped (unrolling needs it),
   *     else -1
   */
  LayerEmitter(ClassParts parts, int fixedTimesteps) {
    this.parts = parts;
    this.fixedTimesteps = fixedTimesteps;
  }

  /**
   * Declares the mask array a layer makes: {@code mask} for the first (a chain model's only one),
   * {@code <layer>Mask} for others, so that branches keep masks of their own.
   */
  void declareMask(String layer) {
    maskMade = parts.hasMask ? Names.field(layer, "Mask") : "mask";
    if (maskMade.equals("mask")) {
      parts.mask();
    } else {
      parts.mask(
          maskMade, "Which timesteps of " + layer + "'s output are real (true) or padding.\n");
    }
  }

  /** The mask array the last emitted layer made, if it made one. */
  String maskMade;

  /**
   * Emits {@code layer} reading {@code in} (null for the token input) and returns its output
   * buffer.
   */
  Buffer emit(LayerSpec layer, Buffer in) {
    return emit(layer, List.of(in == null ? NO_BUFFER : in));
  }

  /** Marks token input, which has no float buffer. */
  private static final Buffer NO_BUFFER = new Buffer("", "", "", true);

  /**
   * Emits a merge layer or a {@code MultiInputCell} layer reading {@code ins}, whose masks are
   * {@code masks} (null: unmasked), and returns its output buffer.
   */
  Buffer emit(LayerSpec layer, List<Buffer> ins, List<String> masks) {
    maskMade = null;
    parts.layerNames.add(layer.name());
    parts.handles.add(
        FieldSpec.builder(
                RuntimeTypes.LAYER,
                Names.field(layer.name(), "Layer"),
                Modifier.PRIVATE,
                Modifier.FINAL)
            .build());
    if (layer instanceof CellSpec cell) {
      return new CellEmitter(parts, fixedTimesteps)
          .cell(cell, ins); // a MultiInputCell: masks were refused by the processor
    }
    MergeEmitter merge = new MergeEmitter(parts);
    Buffer out = merge.merge((MergeSpec) layer, ins, masks);
    maskMade = merge.maskMade;
    return out;
  }

  private Buffer emit(LayerSpec layer, List<Buffer> ins) {
    Buffer in = ins.getFirst() == NO_BUFFER ? null : ins.getFirst();
    maskMade = null;
    if (layer instanceof SharedSpec shared) {
      return new SharedEmitter(parts, fixedTimesteps, this).shared(shared, in);
    }
    parts.layerNames.add(layer.name());
    parts.handles.add(
        FieldSpec.builder(
                RuntimeTypes.LAYER,
                Names.field(layer.name(), "Layer"),
                Modifier.PRIVATE,
                Modifier.FINAL)
            .build());
    return switch (layer) {
      case RecurrentSpec recurrent ->
          new RecurrentEmitter(parts, fixedTimesteps).layer(recurrent, in);
      case BidirectionalSpec bidirectional ->
          new RecurrentEmitter(parts, fixedTimesteps).bidirectional(bidirectional, in);
      case DenseSpec dense -> new DenseEmitter(parts).dense(dense, in);
      case EmbeddingSpec embedding -> new EmbeddingEmitter(parts, this).embedding(embedding);
      case MaskingSpec masking -> masking(masking, in);
      case CellSpec cell -> new CellEmitter(parts, fixedTimesteps).cell(cell, in);
      case BidirectionalCellSpec bi -> new CellEmitter(parts, fixedTimesteps).bidirectional(bi, in);
      case DropoutSpec dropout -> {
        // The identity at inference: the next layer reads this layer's input directly.
        handle(parts, dropout, "Dropout", List.of(), null);
        yield in;
      }
      case MergeSpec merge -> throw new AssertionError(merge); // above
      case SharedSpec shared -> throw new AssertionError(shared);
    };
  }

  /**
   * Masking: computes the mask from its input and zeroes masked timesteps, into {@link #maskMade}.
   */
  private Buffer masking(MaskingSpec masking, Buffer in) {
    String output = Names.field(masking.name(), "Output");
    declareMask(masking.name());
    parts.perTimestep(output, in.stride());
    handle(parts, masking, "Masking", List.of(), null);
    MethodSpec.Builder method =
        forwardMethod(parts, masking.name(), Describe.layer(masking) + "\n");
    method.addStatement(
        "$T.fromValue($N, $L, $L, $L, $Lf, $N, $N)",
        RuntimeTypes.MASKS,
        in.field(),
        parts.timesteps(),
        in.width(),
        in.stride(),
        (float) masking.maskValue(),
        maskMade,
        output);
    parts.forwardMethods.add(method.build());
    return new Buffer(output, in.width(), in.stride(), true);
  }

  /**
   * Adds the constructor statement that builds a layer's {@code Layer} handle.
   *
   * @param reset the method zeroing the layer's states, or null if it is not stateful; the declared
   *     options go into the handle's Keras-named config
   */
  static void handle(
      ClassParts parts, LayerSpec layer, String kind, List<CodeBlock> variables, String reset) {
    handle(parts, layer, kind, variables, reset, List.of());
  }

  /**
   * {@link #handle} of a layer whose carried states are {@code states} (empty: none, or not
   * stateful), which the handle reads and writes for {@code Layer.saveStates}/{@code
   * restoreStates}.
   */
  static void handle(
      ClassParts parts,
      LayerSpec layer,
      String kind,
      List<CodeBlock> variables,
      String reset,
      List<CarriedState> states) {
    handle(
        parts,
        layer,
        kind,
        variables.isEmpty()
            ? CodeBlock.of("$T.of()", List.class)
            // a copy's layers hold the original's variables, so weights set through either are
            // seen by both (Variable.version() included)
            : CodeBlock.of(
                "from != null ? from.$N.variables() : $T.of(\n$L)",
                Names.field(layer.name(), "Layer"),
                List.class,
                CodeBlock.join(variables, ",\n")),
        reset,
        states);
  }

  /**
   * {@link #handle} with the variables given as one expression (a custom cell's {@code
   * variables()}).
   */
  static void handle(ClassParts parts, LayerSpec layer, String kind, CodeBlock list, String reset) {
    handle(parts, layer, kind, list, reset, List.of());
  }

  /** {@link #handle} with the variables as one expression and the layer's carried states. */
  static void handle(
      ClassParts parts,
      LayerSpec layer,
      String kind,
      CodeBlock list,
      String reset,
      List<CarriedState> states) {
    if (parts.applyingShared) {
      return; // a @Shared application uses the shared layer's handle
    }
    if (reset != null && !states.isEmpty()) {
      parts.carriedStates.put(reset, states);
    }
    String name = layer.name();
    String config = Names.constant(name, "CONFIG");
    parts.configs.add(
        FieldSpec.builder(
                ParameterizedTypeName.get(
                    ClassName.get(Map.class),
                    ClassName.get(String.class),
                    ClassName.get(Object.class)),
                config,
                Modifier.PRIVATE,
                Modifier.STATIC,
                Modifier.FINAL)
            .addJavadoc(
                "$L: the declared options under their Keras names, for {@code Layer.config()}.\n",
                name)
            .initializer(KerasConfig.of(layer, parts.inbound, parts.inboundInitialState))
            .build());
    if (reset == null) {
      parts.layerHandles.addStatement(
          "$N = new $T($S, $S, $L, $L)",
          Names.field(name, "Layer"),
          RuntimeTypes.LAYER,
          name,
          kind,
          config,
          list);
    } else if (states.isEmpty()) {
      parts.layerHandles.addStatement(
          "$N = new $T($S, $S, $L, $L,$Wstate::$N)",
          Names.field(name, "Layer"),
          RuntimeTypes.LAYER,
          name,
          kind,
          config,
          list,
          reset);
    } else {
      parts.layerHandles.addStatement(
          "$N = new $T($S, $S, $L, $L,$Wstate::$N,$W$L)",
          Names.field(name, "Layer"),
          RuntimeTypes.LAYER,
          name,
          kind,
          config,
          list,
          reset,
          CarriedState.arguments(
              states.stream()
                  .map(state -> new CarriedState("state." + state.array(), state.size()))
                  .toList()));
    }
  }

  /**
   * {@code Kernels.matmul}: {@code out = in·kernel + bias} over {@code rows} rows, the kernel and
   * the output {@code width} floats a row (the packed stride), {@code bias} a field or {@code
   * "null"}.
   */
  static CodeBlock matmul(
      String in,
      String inStride,
      String rows,
      String inWidth,
      String kernel,
      String width,
      String bias,
      String out) {
    return CodeBlock.of(
        "$T.matmul($N, 0, $L, $L, $L,$W$N, 0, $L, $L,$W$L, 0,$W$N, 0, $L)",
        RuntimeTypes.KERNELS,
        in,
        inStride,
        rows,
        inWidth,
        kernel,
        width,
        width,
        bias,
        out,
        width);
  }

  /**
   * A Dense layer's product, {@code out = in·kernel + bias} over {@code rows} rows: {@link #matmul}
   * over the layer's kernel, or for a layer of one unit {@code Kernels.matmulColumn} over its
   * kernel's contiguous column ({@link #denseColumn}), a dot product along the row instead of a
   * vector of columns, 15 of them padding. Every path of a model (single and batch calls,
   * training's forward pass) takes a Dense layer through here, so they compute the same bits.
   */
  static CodeBlock denseProduct(
      DenseSpec dense,
      String in,
      String inStride,
      String rows,
      String inWidth,
      String width,
      String bias,
      String out) {
    String name = dense.name();
    if (dense.units() != 1) {
      return matmul(in, inStride, rows, inWidth, Names.field(name, "Kernel"), width, bias, out);
    }
    return CodeBlock.of(
        "$T.matmulColumn($N, 0, $L, $L, $L,$W$N.current(), 0, $L,$W$L, 0,$W$N, 0, $L)",
        RuntimeTypes.KERNELS,
        in,
        inStride,
        rows,
        inWidth,
        denseColumn(name),
        width,
        bias,
        out,
        width);
  }

  /**
   * The field of a one-unit Dense layer's {@code DenseColumn}, its kernel as one contiguous column
   * ({@link DenseEmitter} declares it).
   */
  static String denseColumn(String layer) {
    return Names.field(layer, "Column");
  }

  /**
   * A Dense layer's activation over {@code rows} rows of {@code out} in place: softmax row by row,
   * any other activation over the whole block, nothing for {@code linear}. A training pass's
   * ({@code repeatable}) takes the kernels' {@code activateRepeatably} and {@code
   * softmaxRepeatably}, whose bits do not depend on the JIT tier.
   */
  static CodeBlock activateRows(
      ActivationName activation,
      String out,
      String rows,
      String stride,
      String units,
      boolean repeatable) {
    CodeBlock.Builder code = CodeBlock.builder();
    String suffix = repeatable ? "Repeatably" : "";
    if (activation == ActivationName.SOFTMAX) {
      code.beginControlFlow("for (int r = 0; r < $L; r++)", rows);
      code.addStatement(
          "$T.softmax$L($N, r * $L, $L)", RuntimeTypes.KERNELS, suffix, out, stride, units);
      code.endControlFlow();
    } else if (activation != ActivationName.LINEAR) {
      code.addStatement(
          "$T.activate" + suffix + "($L, $N, 0, $L * $L)",
          RuntimeTypes.KERNELS,
          CellKind.activation(activation),
          out,
          rows,
          stride);
    }
    return code.build();
  }

  /** {@code new Variable("kernel", layout, field, initializer)}. */
  static CodeBlock variable(
      String kerasName, CodeBlock layout, String field, CodeBlock initializer) {
    return CodeBlock.of(
        "new $T($S, $L, $N, $L)", RuntimeTypes.VARIABLE, kerasName, layout, field, initializer);
  }

  /** {@code PackedLayout.matrix(rows, units, order...)}. */
  static CodeBlock matrix(String rows, String units, String order) {
    return CodeBlock.of("$T.matrix($L, $L, $L)", RuntimeTypes.PACKED_LAYOUT, rows, units, order);
  }

  /** {@code PackedLayout.vector(units, order...)}. */
  static CodeBlock vector(String units, String order) {
    return CodeBlock.of("$T.vector($L, $L)", RuntimeTypes.PACKED_LAYOUT, units, order);
  }

  /**
   * The runtime initializer of a Keras name: Keras' defaults by their own factories ({@code
   * Initializer.glorotUniform()}, ...), any other as {@code Initializer.keras("he_normal")}.
   */
  static CodeBlock kerasInitializer(String kerasName) {
    return switch (kerasName) {
      case "glorot_uniform" -> initializer("glorotUniform");
      case "orthogonal" -> initializer("orthogonal");
      case "zeros" -> initializer("zeros");
      default -> CodeBlock.of("$T.keras($S)", RuntimeTypes.INITIALIZER, kerasName);
    };
  }

  /** {@code Initializer.name(args)}. */
  static CodeBlock initializer(String name, Object... args) {
    return CodeBlock.of(
        "$T.$L($L)",
        RuntimeTypes.INITIALIZER,
        name,
        String.join(", ", Arrays.stream(args).map(String::valueOf).toList()));
  }

  /** Starts a layer's forward method: {@code private void runName([int timesteps])}. */
  static MethodSpec.Builder forwardMethod(ClassParts parts, String name, String javadoc) {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(Names.forward(name))
            .addModifiers(Modifier.PRIVATE)
            .addJavadoc(javadoc);
    if (parts.timestepsParameter) {
      method.addParameter(TypeName.INT, "timesteps");
    }
    if (parts.timestepsParameter) {
      parts.forwardCalls.addStatement("$N($L)", Names.forward(name), parts.timeline.argument());
    } else {
      parts.forwardCalls.addStatement("$N()", Names.forward(name));
    }
    return method;
  }
}
