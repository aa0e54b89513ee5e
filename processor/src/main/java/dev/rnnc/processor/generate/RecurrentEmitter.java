package dev.rnnc.processor.generate;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.rnnc.processor.spec.ActivationName;
import dev.rnnc.processor.spec.BidirectionalSpec;
import dev.rnnc.processor.spec.GruSpec;
import dev.rnnc.processor.spec.LayerSpec;
import dev.rnnc.processor.spec.LstmSpec;
import dev.rnnc.processor.spec.RecurrentSpec;
import dev.rnnc.processor.spec.SimpleRnnSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import javax.lang.model.element.Modifier;

/**
 * Emits LSTM, GRU and SimpleRNN layers, alone or as the two directions of a Bidirectional layer.
 * Each direction runs the input projection of the whole sequence as one matrix product before the
 * recurrence, so only the recurrent product {@code h·U} and the gate math remain per timestep
 * ({@code dev.rnnc.runtime.nn.Cells}); masks, {@code goBackwards}, {@code stateful} and {@code
 * unroll} shape the loop around that step.
 */
final class RecurrentEmitter {
  /** LSTM gate blocks: Keras i, f, c, o packed as i, f, o, c so one activation pass covers i, f, o. */
  static final String LSTM_ORDER = "0, 1, 3, 2";
  /** GRU gate blocks z, r, h keep Keras' order (z and r share the recurrent activation). */
  static final String GRU_ORDER = "0, 1, 2";

  /** The code of one direction: its loop, its output, its Keras variables, its state reset. */
  private record Direction(CodeBlock body, Buffer output, List<CodeBlock> variables, CodeBlock reset) {}

  private final ClassParts parts;
  private final int fixedTimesteps;

  /** @param fixedTimesteps the input's timesteps when fixed and not stepped (unrolling needs it), else -1 */
  RecurrentEmitter(ClassParts parts, int fixedTimesteps) {
    this.parts = parts;
    this.fixedTimesteps = fixedTimesteps;
  }

  /** A recurrent layer on its own. */
  Buffer layer(RecurrentSpec layer, Buffer in) {
    String name = layer.name();
    declareSizes(layer);
    Direction d = direction(layer, name, name, "", in);
    MethodSpec.Builder method = LayerEmitter.forwardMethod(parts, name, Describe.layer(layer) + "\n");
    method.addCode(d.body());
    consumeInitialStates(name, method);
    parts.forwardMethods.add(method.build());
    handle(layer, layer, layer.kerasClass(), d.variables(), List.of(d.reset()));
    return d.output();
  }

