package dev.rnnc.processor.generate;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.rnnc.processor.spec.BidirectionalCellSpec;
import dev.rnnc.processor.spec.BidirectionalSpec;
import dev.rnnc.processor.spec.Cell;
import dev.rnnc.processor.spec.CellSpec;
import dev.rnnc.processor.spec.ModelSpec;
import dev.rnnc.processor.spec.StackCell;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import javax.lang.model.element.Modifier;

/**
 * Emits an {@code @RNN} layer: the timestep loop around one custom cell, or around a stack of cells
 * (Keras' {@code StackedRNNCells}) where each cell reads the previous cell's output of the same
 * timestep. Built-in cells run the same fused steps as
 * {@code @LSTM}/{@code @GRU}/{@code @SimpleRNN} ({@code dev.rnnc.runtime.nn.Cells}): the first
 * cell's input projection covers the whole sequence in one matrix product, later cells project
 * their one-row input per step. A masked timestep runs no cell: every state carries over, the
 * output repeats (or zeroes).
 */
final class CellEmitter {
  /**
   * The generated names of one cell: its field prefix, its output buffer (width, stride constants),
   * its variables.
   */
  private record Emitted(
      String prefix,
      String output,
      String outputWidth,
      String outputStride,
      List<CodeBlock> variables) {}

  /**
   * The cells' code for one timestep, written for any timestep expression: the loop variable {@code
   * t}, or a literal when the loop is unrolled.
   */
  private static final class StepCode {
    private final List<Function<String, CodeBlock>> parts = new ArrayList<>();

    /** Code that does not depend on the timestep. */
    void add(CodeBlock code) {
      parts.add(t -> code);
    }

    /** A statement reading timestep {@code t}. */
    void addStatement(Function<String, CodeBlock> statement) {
      parts.add(t -> CodeBlock.builder().addStatement(statement.apply(t)).build());
    }

    CodeBlock at(String t) {
      return CodeBlock.join(parts.stream().map(p -> p.apply(t)).toList(), "");
    }
  }

  private final ClassParts parts;

  /** The input's timesteps when fixed and not stepped (unrolling needs it), else -1. */
  private final int fixedTimesteps;

  CellEmitter(ClassParts parts, int fixedTimesteps) {
    this.parts = parts;
    this.fixedTimesteps = fixedTimesteps;
  }

  Buffer cell(CellSpec layer, Buffer in) {
    return cell(layer, java.util.Collections.singletonList(in));
  }

  /**
   * The layer over {@code ins}: one buffer, or one per input of a {@code MultiInputCell}, in
   * parameter order.
   */
  Buffer cell(CellSpec layer, List<Buffer> ins) {
    String name = layer.name();
    Direction d = direction(layer, ins);
    String resetMethod = null;
    if (layer.stateful()) {
      resetMethod = Names.reset(name);
      parts.resetMethods.add(
          MethodSpec.methodBuilder(resetMethod)
              .addModifiers(Modifier.PRIVATE)
              .addJavadoc("Zeroes $L's carried states.\n", name)
              .addCode(d.reset())
              .build());
      parts.statefulLayers.add(name);
    }
    LayerEmitter.handle(
        parts, layer, "RNN", d.variables(), resetMethod, layer.stateful() ? d.states() : List.of());
    MethodSpec.Builder method =
        LayerEmitter.forwardMethod(parts, name, Describe.layer(layer) + "\n");
    method.addCode(d.body());
    if (name.equals(parts.initialStateLayer)) {
      method.addStatement("initialStates = false"); // the next call starts from zeros again
    }
    parts.forwardMethods.add(method.build());
    return d.output();
  }

