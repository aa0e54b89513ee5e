package dev.rnnc.processor.generate;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import dev.rnnc.processor.spec.ActivationName;
import dev.rnnc.processor.spec.Cell;
import dev.rnnc.processor.spec.Packing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Everything the generator knows of one built-in cell kind: how its gate blocks are packed, which
 * fields it needs, its step (one sequence, and several in lockstep), its variables and its Keras
 * options. The loops around a cell ({@link RecurrentEmitter}, {@link CellEmitter}, {@link
 * LockstepEmitter}) know no cell kind; a new kind is one subclass here, one {@link Cell} record and
 * its kernels in the runtime.
 */
abstract sealed class CellKind permits LstmKind, GruKind, SimpleRnnKind {
  /** The kind of {@code cell}. */
  static CellKind of(Cell.BuiltIn cell) {
    return switch (cell) {
      case Cell.Lstm lstm -> new LstmKind(lstm);
      case Cell.Gru gru -> new GruKind(gru);
      case Cell.SimpleRnn rnn -> new SimpleRnnKind(rnn);
    };
  }

  /** The cell this kind emits. */
  abstract Cell.BuiltIn cell();

  /** Gate blocks in the kernels: LSTM 4, GRU 3, SimpleRNN 1. */
  final int blocks() {
    return cell().gateBlocks();
  }

  /** Keras' gate blocks in packed order, as {@code PackedLayout}'s order arguments. */
  abstract String order();

  /** The gate blocks' names in packed order, for Javadoc. */
  abstract String blockNames();

  /** The cell call for one sequence at timestep row {@code offset} of the projection. */
  abstract CodeBlock step(CellNames n, String offset, boolean panels);

  /**
   * The cell call for the {@code n} sequences of a chunk at timestep {@code t}: projections {@code
   * ChunkProjection}, states {@code ChunkH} (and {@code ChunkC}), one row per sample.
   */
  abstract CodeBlock lockstepStep(CellNames n, boolean panels);

  /** The floats a training step saves per sample and timestep ({@code CellGradients.xxxRecord}). */
  abstract CodeBlock trainingRecord(CellNames n);

  /**
   * The floats of backward scratch for {@code batch} samples ({@code CellGradients.xxxScratch}).
   */
  abstract CodeBlock trainingScratch(CellNames n, String batch);

  /**
   * The training forward step of the batch's {@code count} samples at timestep {@code t}: the
   * inference step, after saving what the backward step needs ({@code CellGradients.xxxForward});
   * fields {@code TrainProjection}, {@code TrainH} (and {@code TrainC}), {@code TrainGates}, {@code
   * TrainSaved}, record size {@code RECORD}.
   */
  abstract CodeBlock trainingForward(CellNames n);

  /**
   * The backward step at timestep {@code t} ({@code CellGradients.xxxBackward}): from {@code
   * TrainDh} (and {@code TrainDc}) it writes the projection gradient's rows ({@link
   * #trainingDProjection}), accumulates the recurrent kernel's gradient (and a GRU's recurrent bias
   * row) and leaves the previous step's state gradients.
   */
  abstract CodeBlock trainingBackward(CellNames n, String mask, String recurrentMasks);

  /**
   * The field {@link #trainingBackward} writes the projection's gradient rows into: {@code
   * TrainProjection} itself. Every kind's backward step at {@code t} reads row {@code t} of the
   * projection (or the activated gates the forward step left over it) before it writes that row's
   * gradient, and nothing after the steps reads the projection ({@code LstmTraining}, {@code
   * GruTraining}, {@code GruResetBeforeTraining}, {@code SimpleRnnTraining}, {@code
   * LstmProjectedTraining}). Over the row it just read, a step brings half the rows from beyond the
   * caches that a second buffer would (the batch's projection and its gradient outgrow L2), and the
   * batch needs one such buffer, not two.
   */
  static String trainingDProjection(CellNames n) {
    return n.field("TrainProjection");
  }