  /** A Bidirectional layer: both directions, then the merge. */
  Buffer bidirectional(BidirectionalSpec bi, Buffer in) {
    RecurrentSpec layer = bi.layer();
    String name = bi.name();
    declareSizes(layer);
    if (bi.backwardLayer() != null) {
      declareSizes(bi.backwardLayer()); // a declared backward layer: its own sizes, named after its method
    }
    String width = Names.constant(name, "WIDTH");
    String outStride = Names.constant(name, "OUTPUT_STRIDE");
    boolean concat = bi.mergeMode() == BidirectionalSpec.MergeMode.CONCAT;
    parts.constant(width, concat ? "2 * " + hUnits(layer) : hUnits(layer));
    parts.constant(outStride, RecurrentEmitter.padded(concat ? 2 * layer.outputUnits() : layer.outputUnits()));
    Direction forward = direction(bi.forward(), name, Names.field(name, "Forward"), "forward_layer/", in);
    Direction backward = direction(bi.backward(), name, Names.field(name, "Backward"), "backward_layer/", in);
    boolean none = bi.mergeMode() == BidirectionalSpec.MergeMode.NONE;
    String output = Names.field(name, none ? "BackwardInOrder" : "Output");
    if (none && !layer.returnSequences()) {
      output = backward.output().field(); // the last backward output, as it is
    } else if (layer.returnSequences()) {
      parts.perTimestep(output, outStride);
    } else {
      parts.scratch(output, outStride);
    }

    MethodSpec.Builder method = LayerEmitter.forwardMethod(parts, name, Describe.layer(bi) + "\n");
    method.addComment("Forward direction.");
    method.addCode(forward.body());
    method.addComment("Backward direction" + (layer.returnSequences() ? ", output in processing order." : "."));
    method.addCode(backward.body());
    consumeInitialStates(name, method);
    if (none) { // Keras' merge_mode=None: the directions stay apart, read by @Forward / @Backward
      if (layer.returnSequences()) {
        method.addComment("merge_mode=None: backward rows flipped back to input order.");
        method.addStatement("$T.flip($N, $L, $L, $L, $N)", Runtime.MERGE, backward.output().field(), parts.timesteps(),
            hUnits(layer), hStride(layer), output);
      }
      parts.forwardMethods.add(method.build());
      Buffer backwardOut = new Buffer(output, width, outStride, layer.returnSequences());
      parts.directionOutputs.put(dev.rnnc.processor.spec.Node.direction(name, false), forward.output());
      parts.directionOutputs.put(dev.rnnc.processor.spec.Node.direction(name, true), backwardOut);
      List<CodeBlock> variables = new ArrayList<>(forward.variables());
      variables.addAll(backward.variables());
      handle(layer, bi, "Bidirectional", variables, List.of(forward.reset(), backward.reset()));
      return forward.output();
    }
    String rows = layer.returnSequences() ? parts.timesteps() : "1";
    method.addComment("merge_mode=\"$L\"" + (layer.returnSequences() ? ", backward rows flipped back to input order." : "."),
        bi.mergeMode().name().toLowerCase());
    method.addStatement("$T.$L($N, $N, $L, $L, $L, $L,$W$N, $L)", Runtime.MERGE, bi.mergeMode().name().toLowerCase(),
        forward.output().field(), backward.output().field(), rows, hUnits(layer), hStride(layer), layer.returnSequences(),
        output, outStride);
    parts.forwardMethods.add(method.build());

    List<CodeBlock> variables = new ArrayList<>(forward.variables());
    variables.addAll(backward.variables());
    handle(layer, bi, "Bidirectional", variables, List.of(forward.reset(), backward.reset()));
    return new Buffer(output, width, outStride, layer.returnSequences());
  }

  /** The layer that takes a call's initial states marks them used, so the next call starts from zeros again. */
  private void consumeInitialStates(String name, MethodSpec.Builder method) {
    if (name.equals(parts.initialStateLayer)) {
      method.addStatement("initialStates = false");
    }
  }

  private void declareSizes(RecurrentSpec layer) {
    String name = layer.name();
    int blocks = blocks(layer);
    parts.constant(units(name), layer.units());
    parts.constant(stride(name), padded(layer.units()));
    parts.constant(gates(name), blocks == 1 ? stride(name) : blocks + " * " + stride(name));
    if (layer instanceof LstmSpec lstm && lstm.projSize() > 0) {
      parts.constant(Names.constant(name, "PROJ_SIZE"), lstm.projSize());
      parts.constant(Names.constant(name, "PROJ_STRIDE"), padded(lstm.projSize()));
    }
  }

  /** The constant naming the width of h: units, or the projection's size. */
  static String hUnits(RecurrentSpec layer) {
    return projected(layer) ? Names.constant(layer.name(), "PROJ_SIZE") : units(layer.name());
  }

  /** The constant naming the stride of h. */
  static String hStride(RecurrentSpec layer) {
    return projected(layer) ? Names.constant(layer.name(), "PROJ_STRIDE") : stride(layer.name());
  }

  private static boolean projected(RecurrentSpec layer) {
    return layer instanceof LstmSpec lstm && lstm.projSize() > 0;
  }

  /** Adds the layer handle, with a reset method when the layer is stateful. */
  private void handle(RecurrentSpec layer, LayerSpec declared, String kind, List<CodeBlock> variables, List<CodeBlock> resets) {
    String name = declared.name();
    String reset = null;
    if (layer.options().stateful()) {
      reset = Names.reset(name);
      MethodSpec.Builder method = MethodSpec.methodBuilder(reset).addModifiers(Modifier.PRIVATE)
          .addJavadoc("Zeroes $L's carried states.\n", name);
      resets.forEach(method::addCode);
      parts.resetMethods.add(method.build());
      parts.statefulLayers.add(name);
    }
    LayerEmitter.handle(parts, declared, kind, variables, reset);
  }

