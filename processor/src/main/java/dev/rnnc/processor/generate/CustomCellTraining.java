package dev.rnnc.processor.generate;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeName;
import dev.rnnc.processor.spec.CellSpec;
import dev.rnnc.processor.spec.StackCell;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Training of a custom cell ({@code dev.rnnc.runtime.TrainableCell}) in an {@code @RNN} layer,
 * alone or as one cell of a stack, for {@link TrainingEmitter}: the cell over every timestep of the
 * batch, one sample at a time, each sample's states copied before every step; backwards, the
 * timesteps in reverse calling the cell's {@code backward} with the saved states, the gradient of
 * the step's output and of its new states. The cell owns its weights and gradient arrays; they join
 * the optimizer's lists after the model's own ({@link #optimizerArrays}).
 *
 * <p>Masks follow Keras as the built-in cells do: a masked step runs no cell and carries the states
 * (their gradient passes through unchanged); its output repeats the previous one (zeros before the
 * first real step), so its gradient goes to the step that produced it, or, with {@code
 * zeroOutputForMask}, is a constant zero whose gradient goes nowhere.
 */
final class CustomCellTraining {
  static final ClassName CUSTOM_CELL_GRADIENTS =
      ClassName.get("dev.rnnc.runtime.nn", "CustomCellGradients");

  /** A cell's run: its output rows (every timestep's, or the last), and their gradient. */
  record Run(
      String output,
      String width,
      String stride,
      boolean sequence,
      String gradient,
      java.util.Map<String, TrainingFlow> stateOutputs) {}

  private final TrainingParts parts;
  private final List<FieldSpec> fields;
  private final CodeBlock.Builder allocate;
  private final CodeBlock.Builder forward;
  private final List<CodeBlock> backward;
  private final List<String> cells = new ArrayList<>();

  /**
   * Writes into the training step's fields, buffer allocation, forward code, backward blocks and
   * carried states.
   */
  CustomCellTraining(TrainingParts parts) {
    this.parts = parts;
    this.fields = parts.fields;
    this.allocate = parts.allocate;
    this.forward = parts.forward;
    this.backward = parts.backward;
  }

  /**
   * The initializer of the optimizer's {@code parameters} or {@code gradients} array: the model's
   * own {@code arrays}, then (when custom cells train) each cell's variables or gradients.
   */
  /** Whether the model has a custom cell. */
  boolean any() {
    return !cells.isEmpty();
  }

  CodeBlock optimizerArrays(String which, List<String> arrays) {
    String own = String.join(", ", arrays);
    return cells.isEmpty()
        ? CodeBlock.of("{$L}", own)
        : CodeBlock.of(
            "$T.$L(new float[][] {$L}, $L)",
            CUSTOM_CELL_GRADIENTS,
            which,
            own,
            String.join(", ", cells));
  }

  /**
   * Cell {@code k} of {@code layer} over the batch's rows {@code in} ({@code inWidth} floats of
   * every {@code inStride}, {@code b·T + t} where T is the constant {@code timesteps}), whose
   * gradient goes to {@code inGradient} (null when no layer below learns; added to what another
   * reader of the same rows wrote there when {@code addInput}, else set); {@code mask} holds
   * timestep t's mask of sample b at {@code b·T + t} in this cell's reading order; {@code start}
   * holds the final states of another layer that start the cell ({@code @InitialState}), or null
   * for zeros: their gradients, after BPTT, go to the arrays that layer reads ({@code
   * <layer>TrainDs<i>}, in its batch layout).
   */
  Run emit(
      CellSpec layer,
      int k,
      String timesteps,
      String in,
      String inWidth,
      String inStride,
      String inGradient,
      boolean addInput,
      String mask,
      TrainingRecurrent.States start,
      List<String> targets) {
    String prefix = layer.stacked() ? Names.field(layer.name(), "Cell" + k) : layer.name();
    String name = layer.name() + (layer.stacked() ? " cell " + k : "");
    return emit(
        layer,
        k,
        timesteps,
        new OneInput(prefix, name, timesteps, in, inWidth, inStride, inGradient, addInput),
        mask,
        start,
        targets);
  }

  /**
   * The one cell of {@code layer}, a {@code TrainableMultiInputCell}, over the batch's rows of
   * every input flow in {@code ins} (all on the layer's timeline, unmasked); input k's gradient
   * goes to its flow's gradient buffer when {@code inGradients.get(k)} is {@code "input"} (set) or
   * {@code "addInput"} (added to another reader's), nowhere when it is null; {@code start} and
   * {@code targets} as {@link #emit(CellSpec, int, String, String, String, String, String, boolean,
   * String, TrainingRecurrent.States, List) emit}'s.
   */
  Run emitMultiInput(
      CellSpec layer,
      List<TrainingFlow> ins,
      List<String> inGradients,
      TrainingRecurrent.States start,
      List<String> targets) {
    String timesteps = ins.getFirst().timesteps();
    return emit(
        layer,
        0,
        timesteps,
        new SeveralInputs(layer.name(), timesteps, ins, inGradients),
        null,
        start,
        targets);
  }

  /**
   * @param targets per state of the cell, the source ({@code Node.state}) of the model output that
   *     final state is, or null; empty when none is: each such state's rows are copied out after
   *     the forward pass, and its loss's gradient enters the backward step at the last timestep
   *     (the gradient of the new states the last step wrote)
   */
  private Run emit(
      CellSpec layer,
      int k,
      String timesteps,
      Inputs inputs,
      String mask,
      TrainingRecurrent.States start,
      List<String> targets) {
    StackCell cell = layer.cells().get(k);
    int last = layer.cells().size() - 1;
    boolean sequences = k < last || layer.returnSequences();
    boolean backwards = k == 0 && layer.goBackwards();
    boolean masked = layer.masked();
    boolean zero = k == last && layer.zeroOutputForMask();
    String prefix = layer.stacked() ? Names.field(layer.name(), "Cell" + k) : layer.name();
    String object = CellEmitter.cellField(layer, prefix);
    cells.add(object);
    String width = Names.constant(prefix, "OUTPUT_SIZE");
    List<Integer> sizes =
        cell.cell() instanceof dev.rnnc.processor.spec.Cell.Custom custom
            ? custom.stateSizes()
            : List.of();
    int stateFloats = sizes.stream().mapToInt(Integer::intValue).sum();
    String floats = Names.constant(prefix, "TRAIN_STATE_FLOATS");
    String states = Names.field(prefix, "TrainStates");
    String dStates = Names.field(prefix, "TrainDStates");
    String saved = Names.field(prefix, "TrainSaved");
    String before = Names.field(prefix, "TrainBefore");
    String step = Names.field(prefix, "TrainStep");
    String dStep = Names.field(prefix, "TrainDStep");
    String carry = Names.field(prefix, "TrainCarry");
    String out = Names.field(prefix, sequences ? "TrainOutput" : "TrainLast");
    String dOut = Names.field(prefix, "TrainDOutput");
    String sizeList = String.join(", ", sizes.stream().map(String::valueOf).toList());
    String name = layer.name() + (layer.stacked() ? " cell " + k : "");

    fields.add(
        FieldSpec.builder(TypeName.INT, floats, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("Floats of $L's states, saved per sample and timestep.\n", name)
            .initializer("$L", stateFloats)
            .build());
    perBatch(
        float[][][].class,
        states,
        CodeBlock.of("$T.states(batch, $L)", CUSTOM_CELL_GRADIENTS, sizeList),
        name + ": each sample's states.");
    perBatch(
        float[][][].class,
        dStates,
        CodeBlock.of("$T.states(batch, $L)", CUSTOM_CELL_GRADIENTS, sizeList),
        name + ": the gradient of each sample's states.");
    perBatch(
        float[].class,
        saved,
        CodeBlock.of("new float[batch * $L * $L]", timesteps, floats),
        name + ": each sample's states before each timestep.");
    String rows = (sequences ? "batch * " + timesteps + " * " : "batch * ") + width;
    perBatch(float[].class, out, CodeBlock.of("new float[$L]", rows), name + ": the output rows.");
    perBatch(
        float[].class,
        dOut,
        CodeBlock.of("new float[$L]", rows),
        name + ": the output's gradient.");
    perBatch(
        float[].class,
        carry,
        CodeBlock.of("new float[batch * $L]", width),
        name
            + ": the gradient of each sample's latest output, on its way to the step that made it.");
    fixed(
        float[][].class,
        before,
        CodeBlock.of(
            "{$L}",
            CodeBlock.join(
                sizes.stream().map(s -> CodeBlock.of("new float[$L]", s)).toList(), ", ")),
        name + ": the states before the step going backwards.");
    fixed(float[].class, step, CodeBlock.of("new float[$L]", width), name + ": one step's output.");
    fixed(
        float[].class,
        dStep,
        CodeBlock.of("new float[$L]", width),
        name + ": the gradient of one step's output.");
    inputs.declare();

    // forwards
    String row = backwards ? "step" : "t";
    forward.add(
        "// $L: the custom cell $L at every timestep of every sample, its states saved before each"
            + " step.\n",
        name,
        cell.kerasClass());
    boolean stateful = layer.stateful() && start == null;
    if (stateful) {
      carried(layer, prefix, sizes, states);
    } else if (start == null) {
      forward.addStatement("$T.zero($N, count)", CUSTOM_CELL_GRADIENTS, states);
    } else {
      forward.add("// initial states: $L's final states (@InitialState)\n", start.fields());
      forward.beginControlFlow("for (int b = 0; b < count; b++)");
      for (int i = 0; i < sizes.size(); i++) {
        forward.addStatement(
            "$T.arraycopy($N, b * $L, $N[b][$L], 0, $L)",
            System.class,
            start.values().get(i),
            start.strides().get(i),
            states,
            i,
            sizes.get(i));
      }
      forward.endControlFlow();
    }
    if (masked && !sequences) {
      forward.addStatement("$T.fill($N, 0, count * $L, 0f)", Arrays.class, out, width);
    }
    forward.add(inputs.beforeForward());
    timesteps(forward, timesteps, backwards, false);
    forward.beginControlFlow("for (int b = 0; b < count; b++)");
    if (masked) {
      forward.beginControlFlow("if (!$N[b * $L + t])", mask, timesteps);
      forward.add("// masked: the states carry over, the output repeats (or zeroes)\n");
      if (sequences) {
        forward.addStatement("int at = (b * $L + $L) * $L", timesteps, row, width);
        if (zero) {
          forward.addStatement("$T.fill($N, at, at + $L, 0f)", Arrays.class, out, width);
        } else {
          forward.beginControlFlow("if ($L == 0)", row);
          forward.addStatement("$T.fill($N, at, at + $L, 0f)", Arrays.class, out, width);
          forward.nextControlFlow("else");
          forward.addStatement(
              "$T.arraycopy($N, at - $L, $N, at, $L)", System.class, out, width, out, width);
          forward.endControlFlow();
        }
      } else if (zero) {
        forward.addStatement(
            "$T.fill($N, b * $L, (b + 1) * $L, 0f)", Arrays.class, out, width, width);
      }
      forward.addStatement("continue");
      forward.endControlFlow();
    }
    forward.addStatement(
        "$T.save($N[b], $N, (b * $L + t) * $L)",
        CUSTOM_CELL_GRADIENTS,
        states,
        saved,
        timesteps,
        floats);
    forward.add(inputs.step(object, states, step));
    forward.addStatement(
        "$T.arraycopy($N, 0, $N, $L, $L)",
        System.class,
        step,
        out,
        sequences ? "(b * " + timesteps + " + " + row + ") * " + width : "b * " + width,
        width);
    forward.endControlFlow();
    forward.endControlFlow();
    java.util.Map<String, TrainingFlow> stateOutputs = new java.util.LinkedHashMap<>();
    for (int i = 0; i < targets.size(); i++) {
      if (targets.get(i) == null) {
        continue;
      }
      String finalRows = Names.field(prefix, "TrainFinal" + i);
      String lossGradient = Names.field(prefix, "TrainLossDs" + i);
      perBatch(
          float[].class,
          finalRows,
          CodeBlock.of("new float[batch * $L]", sizes.get(i)),
          name + ": each sample's final state " + i + " (an output).");
      perBatch(
          float[].class,
          lossGradient,
          CodeBlock.of("new float[batch * $L]", sizes.get(i)),
          name + ": the gradient of the loss of the final state " + i + ".");
      forward.add("// the final state $L, a model output\n", i);
      forward.beginControlFlow("for (int b = 0; b < count; b++)");
      forward.addStatement(
          "$T.arraycopy($N[b][$L], 0, $N, b * $L, $L)",
          System.class,
          states,
          i,
          finalRows,
          sizes.get(i),
          sizes.get(i));
      forward.endControlFlow();
      String size = Integer.toString(sizes.get(i));
      stateOutputs.put(
          targets.get(i),
          new TrainingFlow(finalRows, size, size, false, lossGradient, timesteps, null));
    }
    if (stateful) {
      forward.add("// the final states carry over to the next batch\n");
      forward.beginControlFlow("for (int b = 0; b < count; b++)");
      for (int i = 0; i < sizes.size(); i++) {
        forward.addStatement(
            "$T.arraycopy($N[b][$L], 0, $N, (trainShardStart + b) * $L, $L)",
            System.class,
            states,
            i,
            Names.field(prefix, "TrainCarried" + i),
            sizes.get(i),
            sizes.get(i));
      }
      forward.endControlFlow();
    }

    // backwards
    CodeBlock.Builder back = CodeBlock.builder();
    back.add("// $L: BPTT through the custom cell's backward step, last timestep first.\n", name);
    back.addStatement("$T.zero($N, count)", CUSTOM_CELL_GRADIENTS, dStates);
    for (int i = 0; i < targets.size(); i++) {
      if (targets.get(i) != null) {
        String lossGradient = Names.field(prefix, "TrainLossDs" + i);
        back.add(
            "// the gradient of the loss of the final state $L, a model output: the gradient of"
                + " what the last step wrote\n",
            i);
        back.beginControlFlow("for (int b = 0; b < count; b++)");
        back.addStatement(
            "$T.arraycopy($N, b * $L, $N[b][$L], 0, $L)",
            System.class,
            lossGradient,
            sizes.get(i),
            dStates,
            i,
            sizes.get(i));
        back.endControlFlow();
      }
    }
    back.add(inputs.zeroGradients());
    if (sequences) {
      back.addStatement("$T.fill($N, 0, count * $L, 0f)", Arrays.class, carry, width);
    } else {
      back.addStatement("$T.arraycopy($N, 0, $N, 0, count * $L)", System.class, dOut, carry, width);
    }
    back.add(inputs.beforeBackward());
    timesteps(back, timesteps, backwards, true);
    back.beginControlFlow("for (int b = 0; b < count; b++)");
    if (sequences) {
      back.beginControlFlow("for (int j = 0; j < $L; j++)", width);
      back.addStatement(
          "$N[b * $L + j] += $N[(b * $L + $L) * $L + j]",
          carry,
          width,
          dOut,
          timesteps,
          row,
          width);
      back.endControlFlow();
    }
    if (masked) {
      back.beginControlFlow("if (!$N[b * $L + t])", mask, timesteps);
      if (zero) {
        back.add("// a zeroed output is a constant: its gradient goes nowhere\n");
        back.addStatement(
            "$T.fill($N, b * $L, (b + 1) * $L, 0f)", Arrays.class, carry, width, width);
      } else {
        back.add("// a repeated output: its gradient goes on to the step that made it\n");
      }
      back.addStatement("continue");
      back.endControlFlow();
    }
    back.addStatement(
        "$T.arraycopy($N, b * $L, $N, 0, $L)", System.class, carry, width, dStep, width);
    back.addStatement("$T.fill($N, b * $L, (b + 1) * $L, 0f)", Arrays.class, carry, width, width);
    back.addStatement(
        "$T.load($N, (b * $L + t) * $L, $N)",
        CUSTOM_CELL_GRADIENTS,
        saved,
        timesteps,
        floats,
        before);
    back.add(inputs.backward(object, before, dStep, dStates));
    back.endControlFlow();
    back.endControlFlow();
    if (start != null) {
      back.add(
          "// the gradients of the initial states, in $L's layout, which it adds to its last"
              + " step's\n",
          start.fields());
      back.beginControlFlow("for (int b = 0; b < count; b++)");
      for (int i = 0; i < sizes.size(); i++) {
        String dStart = Names.field(layer.name(), "TrainDs" + i);
        perBatch(
            float[].class,
            dStart,
            CodeBlock.of("new float[batch * $L]", start.strides().get(i)),
            name + ": the gradient of initial state " + i + " (padding stays 0).");
        back.addStatement(
            "$T.arraycopy($N[b][$L], 0, $N, b * $L, $L)",
            System.class,
            dStates,
            i,
            dStart,
            start.strides().get(i),
            sizes.get(i));
      }
      back.endControlFlow();
    }
    backward.add(back.build());
    return new Run(out, width, width, sequences, dOut, stateOutputs);
  }

  /**
   * A stateful layer's custom cell: its states (Keras' state variables of {@code stateful=True}),
   * one row per stream, kept across batches in {@code <prefix>TrainCarried<i>} (the layer's reset
   * empties them); each batch's samples start from their streams' rows, and, these being constants
   * of the step, BPTT stops at the batch boundary (truncated BPTT, as the built-in cells).
   */
  private void carried(CellSpec layer, String prefix, List<Integer> sizes, String states) {
    CodeBlock.Builder reset =
        parts.carriedResets.computeIfAbsent(Names.reset(layer.name()), k -> CodeBlock.builder());
    forward.add(
        "// stateful: each sample continues the stream its position left in the previous batch;"
            + "\n// the carried states are constants here, so BPTT stops at the batch boundary\n");
    for (int i = 0; i < sizes.size(); i++) {
      String field = Names.field(prefix, "TrainCarried" + i);
      fields.add(
          FieldSpec.builder(float[].class, field, Modifier.PRIVATE)
              .addJavadoc(
                  "$L: state $L each stream (sample position) carries to the next training batch;"
                      + " empty until the first.\n",
                  layer.name(),
                  i)
              .initializer("new float[0]")
              .build());
      reset.addStatement("$N = new float[0]", field);
      parts.carried.add(
          new TrainingParts.Carried(field, Integer.toString(sizes.get(i)), layer.name()));
      forward.addStatement(
          "$N = $T.forBatch($N, trainBatchSamples, $L, $S)",
          field,
          RuntimeTypes.CARRIED_STATES,
          field,
          sizes.get(i),
          layer.name());
    }
    forward.beginControlFlow("for (int b = 0; b < count; b++)");
    for (int i = 0; i < sizes.size(); i++) {
      forward.addStatement(
          "$T.arraycopy($N, (trainShardStart + b) * $L, $N[b][$L], 0, $L)",
          System.class,
          Names.field(prefix, "TrainCarried" + i),
          sizes.get(i),
          states,
          i,
          sizes.get(i));
    }
    forward.endControlFlow();
  }

  /** The loop over processing steps; {@code t} is the input timestep each reads. */
  private static void timesteps(
      CodeBlock.Builder code, String timesteps, boolean backwards, boolean reverse) {
    String index = backwards ? "step" : "t";
    if (reverse) {
      code.beginControlFlow("for (int $L = $L - 1; $L >= 0; $L--)", index, timesteps, index, index);
    } else {
      code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", index, index, timesteps, index);
    }
    if (backwards) {
      code.addStatement("int t = $L - 1 - step", timesteps);
    }
  }

  /** A buffer that grows with the batch ({@code ensureTraining}). */
  private void perBatch(Class<?> type, String field, CodeBlock size, String javadoc) {
    fields.add(
        FieldSpec.builder(type, field, Modifier.PRIVATE)
            .addJavadoc(javadoc + "\n")
            .initializer(type == float[].class ? "new float[0]" : "new float[0][][]")
            .build());
    allocate.addStatement("$N = $L", field, size);
  }

  /** A scratch array of fixed size. */
  private void fixed(Class<?> type, String field, CodeBlock initializer, String javadoc) {
    fields.add(
        FieldSpec.builder(type, field, Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc(javadoc + "\n")
            .initializer(initializer)
            .build());
  }

  /** How a cell's step reads its input rows and its backward step writes their gradients. */
  private interface Inputs {
    /** Declares the scratch fields the reading needs. */
    void declare();

    /** Forward, before the loop over timesteps. */
    CodeBlock beforeForward();

    /** The step of sample b at input timestep t. */
    CodeBlock step(String object, String states, String step);

    /** Backward, first: clears the input gradients this cell sets (rather than adds to). */
    CodeBlock zeroGradients();

    /** Backward, before the loop over timesteps. */
    CodeBlock beforeBackward();

    /** The backward step of sample b at input timestep t. */
    CodeBlock backward(String object, String before, String dStep, String dStates);
  }

  /**
   * A {@code TrainableCell}'s one input: rows {@code in} ({@code width} floats of every {@code
   * stride}, {@code b·T + t}), their gradient to {@code gradient} (set, or added when {@code add}),
   * or to a scratch row when null.
   */
  private final class OneInput implements Inputs {
    private final String prefix;
    private final String name;
    private final String timesteps;
    private final String in;
    private final String width;
    private final String stride;
    private final String gradient;
    private final boolean add;
    private final String dInput;

    OneInput(
        String prefix,
        String name,
        String timesteps,
        String in,
        String width,
        String stride,
        String gradient,
        boolean add) {
      this.prefix = prefix;
      this.name = name;
      this.timesteps = timesteps;
      this.in = in;
      this.width = width;
      this.stride = stride;
      this.gradient = gradient;
      this.add = add;
      this.dInput = gradient != null ? gradient : Names.field(prefix, "TrainDInput");
    }

    @Override
    public void declare() {
      if (gradient == null) {
        fixed(
            float[].class,
            dInput,
            CodeBlock.of("new float[$L]", width),
            name + ": the input's gradient, which no layer below needs.");
      }
    }

    @Override
    public CodeBlock beforeForward() {
      return CodeBlock.of("");
    }

    @Override
    public CodeBlock step(String object, String states, String step) {
      return CodeBlock.builder()
          .addStatement(
              "$N.step($N, (b * $L + t) * $L, $N[b], $N)",
              object,
              in,
              timesteps,
              stride,
              states,
              step)
          .build();
    }

    @Override
    public CodeBlock zeroGradients() {
      CodeBlock.Builder code = CodeBlock.builder();
      if (gradient != null && !add) {
        code.addStatement(
            "$T.fill($N, 0, count * $L * $L, 0f)", Arrays.class, gradient, timesteps, stride);
      } else if (gradient == null) {
        code.addStatement("$T.fill($N, 0f)", Arrays.class, dInput);
      }
      return code.build();
    }

    @Override
    public CodeBlock beforeBackward() {
      return CodeBlock.of("");
    }

    @Override
    public CodeBlock backward(String object, String before, String dStep, String dStates) {
      return CodeBlock.builder()
          .addStatement(
              "$N.backward($N, (b * $L + t) * $L, $N, $N, $N[b], $N, $L)",
              object,
              in,
              timesteps,
              stride,
              before,
              dStep,
              dStates,
              dInput,
              gradient != null ? "(b * " + timesteps + " + t) * " + stride : "0")
          .build();
    }
  }

  /**
   * A {@code TrainableMultiInputCell}'s inputs: one flow each, the buffers picked up per batch
   * (they grow with it) into an array of rows and one of gradients, whose offsets each step sets;
   * an input whose gradient no layer below needs writes it into a scratch row.
   */
  private final class SeveralInputs implements Inputs {
    private final String timesteps;
    private final List<TrainingFlow> ins;
    private final List<String> inGradients;
    private final String rows;
    private final String offsets;
    private final String dRows;
    private final String dOffsets;
    private final String scratch;
    private final String name;

    SeveralInputs(
        String prefix, String timesteps, List<TrainingFlow> ins, List<String> inGradients) {
      this.name = prefix;
      this.timesteps = timesteps;
      this.ins = ins;
      this.inGradients = inGradients;
      this.rows = Names.field(prefix, "TrainInputs");
      this.offsets = Names.field(prefix, "TrainOffsets");
      this.dRows = Names.field(prefix, "TrainDInputs");
      this.dOffsets = Names.field(prefix, "TrainDOffsets");
      this.scratch = Names.field(prefix, "TrainDInput");
    }

    private boolean learns(int k) {
      return inGradients.get(k) != null;
    }

    @Override
    public void declare() {
      int n = ins.size();
      fixed(
          float[][].class,
          rows,
          CodeBlock.of("new float[$L][]", n),
          name + ": the rows of each input, in parameter order.");
      fixed(
          int[].class,
          offsets,
          CodeBlock.of("new int[$L]", n),
          name + ": where this step's row of each input starts.");
      fixed(
          float[][].class,
          dRows,
          CodeBlock.of("new float[$L][]", n),
          name + ": where each input's gradient goes.");
      fixed(
          int[].class,
          dOffsets,
          CodeBlock.of("new int[$L]", n),
          name + ": where this step's row of each input's gradient starts (0 in a scratch row).");
      List<String> unused =
          java.util.stream.IntStream.range(0, n)
              .filter(k -> !learns(k))
              .mapToObj(k -> ins.get(k).width())
              .toList();
      if (!unused.isEmpty()) {
        fixed(
            float[].class,
            scratch,
            CodeBlock.of("new float[$L]", String.join(" + ", unused)),
            name + ": the gradient of the inputs no layer below needs (one row each, never read).");
      }
    }

    @Override
    public CodeBlock beforeForward() {
      CodeBlock.Builder code = CodeBlock.builder();
      for (int k = 0; k < ins.size(); k++) {
        code.addStatement("$N[$L] = $N", rows, k, ins.get(k).field());
      }
      return code.build();
    }

    @Override
    public CodeBlock step(String object, String states, String step) {
      CodeBlock.Builder code = CodeBlock.builder();
      for (int k = 0; k < ins.size(); k++) {
        code.addStatement("$N[$L] = (b * $L + t) * $L", offsets, k, timesteps, ins.get(k).stride());
      }
      return code.addStatement("$N.step($N, $N, $N[b], $N)", object, rows, offsets, states, step)
          .build();
    }

    @Override
    public CodeBlock zeroGradients() {
      CodeBlock.Builder code = CodeBlock.builder();
      for (int k = 0; k < ins.size(); k++) {
        if ("input".equals(inGradients.get(k))) {
          TrainingFlow in = ins.get(k);
          code.addStatement(
              "$T.fill($N, 0, count * $L * $L, 0f)",
              Arrays.class,
              in.gradient(),
              timesteps,
              in.stride());
        }
      }
      if (java.util.stream.IntStream.range(0, ins.size()).anyMatch(k -> !learns(k))) {
        code.addStatement("$T.fill($N, 0f)", Arrays.class, scratch);
      }
      return code.build();
    }

    @Override
    public CodeBlock beforeBackward() {
      CodeBlock.Builder code = CodeBlock.builder();
      for (int k = 0; k < ins.size(); k++) {
        code.addStatement("$N[$L] = $N", dRows, k, learns(k) ? ins.get(k).gradient() : scratch);
      }
      return code.build();
    }

    @Override
    public CodeBlock backward(String object, String before, String dStep, String dStates) {
      CodeBlock.Builder code = CodeBlock.builder();
      for (int k = 0; k < ins.size(); k++) {
        code.addStatement("$N[$L] = (b * $L + t) * $L", offsets, k, timesteps, ins.get(k).stride());
        if (learns(k)) {
          code.addStatement(
              "$N[$L] = (b * $L + t) * $L", dOffsets, k, timesteps, ins.get(k).stride());
        }
      }
      return code.addStatement(
              "$N.backward($N, $N, $N, $N, $N[b], $N, $N)",
              object,
              rows,
              offsets,
              before,
              dStep,
              dStates,
              dRows,
              dOffsets)
          .build();
    }
  }
}