  /**
   * A Bidirectional layer around an {@code @RNN} layer: each direction's loop (fields named {@code
   * <name>Forward...}, {@code <name>Backward...}), then the merge, as Keras' {@code
   * Bidirectional(RNN(cell))}; the variables are each direction's, prefixed {@code forward_layer/}
   * and {@code backward_layer/}.
   */
  Buffer bidirectional(BidirectionalCellSpec bi, Buffer in) {
    String name = bi.name();
    CellSpec layer = bi.layer();
    Direction forward = direction(bi.forward(), List.of(in));
    Direction backward = direction(bi.backward(), List.of(in));
    boolean concat = bi.mergeMode() == BidirectionalSpec.MergeMode.CONCAT;
    String width = Names.constant(name, "WIDTH");
    String outStride = Names.constant(name, "OUTPUT_STRIDE");
    String size = forward.output().width();
    parts.constant(width, concat ? "2 * " + size : size);
    parts.constant(outStride, width);
    String output = Names.field(name, "Output");
    if (layer.returnSequences()) {
      parts.perTimestep(output, outStride);
    } else {
      parts.scratch(output, outStride);
    }
    CodeBlock variables =
        CodeBlock.of(
            "$T.concat(\n$T.prefixed($S, $L),\n$T.prefixed($S, $L))",
            STACKED_CELLS,
            STACKED_CELLS,
            "forward_layer",
            forward.variables(),
            STACKED_CELLS,
            "backward_layer",
            backward.variables());
    LayerEmitter.handle(parts, bi, "Bidirectional", variables, null);
    MethodSpec.Builder method = LayerEmitter.forwardMethod(parts, name, Describe.layer(bi) + "\n");
    method.addComment("Forward direction.");
    method.addCode(forward.body());
    method.addComment(
        "Backward direction" + (layer.returnSequences() ? ", output in processing order." : "."));
    method.addCode(backward.body());
    String rows = layer.returnSequences() ? parts.timesteps() : "1";
    method.addComment(
        "merge_mode=\"$L\""
            + (layer.returnSequences() ? ", backward rows flipped back to input order." : "."),
        bi.mergeMode().name().toLowerCase());
    method.addStatement(
        "$T.$L($N, $N, $L, $L, $L, $L,$W$N, $L)",
        RuntimeTypes.MERGE,
        bi.mergeMode().name().toLowerCase(),
        forward.output().field(),
        backward.output().field(),
        rows,
        size,
        forward.output().stride(),
        layer.returnSequences(),
        output,
        outStride);
    parts.forwardMethods.add(method.build());
    return new Buffer(output, width, outStride, layer.returnSequences());
  }

  /**
   * One run of the layer: its loop (states zeroed first unless stateful), its output, its
   * variables, its state reset.
   */
  private record Direction(
      CodeBlock body,
      Buffer output,
      CodeBlock variables,
      CodeBlock reset,
      List<CarriedState> states) {}

  private Direction direction(CellSpec layer, List<Buffer> ins) {
    Buffer in = ins.getFirst();
    String name = layer.name();
    String outputSize = Names.constant(name, "OUTPUT_SIZE");
    parts.constant(outputSize, layer.outputSize());

    CodeBlock.Builder reset = CodeBlock.builder();
    List<CarriedState> states = new ArrayList<>();
    StepCode steps = new StepCode();
    CodeBlock.Builder beforeLoop = CodeBlock.builder();
    List<Emitted> cells = new ArrayList<>();
    Buffer cellInput = in;
    for (int k = 0; k < layer.cells().size(); k++) {
      StackCell cell = layer.cells().get(k);
      String prefix = layer.stacked() ? Names.field(name, "Cell" + k) : name;
      if (layer.stacked()) {
        steps.add(
            CodeBlock.of(
                "// cell $L: $L($L)$L\n",
                k,
                cell.kerasClass(),
                cell.units(),
                k == 0 ? "" : ", reading cell " + (k - 1) + "'s output"));
      }
      Emitted emitted =
          cell.cell() instanceof Cell.BuiltIn builtIn
              ? builtIn(
                  builtIn,
                  cell.kerasKey(),
                  prefix,
                  cellInput,
                  k == 0,
                  reset,
                  states,
                  beforeLoop,
                  steps)
              : layer.multiInput()
                  ? multiInput(layer, cell, ins, reset, states, beforeLoop, steps)
                  : custom(layer, cell, prefix, cellInput, k == 0, reset, states, steps);
      cells.add(emitted);
      cellInput =
          new Buffer(emitted.output(), emitted.outputWidth(), emitted.outputStride(), false);
    }
    Emitted last = cells.getLast();

    // Output: every step's output, or the last one (the last cell's buffer unless a mask may make
    // them differ).
    String output = last.output();
    String outputStride = last.outputStride();
    if (layer.returnSequences()) {
      output = Names.field(name, "Output");
      outputStride = outputSize;
      parts.perTimestep(output, outputSize);
    } else if (layer.masked()) {
      output = Names.field(name, "Last");
      outputStride = outputSize;
      parts.scratch(output, outputSize);
    }

    CodeBlock.Builder method = CodeBlock.builder();
    method.add(beforeLoop.build());
    method.add(
        new TimestepLoop(
                name,
                name,
                reset.build(),
                "the cells' states",
                "no cell runs, every state carries over unchanged",
                steps::at,
                last.output(),
                output,
                outputSize,
                layer.returnSequences(),
                layer.masked(),
                layer.zeroOutputForMask(),
                layer.stateful(),
                layer.goBackwards(),
                layer.unroll() ? fixedTimesteps : -1)
            .emit(parts));
    return new Direction(
        method.build(),
        new Buffer(output, outputSize, outputStride, layer.returnSequences()),
        variables(layer, cells),
        reset.build(),
        states);
  }