  /**
   * Emits one direction of layer {@code owner}: fields named {@code prefix...}, size constants
   * named after {@code layer}, Keras variables named {@code variablePrefix + "kernel"}, and the
   * loop body.
   */
  private Direction direction(RecurrentSpec layer, String owner, String prefix, String variablePrefix, Buffer in) {
    String name = layer.name();
    String kernel = Names.field(prefix, "Kernel");
    String recurrent = Names.field(prefix, "RecurrentKernel");
    String bias = Names.field(prefix, "Bias");
    String projection = Names.field(prefix, "Projection");
    String gatesField = Names.field(prefix, "Gates");
    String h = Names.field(prefix, "H");
    String c = Names.field(prefix, "C");
    var options = layer.options();
    String order = order(layer);
    int blocks = blocks(layer);
    boolean twoBiasRows = layer instanceof GruSpec g && g.resetAfter();

    parts.weight(kernel, in.width() + " * " + gates(name),
        prefix + ": Keras {@code " + variablePrefix + "kernel} (" + in.width() + ", " + blocks + "·units), gate blocks " + blockNames(layer) + ".\n");
    boolean panels = panels(layer);
    parts.weight(recurrent, hUnits(layer) + " * " + gates(name),
        prefix + ": Keras {@code " + variablePrefix + "recurrent_kernel} (" + (projected(layer) ? "projSize" : "units") + ", "
            + blocks + "·units)" + (panels ? ", in panels of " + PANEL_WIDTH + " columns (RecurrentPanels)" : "") + ".\n");
    String projectionKernel = Names.field(prefix, "ProjectionKernel");
    if (projected(layer)) {
      parts.weight(projectionKernel, units(name) + " * " + hStride(layer),
          prefix + ": {@code " + variablePrefix + "projection_kernel} (units, projSize), PyTorch's weight_hr transposed.\n");
      parts.scratch(Names.field(prefix, "CellOutput"), stride(name));
    }
    if (layer.useBias()) {
      parts.weight(bias, twoBiasRows ? "2 * " + gates(name) : gates(name), prefix + ": Keras {@code " + variablePrefix + "bias}"
          + (twoBiasRows ? " (2, 3·units): input bias, then recurrent bias.\n" : ".\n"));
    }
    parts.perTimestep(projection, gates(name));
    if (layer instanceof SimpleRnnSpec rnn) {
      simpleRnnStep(parts, prefix, units(name), stride(name), activation(rnn.activation()));
    }
    parts.scratch(h, hStride(layer));
    boolean lstm = layer instanceof LstmSpec;
    if (lstm) {
      parts.scratch(c, stride(name));
    }
    boolean resetBefore = layer instanceof GruSpec g && !g.resetAfter();
    parts.scratch(gatesField, resetBefore ? "4 * " + stride(name) : gates(name)); // reset-before: z, r, r*h, candidate

    // Output: every step's h, or the last output (h itself unless a mask may make it differ).
    String output = h;
    if (options.returnSequences()) {
      output = Names.field(prefix, "Output");
      parts.perTimestep(output, hStride(layer));
    } else if (options.masked()) {
      output = Names.field(prefix, "Last");
      parts.scratch(output, hStride(layer));
    }

    CodeBlock.Builder body = CodeBlock.builder();
    if (parts.folding != null && prefix.equals(parts.folding.layer())) {
      body.add("// x·W + b of every timestep was gathered from the folded embedding table; only h·U stays in the loop.\n");
    } else {
      body.add("// x·W + b for every timestep in one matrix product; only h·U stays in the loop.\n");
      body.addStatement("$T.matmul($N, 0, $L, $L, $L,$W$N, 0, $L, $L,$W$L, 0,$W$N, 0, $L)", Runtime.KERNELS,
          in.field(), in.stride(), parts.timesteps(), in.width(), kernel, gates(name), gates(name),
          layer.useBias() ? bias : "null", projection, gates(name));
    }
    CodeBlock.Builder reset = CodeBlock.builder();
    reset.addStatement("$T.fill($N, 0f)", Arrays.class, h);
    if (lstm) {
      reset.addStatement("$T.fill($N, 0f)", Arrays.class, c);
    }
    CodeBlock initialStates = parts.initialStateCopies.get(prefix);
    if (initialStates != null) {
      body.add(initialStates);
    } else if (options.stateful()) {
      body.add("// stateful: h$L carry over from the previous call.\n", lstm ? " and c" : "");
    } else if (owner.equals(parts.initialStateLayer)) {
      body.beginControlFlow("if (!initialStates)").add(reset.build()).endControlFlow();
    } else {
      body.add(reset.build());
    }
    if (!options.returnSequences() && options.masked()) {
      body.addStatement("$T.fill($N, 0f)", Arrays.class, output);
    }

    Function<String, CodeBlock> step = t -> step(layer, prefix, name, t);
    if (options.unroll()) {
      for (int s = 0; s < fixedTimesteps; s++) {
        int t = options.goBackwards() ? fixedTimesteps - 1 - s : s;
        body.add("// timestep $L\n", t);
        body.add(stepBody(layer, step, output, h, Integer.toString(s), Integer.toString(t)));
      }
    } else if (options.goBackwards()) {
      body.beginControlFlow("for (int step = 0; step < $L; step++)", parts.timesteps());
      body.addStatement("int t = $L - 1 - step", parts.timesteps());
      body.add(stepBody(layer, step, output, h, "step", "t"));
      body.endControlFlow();
    } else {
      body.beginControlFlow("for (int t = 0; t < $L; t++)", parts.timesteps());
      body.add(stepBody(layer, step, output, h, "t", "t"));
      body.endControlFlow();
    }

    List<CodeBlock> variables = new ArrayList<>();
    variables.add(LayerEmitter.variable(variablePrefix + "kernel", LayerEmitter.matrix(in.width(), units(name), order),
        kernel, LayerEmitter.initializer("glorotUniform")));
    CodeBlock recurrentLayout = panels
        ? CodeBlock.of("$T.recurrentPanels($L, $L, $L)", Runtime.PACKED_LAYOUT, hUnits(layer), units(name), order)
        : LayerEmitter.matrix(hUnits(layer), units(name), order);
    variables.add(LayerEmitter.variable(variablePrefix + "recurrent_kernel", recurrentLayout, recurrent,
        LayerEmitter.initializer("orthogonal")));
    if (layer.useBias()) {
      CodeBlock biasLayout = twoBiasRows ? LayerEmitter.matrix("2", units(name), order) : LayerEmitter.vector(units(name), order);
      CodeBlock biasInit = layer instanceof LstmSpec l && l.unitForgetBias()
          ? LayerEmitter.initializer("unitForgetBias", units(name)) : LayerEmitter.initializer("zeros");
      variables.add(LayerEmitter.variable(variablePrefix + "bias", biasLayout, bias, biasInit));
    }
    if (projected(layer)) {
      variables.add(LayerEmitter.variable(variablePrefix + "projection_kernel",
          LayerEmitter.matrix(units(name), hUnits(layer), "0"), projectionKernel, LayerEmitter.initializer("glorotUniform")));
    }
    Buffer out = new Buffer(output, hUnits(layer), hStride(layer), options.returnSequences());
    return new Direction(body.build(), out, variables, reset.build());
  }