  /**
   * The training forward step with Keras' {@code recurrent_dropout} ({@code
   * CellGradients.xxxDropoutForward}): each gate block's recurrent product reads {@code h ⊙} its
   * mask from {@code recurrentMasks}; scratch {@code TrainScratch}.
   */
  abstract CodeBlock trainingDropoutForward(CellNames n, String recurrentMasks);

  /**
   * The floats of scratch for {@code batch} samples with recurrent dropout ({@code
   * CellGradients.xxxDropoutScratch}), forward and backward.
   */
  abstract CodeBlock trainingDropoutScratch(CellNames n, String batch);

  /**
   * The floats of a buffer the layer's backward pass prepares once per training step ({@link
   * #trainingBackwardSetup}), or null for none.
   */
  CodeBlock trainingBackwardBuffer(CellNames n, boolean recurrentDropout) {
    return null;
  }

  /**
   * The statement that fills {@link #trainingBackwardBuffer}'s buffer before the backward steps.
   */
  CodeBlock trainingBackwardSetup(CellNames n) {
    return null;
  }

  /**
   * The statement that completes the recurrent kernel's gradient after the backward steps, for a
   * kind whose steps leave it (one product per sequence over every timestep reads the gradient once
   * per sequence, not once per timestep), or null when the steps accumulate it themselves.
   */
  CodeBlock trainingBackwardFinish(CellNames n, boolean recurrentDropout) {
    return null;
  }

  /** A backward step's last argument: the recurrent masks, when the step reads them. */
  static CodeBlock masksArgument(String recurrentMasks) {
    return recurrentMasks == null ? CodeBlock.of("") : CodeBlock.of(",$W$N", recurrentMasks);
  }

  /** The mask arguments of a backward step: the batch's mask at timestep {@code t}, or none. */
  static CodeBlock maskArguments(String mask, CellNames n) {
    return mask == null
        ? CodeBlock.of("null, 0, 0")
        : CodeBlock.of("$N, t, $L", mask, n.timesteps());
  }

  /**
   * Scratch fields of one state's width per sample that the training forward step needs, if any.
   */
  List<String> trainingStateScratch() {
    return List.of();
  }

  /** Trained weights beyond kernel, recurrent kernel and bias (their fields), if any. */
  List<String> trainedExtras(CellNames n) {
    return List.of();
  }

  /** The training record size constant, {@code ENCODER_RECORD}. */
  static String record(CellNames n) {
    return Names.constant(n.constants(), "RECORD");
  }

  /** The offset of sample 0's record at timestep {@code t}. */
  static String savedOffset(CellNames n) {
    return "t * count * " + record(n);
  }

  /**
   * The fields a step carries to the next, in Keras' state order: {@code H}, then an LSTM's {@code
   * C}.
   */
  List<String> states() {
    return List.of("H");
  }

  /** Whether the bias has two rows (input, then recurrent), as GRU's {@code reset_after}. */
  boolean twoBiasRows() {
    return false;
  }

  /**
   * Whether a layer's recurrent kernel is stored in panels (the spec's decision, {@link
   * Cell.BuiltIn#panels}).
   */
  final boolean panels() {
    return cell().panels();
  }

  /** The constant naming the width of h (an LSTM's {@code projSize} when projected). */
  String hUnits(CellNames n) {
    return n.units();
  }

  /** The constant naming the stride of h. */
  String hStride(CellNames n) {
    return n.stride();
  }

  /** The floats of the step's gate scratch. */
  String gateScratchSize(CellNames n) {
    return n.gates();
  }

  /** The name of the cell's sized step constant, {@code PREFIX_STEP}, where its kind has one. */
  static String stepConstant(CellNames n) {
    return Names.constant(n.fields(), "STEP");
  }