  /** A custom cell: the user's object, its states, its output; {@code step} once per timestep. */
  private Emitted custom(
      CellSpec layer,
      StackCell cell,
      String prefix,
      Buffer in,
      boolean first,
      CodeBlock.Builder reset,
      List<CarriedState> carried,
      StepCode steps) {
    String units = Names.constant(prefix, "UNITS");
    String outputSize =
        layer.stacked()
            ? Names.constant(prefix, "OUTPUT_SIZE")
            : Names.constant(layer.name(), "OUTPUT_SIZE");
    parts.constant(units, cell.units());
    if (layer.stacked()) {
      parts.constant(outputSize, cell.outputSize());
    }
    String object = cellField(layer, prefix);
    String states = Names.field(prefix, "States");
    String output = Names.field(prefix, layer.stacked() ? "Output" : "Step");
    ClassName type = ClassName.get(((Cell.Custom) cell.cell()).type());
    // built where declared, so that training's field initializers may read its variables
    parts.cellHandles.add(object);
    parts.handles.add(
        FieldSpec.builder(type, object, Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc("$L: the custom cell, which owns its weights.\n", prefix)
            .initializer("new $T($L, $L)", type, in.width(), units)
            .build());
    CodeBlock sizes =
        CodeBlock.join(
            cell.stateSizes().stream().map(size -> CodeBlock.of("new float[$L]", size)).toList(),
            ", ");
    parts.scratch.add(
        FieldSpec.builder(float[][].class, states, Modifier.PRIVATE, Modifier.FINAL)
            .initializer("{$L}", sizes)
            .build());
    parts.scratch(output, outputSize);
    reset
        .beginControlFlow("for (float[] state : $N)", states)
        .addStatement("$T.fill(state, 0f)", Arrays.class)
        .endControlFlow();
    for (int i = 0; i < cell.stateSizes().size(); i++) {
      carried.add(new CarriedState(states + "[" + i + "]", cell.stateSizes().get(i).toString()));
    }
    steps.addStatement(
        t ->
            CodeBlock.of(
                "$N.step($N, $L, $N, $N)",
                object,
                in.field(),
                first ? t + " * " + in.stride() : "0",
                states,
                output));
    CodeBlock variables =
        layer.stacked()
            ? CodeBlock.of(
                "$T.prefixed($S, $N.variables())", STACKED_CELLS, cell.kerasKey(), object)
            : CodeBlock.of("$N.variables()", object);
    return new Emitted(prefix, output, outputSize, outputSize, List.of(variables));
  }

  /**
   * The field holding a custom cell of {@code layer} whose fields are named after {@code prefix}
   * (the layer's name, or {@code <layer>Cell<k>} in a stack).
   */
  static String cellField(CellSpec layer, String prefix) {
    return layer.stacked() ? prefix : Names.field(prefix, "Cell");
  }

  /**
   * A {@code MultiInputCell}: like {@link #custom}, but {@code step} reads one row of every input
   * buffer, each at its own stride. The buffers are picked up on each call (variable-length inputs
   * may have grown them); the offsets array is reused, so a step allocates nothing.
   */
  private Emitted multiInput(
      CellSpec layer,
      StackCell cell,
      List<Buffer> ins,
      CodeBlock.Builder reset,
      List<CarriedState> carried,
      CodeBlock.Builder beforeLoop,
      StepCode steps) {
    String prefix = layer.name();
    String units = Names.constant(prefix, "UNITS");
    String outputSize = Names.constant(prefix, "OUTPUT_SIZE");
    parts.constant(units, cell.units());
    String object = cellField(layer, prefix);
    String states = Names.field(prefix, "States");
    String output = Names.field(prefix, "Step");
    String inputs = Names.field(prefix, "Inputs");
    String offsets = Names.field(prefix, "Offsets");
    ClassName type = ClassName.get(((Cell.Custom) cell.cell()).type());
    CodeBlock widths =
        CodeBlock.join(ins.stream().map(b -> CodeBlock.of("$L", b.width())).toList(), ", ");
    parts.cellHandles.add(object);
    parts.handles.add(
        FieldSpec.builder(type, object, Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc(
                "$L: the custom cell, which owns its weights; it reads $L inputs per timestep.\n",
                prefix,
                ins.size())
            .initializer("new $T(new int[] {$L}, $L)", type, widths, units)
            .build());
    CodeBlock sizes =
        CodeBlock.join(
            cell.stateSizes().stream().map(size -> CodeBlock.of("new float[$L]", size)).toList(),
            ", ");
    parts.scratch.add(
        FieldSpec.builder(float[][].class, states, Modifier.PRIVATE, Modifier.FINAL)
            .initializer("{$L}", sizes)
            .build());
    parts.scratch.add(
        FieldSpec.builder(float[][].class, inputs, Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc("The input buffers $L's cell reads, in parameter order.\n", prefix)
            .initializer("new float[$L][]", ins.size())
            .build());
    parts.scratch.add(
        FieldSpec.builder(int[].class, offsets, Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc("Where this timestep's row of each input starts.\n")
            .initializer("new int[$L]", ins.size())
            .build());
    parts.scratch(output, outputSize);
    reset
        .beginControlFlow("for (float[] state : $N)", states)
        .addStatement("$T.fill(state, 0f)", Arrays.class)
        .endControlFlow();
    for (int i = 0; i < cell.stateSizes().size(); i++) {
      carried.add(new CarriedState(states + "[" + i + "]", cell.stateSizes().get(i).toString()));
    }
    for (int k = 0; k < ins.size(); k++) {
      beforeLoop.addStatement("$N[$L] = $N", inputs, k, ins.get(k).field());
      int input = k;
      steps.addStatement(
          t -> CodeBlock.of("$N[$L] = $L * $L", offsets, input, t, ins.get(input).stride()));
    }
    steps.add(
        CodeBlock.builder()
            .addStatement("$N.step($N, $N, $N, $N)", object, inputs, offsets, states, output)
            .build());
    return new Emitted(
        prefix, output, outputSize, outputSize, List.of(CodeBlock.of("$N.variables()", object)));
  }

  /**
   * A built-in Keras cell with its packed weights: the input projection {@code x·W + b} (of the
   * whole sequence before the loop for the first cell, else of this timestep's input), then the
   * fused recurrent step.
   */
  private Emitted builtIn(
      Cell.BuiltIn cell,
      String key,
      String prefix,
      Buffer in,
      boolean first,
      CodeBlock.Builder reset,
      List<CarriedState> carried,
      CodeBlock.Builder beforeLoop,
      StepCode steps) {
    CellKind kind = CellKind.of(cell);
    CellNames n = new CellNames(prefix, prefix);
    kind.declareSizes(parts, n);
    List<CodeBlock> variables = kind.declare(parts, n, in.width(), key + "/", first, false);
    for (String state : kind.states()) {
      reset.addStatement("$T.fill($N, 0f)", Arrays.class, n.state(state));
      carried.add(new CarriedState(n.state(state), state.equals("H") ? kind.hUnits(n) : n.units()));
    }
    if (first) {
      beforeLoop.add(
          "// cell input x·W + b for every timestep in one matrix product; only h·U stays in the loop.\n");
      beforeLoop.addStatement(CellKind.projection(kind, n, in, parts.timesteps()));
      steps.addStatement(t -> kind.step(n, t + " * " + n.gates(), false));
    } else {
      CodeBlock projection = CellKind.projection(kind, n, in, "1");
      steps.addStatement(t -> projection);
      steps.addStatement(t -> kind.step(n, "0", false));
    }
    return new Emitted(
        prefix,
        n.state("H"),
        kind.hUnits(n), // an LSTM's projSize when projected
        kind.hStride(n),
        List.of(CodeBlock.of("$T.of(\n$L)", List.class, CodeBlock.join(variables, ",\n"))));
  }

  /** The layer's variables: a single cell's own, or every stacked cell's joined in order. */
  private static CodeBlock variables(CellSpec layer, List<Emitted> cells) {
    if (!layer.stacked()) {
      return cells.getFirst().variables().getFirst();
    }
    return CodeBlock.of(
        "$T.concat(\n$L)",
        STACKED_CELLS,
        CodeBlock.join(cells.stream().flatMap(c -> c.variables().stream()).toList(), ",\n"));
  }

  /**
   * The array expressions and widths of an {@code @RNN} layer's states, in Keras' order (per cell:
   * LSTM h, c; GRU/SimpleRNN h; a custom cell's states): where {@code @InitialState} and
   * call-passed initial states are copied to and from.
   */
  static List<String[]> stateFields(CellSpec layer) {
    List<String[]> fields = new ArrayList<>();
    for (int k = 0; k < layer.cells().size(); k++) {
      StackCell cell = layer.cells().get(k);
      String prefix = layer.stacked() ? Names.field(layer.name(), "Cell" + k) : layer.name();
      if (cell.cell() instanceof Cell.BuiltIn builtIn) {
        for (String state : CellKind.of(builtIn).states()) {
          fields.add(new String[] {Names.field(prefix, state), stateWidth(builtIn, prefix, state)});
        }
      } else {
        for (int j = 0; j < cell.stateSizes().size(); j++) {
          fields.add(
              new String[] {
                Names.field(prefix, "States") + "[" + j + "]",
                Integer.toString(cell.stateSizes().get(j))
              });
        }
      }
    }
    return fields;
  }

  /**
   * The final states an {@code @RNN} layer returns with {@code returnState}, as copies, in Keras'
   * order.
   */
  static List<CodeBlock> returnedStates(CellSpec layer) {
    List<CodeBlock> states = new ArrayList<>();
    List<ModelSpec.StateSpec> specs = layer.states();
    int i = 0;
    for (int k = 0; k < layer.cells().size(); k++) {
      StackCell cell = layer.cells().get(k);
      String prefix = layer.stacked() ? Names.field(layer.name(), "Cell" + k) : layer.name();
      if (cell.cell() instanceof Cell.BuiltIn builtIn) {
        for (String state : CellKind.of(builtIn).states()) {
          states.add(
              CodeBlock.of(
                  "$T.copyOf($N, $L)",
                  Arrays.class,
                  Names.field(prefix, state),
                  stateWidth(builtIn, prefix, state)));
          i++;
        }
      } else {
        for (int j = 0; j < cell.stateSizes().size(); j++, i++) {
          states.add(CodeBlock.of("$N[$L].clone()", Names.field(prefix, "States"), j));
        }
      }
    }
    if (i != specs.size()) {
      throw new IllegalStateException(
          "states of " + layer.name() + ": " + i + " emitted, " + specs.size() + " declared");
    }
    return states;
  }

  /** The constant naming a built-in cell's state width: h is an LSTM's projSize when projected. */
  private static String stateWidth(Cell.BuiltIn cell, String prefix, String state) {
    return state.equals("H")
        ? CellKind.of(cell).hUnits(new CellNames(prefix, prefix))
        : Names.constant(prefix, "UNITS");
  }

  private static final ClassName STACKED_CELLS =
      ClassName.get("dev.rnnc.runtime.nn", "StackedCells");
}