  /**
   * One timestep: the cell step at input timestep {@code t}, and its output at processing step
   * {@code s}; masked steps carry the state and repeat (or zero) the output instead.
   */
  private CodeBlock stepBody(RecurrentSpec layer, Function<String, CodeBlock> step, String output, String h, String s, String t) {
    var options = layer.options();
    String stride = hStride(layer);
    CodeBlock.Builder code = CodeBlock.builder();
    if (options.masked()) {
      code.beginControlFlow("if ($N[$L])", parts.maskField, t);
    }
    code.addStatement(step.apply(t));
    LayerEmitter.stepOutput(code, h, output, s, stride, options.returnSequences(), options.masked(),
        options.zeroOutputForMask(), "the state carries over unchanged");
    return code.build();
  }

  /** The cell call for input timestep {@code t} (a variable or, unrolled, a literal). */
  private CodeBlock step(RecurrentSpec layer, String prefix, String name, String t) {
    String projection = Names.field(prefix, "Projection");
    String recurrent = Names.field(prefix, "RecurrentKernel");
    String gatesField = Names.field(prefix, "Gates");
    String h = Names.field(prefix, "H");
    return switch (layer) {
      case LstmSpec lstm when lstm.projSize() > 0 -> CodeBlock.of(
          "$T.lstmProjected($N, $L * $L,$W$N, $L, $L,$W$N, $N, $N,$W$N, $L, $L, $N,$W$L, $L)", Runtime.CELLS,
          projection, t, gates(name), recurrent, units(name), stride(name), gatesField, Names.field(prefix, "C"),
          Names.field(prefix, "CellOutput"), Names.field(prefix, "ProjectionKernel"), hUnits(layer), hStride(layer), h,
          activation(lstm.activation()), activation(lstm.recurrentActivation()));
      case LstmSpec lstm -> CodeBlock.of("$T.$L($N, $L * $L,$W$N, $L, $L,$W$N, $N, $N,$W$L, $L)", Runtime.CELLS,
          panels(layer) ? "lstmPanels" : "lstm", projection, t, gates(name), recurrent, units(name), stride(name), gatesField, Names.field(prefix, "C"), h,
          activation(lstm.activation()), activation(lstm.recurrentActivation()));
      case GruSpec gru when gru.resetAfter() -> CodeBlock.of("$T.$L($N, $L * $L,$W$N, $L,$W$L, $L,$W$N, $N,$W$L, $L)",
          Runtime.CELLS, panels(layer) ? "gruResetAfterPanels" : "gruResetAfter", projection, t, gates(name), recurrent,
          gru.useBias() ? CodeBlock.of("$N, $L", Names.field(prefix, "Bias"), gates(name)) : CodeBlock.of("null, 0"),
          units(name), stride(name), gatesField, h, activation(gru.activation()), activation(gru.recurrentActivation()));
      case GruSpec gru -> CodeBlock.of("$T.gruResetBefore($N, $L * $L,$W$N, $L, $L,$W$N, $N,$W$L, $L)", Runtime.CELLS,
          projection, t, gates(name), recurrent, units(name), stride(name), gatesField, h,
          activation(gru.activation()), activation(gru.recurrentActivation()));
      case SimpleRnnSpec rnn -> CodeBlock.of("$N.step($N, $L * $L,$W$N, $N, $N)", stepConstant(prefix), projection, t,
          gates(name), recurrent, h, gatesField);
    };
  }