  /**
   * Declares {@code PREFIX_STEP}: the cell's step of type {@code type}, made once for its sizes by
   * {@code initializer}, which the kernels may specialise to them.
   */
  static void declareStep(ClassParts parts, CellNames n, ClassName type, CodeBlock initializer) {
    parts.constants.add(
        FieldSpec.builder(type, stepConstant(n), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc(
                n.fields()
                    + "'s step, made once for its sizes: the kernels may specialise it to them.\n")
            .initializer(initializer)
            .build());
  }

  /**
   * Declares {@code prefixStep}, a step of the model's own for an LSTM or GRU layer (its recurrent
   * kernel in panels, one panel wide ({@link #onePanel}) or row-major): made by {@code factory} (a
   * {@code Cells} method taking the model's layers and the kernel first, then {@code arguments})
   * once per model after its layers, since it may keep an aligned copy of the kernel in step with
   * the kernel's variable; copies share it.
   */
  static void declareModelStep(
      ClassParts parts, CellNames n, ClassName type, String factory, CodeBlock arguments) {
    parts.handles.add(
        FieldSpec.builder(type, modelStep(n), Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc(
                n.fields()
                    + "'s step, made for its sizes and its recurrent kernel: it may read the kernel"
                    + " from an\naligned copy of its own (Cells."
                    + factory
                    + "); shared with copies.\n")
            .build());
    parts.modelSteps.addStatement(
        "$N = from != null ? from.$N :$W$T.$L(layers, $N,$W$L)",
        modelStep(n),
        modelStep(n),
        RuntimeTypes.CELLS,
        factory,
        n.recurrentKernel(),
        arguments);
  }

  /** The field of a step of the model's own ({@link #declareModelStep}). */
  static String modelStep(CellNames n) {
    return n.field("Step");
  }

  /**
   * Declares what only this kind needs beyond the common fields (after them); {@code panels}:
   * whether the recurrent kernel was declared in panels.
   */
  void declareExtras(ClassParts parts, CellNames n, boolean panels) {}

  /**
   * Whether a layer of {@code units} fills exactly one panel: its row-major recurrent kernel is
   * then laid out as the panel layout, and the panel steps read it.
   */
  static boolean onePanel(int units) {
    return Packing.padded(units) == Packing.PANEL_WIDTH;
  }

  /**
   * Weights beyond kernel, recurrent kernel and bias: their fields (declared after the bias) and
   * variables.
   */
  List<CodeBlock> extraVariables(ClassParts parts, CellNames n, String kerasPrefix) {
    return List.of();
  }

  /** The bias variable's initializer. */
  CodeBlock biasInitializer(CellNames n) {
    return LayerEmitter.kerasInitializer(cell().initializers().bias());
  }

  /**
   * This kind's options under Keras' config names, between {@code activation} and {@code use_bias}.
   */
  Map<String, Object> kerasOptions() {
    return new LinkedHashMap<>();
  }

  /** This kind's non-default options as declared, after {@code units} (activations first). */
  List<String> describedOptions() {
    return activations(cell().activation(), null);
  }

  /** Declares the size constants {@code UNITS}, {@code STRIDE}, {@code GATES}. */
  void declareSizes(ClassParts parts, CellNames n) {
    parts.constant(n.units(), cell().units());
    parts.constant(n.stride(), Packing.padded(cell().units()));
    parts.constant(n.gates(), blocks() == 1 ? n.stride() : blocks() + " * " + n.stride());
  }

  /**
   * Declares the cell's weights and scratch, and returns its Keras variables.
   *
   * @param inWidth the constant naming the width of the cell's input
   * @param kerasPrefix what the Keras variable names start with ({@code forward_layer/}, {@code
   *     lstm_cell/}, or empty)
   * @param sequence whether the projection holds every timestep (else only the current one)
   * @param panels whether the recurrent kernel is stored in panels
   */
  final List<CodeBlock> declare(
      ClassParts parts,
      CellNames n,
      String inWidth,
      String kerasPrefix,
      boolean sequence,
      boolean panels) {
    String units = n.units();
    parts.weight(
        n.kernel(),
        inWidth + " * " + n.gates(),
        n.fields()
            + ": Keras {@code "
            + kerasPrefix
            + "kernel} ("
            + inWidth
            + ", "
            + blocks()
            + "·units), gate blocks "
            + blockNames()
            + ".\n");
    boolean projected = !hUnits(n).equals(units);
    parts.weight(
        n.recurrentKernel(),
        hUnits(n) + " * " + n.gates(),
        n.fields()
            + ": Keras {@code "
            + kerasPrefix
            + "recurrent_kernel} ("
            + (projected ? "projSize" : "units")
            + ", "
            + blocks()
            + "·units)"
            + (panels ? ", in panels of " + Packing.PANEL_WIDTH + " columns (RecurrentPanels)" : "")
            + ".\n");
    if (cell().useBias()) {
      parts.weight(
          n.bias(),
          twoBiasRows() ? "2 * " + n.gates() : n.gates(),
          n.fields()
              + ": Keras {@code "
              + kerasPrefix
              + "bias}"
              + (twoBiasRows() ? " (2, 3·units): input bias, then recurrent bias.\n" : ".\n"));
    }
    List<CodeBlock> extras = extraVariables(parts, n, kerasPrefix);
    if (sequence) {
      parts.perTimestep(n.projection(), n.gates());
    } else {
      parts.scratch(n.projection(), n.gates());
    }
    parts.scratch(n.state("H"), hStride(n));
    for (String state : states().subList(1, states().size())) {
      parts.scratch(n.state(state), n.stride());
    }
    parts.scratch(n.gateScratch(), gateScratchSize(n));
    declareExtras(parts, n, panels);

    List<CodeBlock> variables = new ArrayList<>();
    variables.add(
        LayerEmitter.variable(
            kerasPrefix + "kernel",
            LayerEmitter.matrix(inWidth, units, order()),
            n.kernel(),
            LayerEmitter.kerasInitializer(cell().initializers().kernel())));
    CodeBlock recurrentLayout =
        panels
            ? CodeBlock.of(
                "$T.recurrentPanels($L, $L, $L)",
                RuntimeTypes.PACKED_LAYOUT,
                hUnits(n),
                units,
                order())
            : LayerEmitter.matrix(hUnits(n), units, order());
    variables.add(
        LayerEmitter.variable(
            kerasPrefix + "recurrent_kernel",
            recurrentLayout,
            n.recurrentKernel(),
            LayerEmitter.kerasInitializer(cell().initializers().recurrent())));
    if (cell().useBias()) {
      CodeBlock layout =
          twoBiasRows()
              ? LayerEmitter.matrix("2", units, order())
              : LayerEmitter.vector(units, order());
      variables.add(
          LayerEmitter.variable(kerasPrefix + "bias", layout, n.bias(), biasInitializer(n)));
    }
    variables.addAll(extras);
    return variables;
  }

  /**
   * The input projection {@code x·W + b} of {@code rows} rows of {@code in} into the cell's
   * projection.
   */
  static CodeBlock projection(CellKind kind, CellNames n, Buffer in, String rows) {
    return LayerEmitter.matmul(
        in.field(),
        in.stride(),
        rows,
        in.width(),
        n.kernel(),
        n.gates(),
        kind.cell().useBias() ? n.bias() : "null",
        n.projection());
  }

  /** {@code Activation.TANH}. */
  static CodeBlock activation(ActivationName activation) {
    return CodeBlock.of("$T.$L", RuntimeTypes.ACTIVATION, activation.name());
  }

  /** The declared activations that differ from Keras' defaults ({@code tanh}, {@code sigmoid}). */
  static List<String> activations(ActivationName activation, ActivationName recurrent) {
    List<String> options = new ArrayList<>();
    if (activation != ActivationName.TANH) {
      options.add("activation = \"" + activation.kerasName() + "\"");
    }
    if (recurrent != null && recurrent != ActivationName.SIGMOID) {
      options.add("recurrentActivation = \"" + recurrent.kerasName() + "\"");
    }
    return options;
  }
}
