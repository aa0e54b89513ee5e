package dev.rnnc.processor.generate;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.rnnc.processor.spec.BidirectionalSpec;
import dev.rnnc.processor.spec.LayerSpec;
import dev.rnnc.processor.spec.Packing;
import dev.rnnc.processor.spec.RecurrentSpec;
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
  /** The code of one direction: its loop, its output, its Keras variables, its state reset. */
  private record Direction(
      CodeBlock body,
      Buffer output,
      List<CodeBlock> variables,
      CodeBlock reset,
      List<CarriedState> states) {}

  private final ClassParts parts;
  private final int fixedTimesteps;

  /**
   * @param fixedTimesteps the input's timesteps when fixed and not stepped (unrolling needs it),
   *     else -1
   */
  RecurrentEmitter(ClassParts parts, int fixedTimesteps) {
    this.parts = parts;
    this.fixedTimesteps = fixedTimesteps;
  }

  /** A recurrent layer on its own. */
  Buffer layer(RecurrentSpec layer, Buffer in) {
    String name = layer.name();
    declareSizes(layer);
    Direction d = direction(layer, name, name, "", in);
    MethodSpec.Builder method =
        LayerEmitter.forwardMethod(parts, name, Describe.layer(layer) + "\n");
    method.addCode(d.body());
    consumeInitialStates(name, method);
    parts.forwardMethods.add(method.build());
    handle(layer, layer, layer.kerasClass(), d.variables(), List.of(d.reset()), d.states());
    return d.output();
  }

  /** A Bidirectional layer: both directions, then the merge. */
  Buffer bidirectional(BidirectionalSpec bi, Buffer in) {
    RecurrentSpec layer = bi.layer();
    String name = bi.name();
    declareSizes(layer);
    if (bi.backwardLayer() != null) {
      declareSizes(
          bi.backwardLayer()); // a declared backward layer: its own sizes, named after its method
    }
    String width = Names.constant(name, "WIDTH");
    String outStride = Names.constant(name, "OUTPUT_STRIDE");
    boolean concat = bi.mergeMode() == BidirectionalSpec.MergeMode.CONCAT;
    parts.constant(width, concat ? "2 * " + hUnits(layer) : hUnits(layer));
    parts.constant(
        outStride, Packing.padded(concat ? 2 * layer.outputUnits() : layer.outputUnits()));
    Direction forward =
        direction(bi.forward(), name, Names.field(name, "Forward"), "forward_layer/", in);
    Direction backward =
        direction(bi.backward(), name, Names.field(name, "Backward"), "backward_layer/", in);
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
    method.addComment(
        "Backward direction" + (layer.returnSequences() ? ", output in processing order." : "."));
    method.addCode(backward.body());
    consumeInitialStates(name, method);
    if (none) { // Keras' merge_mode=None: the directions stay apart, read by @Forward / @Backward
      if (layer.returnSequences()) {
        method.addComment("merge_mode=None: backward rows flipped back to input order.");
        method.addStatement(
            "$T.flip($N, $L, $L, $L, $N)",
            RuntimeTypes.MERGE,
            backward.output().field(),
            parts.timesteps(),
            hUnits(layer),
            hStride(layer),
            output);
      }
      parts.forwardMethods.add(method.build());
      Buffer backwardOut = new Buffer(output, width, outStride, layer.returnSequences());
      parts.directionOutputs.put(
          dev.rnnc.processor.spec.Node.direction(name, false), forward.output());
      parts.directionOutputs.put(dev.rnnc.processor.spec.Node.direction(name, true), backwardOut);
      List<CodeBlock> variables = new ArrayList<>(forward.variables());
      variables.addAll(backward.variables());
      handle(
          layer,
          bi,
          "Bidirectional",
          variables,
          List.of(forward.reset(), backward.reset()),
          concat(forward.states(), backward.states()));
      return forward.output();
    }
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
        hUnits(layer),
        hStride(layer),
        layer.returnSequences(),
        output,
        outStride);
    parts.forwardMethods.add(method.build());

    List<CodeBlock> variables = new ArrayList<>(forward.variables());
    variables.addAll(backward.variables());
    handle(
        layer,
        bi,
        "Bidirectional",
        variables,
        List.of(forward.reset(), backward.reset()),
        concat(forward.states(), backward.states()));
    return new Buffer(output, width, outStride, layer.returnSequences());
  }

  /**
   * The layer that takes a call's initial states marks them used, so the next call starts from
   * zeros again.
   */
  private void consumeInitialStates(String name, MethodSpec.Builder method) {
    if (name.equals(parts.initialStateLayer)) {
      method.addStatement("initialStates = false");
    }
  }

  private void declareSizes(RecurrentSpec layer) {
    CellKind.of(layer.cell()).declareSizes(parts, names(layer, layer.name()));
  }

  /**
   * The names of a layer's cell: constants after the layer, fields after {@code prefix} (the layer
   * or one direction).
   */
  private static CellNames names(RecurrentSpec layer, String prefix) {
    return new CellNames(layer.name(), prefix);
  }

  /** The constant naming the width of h: units, or the projection's size. */
  static String hUnits(RecurrentSpec layer) {
    return CellKind.of(layer.cell()).hUnits(names(layer, layer.name()));
  }

  /** The constant naming the stride of h. */
  static String hStride(RecurrentSpec layer) {
    return CellKind.of(layer.cell()).hStride(names(layer, layer.name()));
  }

  /** Adds the layer handle, with a reset method when the layer is stateful. */
  private void handle(
      RecurrentSpec layer,
      LayerSpec declared,
      String kind,
      List<CodeBlock> variables,
      List<CodeBlock> resets,
      List<CarriedState> states) {
    String name = declared.name();
    String reset = null;
    if (layer.options().stateful()) {
      reset = Names.reset(name);
      MethodSpec.Builder method =
          MethodSpec.methodBuilder(reset)
              .addModifiers(Modifier.PRIVATE)
              .addJavadoc("Zeroes $L's carried states.\n", name);
      resets.forEach(method::addCode);
      parts.resetMethods.add(method.build());
      parts.statefulLayers.add(name);
    }
    LayerEmitter.handle(parts, declared, kind, variables, reset, states);
  }

  private static List<CarriedState> concat(List<CarriedState> a, List<CarriedState> b) {
    List<CarriedState> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /**
   * Emits one direction of layer {@code owner}: fields named {@code prefix...}, size constants
   * named after {@code layer}, Keras variables named {@code variablePrefix + "kernel"}, and the
   * loop body.
   */
  private Direction direction(
      RecurrentSpec layer, String owner, String prefix, String variablePrefix, Buffer in) {
    CellKind kind = CellKind.of(layer.cell());
    CellNames n = names(layer, prefix);
    var options = layer.options();
    boolean panels = panels(layer);
    List<CodeBlock> variables = kind.declare(parts, n, in.width(), variablePrefix, true, panels);
    String h = n.state("H");

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
      body.add(
          "// x·W + b of every timestep was gathered from the folded embedding table; only h·U stays in the loop.\n");
    } else {
      body.add(
          "// x·W + b for every timestep in one matrix product; only h·U stays in the loop.\n");
      body.addStatement(CellKind.projection(kind, n, in, parts.timesteps()));
    }
    CodeBlock.Builder reset = CodeBlock.builder();
    List<CarriedState> states = new ArrayList<>();
    for (String state : kind.states()) {
      reset.addStatement("$T.fill($N, 0f)", Arrays.class, n.state(state));
      states.add(new CarriedState(n.state(state), state.equals("H") ? kind.hUnits(n) : n.units()));
    }
    String carried = String.join(" and ", kind.states().stream().map(String::toLowerCase).toList());
    Function<String, CodeBlock> step =
        t -> CodeBlock.builder().addStatement(kind.step(n, t + " * " + n.gates(), panels)).build();
    body.add(
        new TimestepLoop(
                prefix,
                owner,
                reset.build(),
                carried,
                "the state carries over unchanged",
                step,
                h,
                output,
                hStride(layer),
                options.returnSequences(),
                options.masked(),
                options.zeroOutputForMask(),
                options.stateful(),
                options.goBackwards(),
                options.unroll() ? fixedTimesteps : -1)
            .emit(parts));
    Buffer out = new Buffer(output, hUnits(layer), hStride(layer), options.returnSequences());
    return new Direction(body.build(), out, variables, reset.build(), states);
  }

  /** Whether the layer's recurrent kernel is stored in panels ({@link CellKind#panels}). */
  static boolean panels(RecurrentSpec layer) {
    return CellKind.of(layer.cell()).panels();
  }

  static String units(String name) {
    return Names.constant(name, "UNITS");
  }

  static String gates(String name) {
    return Names.constant(name, "GATES");
  }
}