  /**
   * Declares {@code PREFIX_STEP}, the {@code static final} SimpleRNN step of a layer direction or
   * cell ({@code Cells.simpleRnnStep}, which the kernels may specialise to the sizes), and returns
   * its name.
   */
  static String simpleRnnStep(ClassParts parts, String prefix, String units, String stride, CodeBlock activation) {
    String name = stepConstant(prefix);
    parts.constants.add(FieldSpec.builder(Runtime.SIMPLE_RNN_STEP, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc(prefix + "'s step, made once for its sizes: the kernels may specialise it to them.\n")
        .initializer("$T.simpleRnnStep($L, $L, $L)", Runtime.CELLS, units, stride, activation)
        .build());
    return name;
  }

  private static String stepConstant(String prefix) {
    return Names.constant(prefix, "STEP");
  }

  /** Columns per panel, {@code RecurrentPanels.WIDTH}: four 512-bit vectors. */
  static final int PANEL_WIDTH = 64;

  /**
   * Whether the recurrent kernel is stored in panels: for LSTM and GRU (reset_after) layers wider
   * than one panel. Their U outgrows L1, and a step then reads it from L2 as one sequential stream
   * per panel instead of one strided stream per gate block (measured 1.15-1.25x on a 128-unit
   * LSTM's steps); up to 64 units each row of U already is one contiguous stream.
   */
  static boolean panels(RecurrentSpec layer) {
    boolean kind = layer instanceof LstmSpec l ? l.projSize() == 0 : layer instanceof GruSpec g && g.resetAfter();
    return kind && padded(layer.units()) > PANEL_WIDTH;
  }

  private static int blocks(RecurrentSpec layer) {
    return switch (layer) {
      case LstmSpec l -> 4;
      case GruSpec g -> 3;
      case SimpleRnnSpec s -> 1;
    };
  }

  private static String order(RecurrentSpec layer) {
    return switch (layer) {
      case LstmSpec l -> LSTM_ORDER;
      case GruSpec g -> GRU_ORDER;
      case SimpleRnnSpec s -> "0";
    };
  }

  private static String blockNames(RecurrentSpec layer) {
    return switch (layer) {
      case LstmSpec l -> "i, f, o, c";
      case GruSpec g -> "z, r, h";
      case SimpleRnnSpec s -> "(one)";
    };
  }

  static CodeBlock activation(ActivationName activation) {
    return CodeBlock.of("$T.$L", Runtime.ACTIVATION, activation.name());
  }

  static String units(String name) {
    return Names.constant(name, "UNITS");
  }

  static String stride(String name) {
    return Names.constant(name, "STRIDE");
  }

  static String gates(String name) {
    return Names.constant(name, "GATES");
  }

  /** Rounds up to 16 floats, matching {@code PackedLayout.padded}. */
  static int padded(int n) {
    return (n + 15) / 16 * 16;
  }
}
