package dev.rnnc.processor.generate;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeName;
import dev.rnnc.processor.spec.BidirectionalCellSpec;
import dev.rnnc.processor.spec.BidirectionalSpec;
import dev.rnnc.processor.spec.Cell;
import dev.rnnc.processor.spec.CellSpec;
import dev.rnnc.processor.spec.ModelSpec;
import dev.rnnc.processor.spec.Node;
import dev.rnnc.processor.spec.RecurrentOptions;
import dev.rnnc.processor.spec.RecurrentSpec;
import java.util.Arrays;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The training step of recurrent layers (alone, Bidirectional, or an {@code @RNN} of built-in
 * cells): the input projection over the batch, then every timestep's cell step saving what its
 * backward step needs ({@link CellKind#trainingForward}); backwards BPTT from the last timestep to
 * the first ({@link CellKind#trainingBackward}), then the projection's gradients. Buffers and
 * blocks go to {@link TrainingParts}; {@code inputGradient} is as for {@link TrainingLayers}.
 */
final class TrainingRecurrent {
  /**
   * A recurrent run's links besides its input rows.
   *
   * @param outputRead whether a layer (or the loss) reads its output; else the output's gradient is
   *     zero
   * @param startsFrom the final states that start this run ({@code @InitialState}), one per state
   *     of its cell, or null to start from zeros
   * @param starts the initial states this run's final states start, one per state of its cell for
   *     each run started: their gradients flow back into this run's last step
   * @param targets per state of its cell, the source ({@code Node.state}) of the model output that
   *     final state is, whose loss's gradient flows into this run's last step too, or null; empty
   *     when no state is an output
   * @param rows per state of its cell, its row in PyTorch's {@code h_n} or {@code c_n} of a {@code
   *     numLayers} layer when that is a model output (whose loss's gradient flows into this run's
   *     last step too), or null; empty when none is
   */
  record Links(
      boolean outputRead,
      States startsFrom,
      List<States> starts,
      List<String> targets,
      List<EveryRow> rows) {
    /** A layer in a chain: its output read, zero initial states. */
    static final Links CHAIN = new Links(true, null, List.of());

    Links(boolean outputRead, States startsFrom, List<States> starts) {
      this(outputRead, startsFrom, starts, List.of(), List.of());
    }

    Links {
      targets = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(targets));
      rows = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(rows));
    }

    /** These links with final states that are model outputs ({@code targets}). */
    Links withTargets(List<String> stateTargets) {
      return new Links(outputRead, startsFrom, starts, stateTargets, rows);
    }

    /** These links with final states that are rows of PyTorch's {@code h_n}/{@code c_n}. */
    Links withRows(List<EveryRow> everyRows) {
      return new Links(outputRead, startsFrom, starts, targets, everyRows);
    }
  }

  /**
   * One run's final state as a row of PyTorch's {@code h_n} or {@code c_n} of a {@code numLayers}
   * layer, a model output: each sample's rows are every layer's and direction's final state in
   * PyTorch's order (layer 0, layer 0 reverse, layer 1, ...), gathered after the forward pass; the
   * loss's gradient of row {@code row} goes back into this run's last step.
   *
   * @param source the output ({@code Node.state(layer, ModelSpec.EVERY_H)})
   * @param row this run's row
   * @param rows the rows per sample (layers times directions)
   * @param widest the widest row's width when rows differ in width (an {@code @RNN} whose cells do:
   *     each row keeps its own, rows lie this far apart), else 0
   */
  record EveryRow(String source, int row, int rows, int widest) {}

  /**
   * The final states that are model outputs, by source ({@code Node.state}): each state's rows, and
   * the buffer its loss's gradient goes into.
   */
  private final java.util.Map<String, TrainingFlow> stateOutputs = new java.util.HashMap<>();

  /**
   * The width constants of the rows of PyTorch's {@code h_n}/{@code c_n} outputs whose rows differ
   * in width ({@link EveryRow#widest}), by source, a row per run.
   */
  private final java.util.Map<String, String[]> raggedRows = new java.util.HashMap<>();

  /** The flow of a final state that is a model output ({@link Links#targets}), or null. */
  TrainingFlow stateOutput(String source) {
    return stateOutputs.get(source);
  }

  /**
   * The width constants of the rows of the output {@code source}, a row per layer or cell, when
   * they differ in width ({@link EveryRow#widest}); null when every row is its flow's width.
   */
  List<String> rowWidths(String source) {
    String[] widths = raggedRows.get(source);
    return widths == null ? null : List.of(widths);
  }

  /**
   * Some states of other runs, in the order of a run's states (Keras matches initial states by
   * position).
   *
   * @param fields the runs' field prefixes, for comments ({@code encoder}, {@code encoderForward})
   * @param values each state's batch buffer ({@code encoderTrainH})
   * @param gradients each state's gradient buffer ({@code encoderTrainDh})
   * @param strides each state's constant of floats per sample in those buffers, where a custom cell
   *     reads them (else null entries)
   */
  record States(String fields, List<String> values, List<String> gradients, List<String> strides) {}

  private final TrainingParts p;
  private final CustomCellTraining customCells;

  /**
   * Whether the batches' lengths are PyTorch's packed sequences ({@code @Packed}): a masked step's
   * sequence output is then zero (as {@code pad_packed_sequence} pads it) and the last output the
   * last real step's ({@code h_n}), whatever {@code zeroOutputForMask} says.
   */
  private final boolean packed;

  TrainingRecurrent(TrainingParts parts, boolean packed) {
    this.p = parts;
    this.customCells = new CustomCellTraining(p);
    this.packed = packed;
  }

  /** The custom cells' training, whose cells join the optimizer's arrays. */
  CustomCellTraining customCells() {
    return customCells;
  }

  /**
   * An {@code @RNN} of one {@code TrainableMultiInputCell} over the flows {@code ins} ({@link
   * CustomCellTraining#emitMultiInput}, {@code inGradients} as its); {@code links} holds its
   * {@code @InitialState} and its final states that are model outputs ({@link #stateOutput}), or is
   * null when it has neither.
   */
  TrainingFlow multiInputCell(
      CellSpec layer, List<TrainingFlow> ins, List<String> inGradients, Links links) {
    var run =
        customCells.emitMultiInput(
            layer,
            ins,
            inGradients,
            links == null ? null : links.startsFrom(),
            links == null ? List.of() : links.targets());
    stateOutputs.putAll(run.stateOutputs());
    return new TrainingFlow(
        run.output(),
        run.width(),
        run.stride(),
        run.sequence(),
        run.gradient(),
        ins.getFirst().timesteps(),
        null);
  }

  TrainingFlow layer(RecurrentSpec layer, TrainingFlow in, String inputGradient, Links links) {
    CellNames n = new CellNames(layer.name(), layer.name(), layer.cell().panels());
    return direction(
        layer, layer.name(), n.on(in.timesteps()), in, inputGradient, in.mask(), links);
  }

  /**
   * One run of a recurrent layer over the batch, fields named after {@code n} (a layer, or one
   * direction of a Bidirectional layer), reading each timestep's mask from {@code mask} when the
   * layer is masked; {@code owner} is the declared layer whose reset empties its carried states.
   */
  private TrainingFlow direction(
      RecurrentSpec layer,
      String owner,
      CellNames n,
      TrainingFlow in,
      String inputGradient,
      String mask,
      Links links) {
    CellKind kind = CellKind.of(layer.cell());
    if (layer.options().masked() && mask == null) {
      throw new IllegalStateException(layer.name() + " is masked, but no mask reaches it");
    }
    declare(layer, kind, n, in, links);
    for (int k = 0; k < links.targets().size(); k++) {
      String source = links.targets().get(k);
      if (source != null) {
        String state = kind.states().get(k);
        String lossGradient = n.field("TrainLossD" + state.toLowerCase());
        p.batchArray(
            lossGradient,
            "batch * " + n.stride(),
            layer.name() + ": the gradient of the loss of the final " + state + " (an output).");
        stateOutputs.put(
            source,
            new TrainingFlow(
                n.field("Train" + state),
                state.equals("H") ? kind.hUnits(n) : n.units(),
                n.stride(),
                false,
                lossGradient,
                n.timesteps(),
                null));
      }
    }
    if (layer.options().stateful()) {
      carried(layer, owner, kind, n);
    }
    forward(layer, kind, n, in, mask, links);
    for (int k = 0; k < links.rows().size(); k++) {
      if (links.rows().get(k) != null) {
        gatherRow(kind, n, kind.states().get(k), links.rows().get(k));
      }
    }
    p.backward.add(backward(layer, kind, n, in, inputGradient, mask, links));
    boolean sequences = layer.returnSequences();
    return new TrainingFlow(
        output(layer, n),
        kind.hUnits(n),
        n.stride(),
        sequences,
        links.outputRead() ? n.field("TrainDOutput") : null,
        n.timesteps(),
        sequences ? in.mask() : null);
  }

  /**
   * Copies the run's final {@code state} into its row of PyTorch's {@code h_n}/{@code c_n} ({@link
   * EveryRow}), after the run's forward pass; the first run to write a row declares the rows (and
   * their gradient) and makes them the output's flow: {@code rows} rows of the state's width per
   * sample, as a sequence output of {@code rows} timesteps is laid out. Rows of different widths
   * lie {@link EveryRow#widest} floats apart, each its own width ({@link #rowWidths}).
   */
  private void gatherRow(CellKind kind, CellNames n, String state, EveryRow every) {
    String layer = Node.layerOf(every.source());
    String rows = everyRows(every.source());
    String gradient = everyGradient(every.source());
    String own = state.equals("H") ? kind.hUnits(n) : n.units();
    if (every.widest() > 0) {
      raggedRows.computeIfAbsent(every.source(), s -> new String[every.rows()])[every.row()] = own;
    }
    if (!stateOutputs.containsKey(every.source())) {
      // rows as wide: the first run's constant for all; else the widest row's, rows that far apart
      String width = every.widest() == 0 ? own : raggedWidth(every);
      p.batchArray(
          rows,
          "batch * " + every.rows() + " * " + width,
          layer
              + ": PyTorch's "
              + (state.equals("H") ? "h_n" : "c_n")
              + ", each sample's final "
              + state
              + " of every layer and direction (an output).");
      p.batchArray(gradient, "batch * " + every.rows() + " * " + width, layer + ": its gradient.");
      stateOutputs.put(
          every.source(),
          new TrainingFlow(
              rows, width, width, true, gradient, Integer.toString(every.rows()), null));
    }
    String stride = stateOutputs.get(every.source()).stride();
    p.forward.add(
        "// $L's final $L: row $L of $L (PyTorch's layout, a row per layer and direction)\n",
        n.fields(),
        state,
        every.row(),
        rows);
    p.forward.beginControlFlow("for (int b = 0; b < count; b++)");
    p.forward.addStatement(
        "$T.arraycopy($N, b * $L, $N, (b * $L + $L) * $L, $L)",
        System.class,
        n.field("Train" + state),
        n.stride(),
        rows,
        every.rows(),
        every.row(),
        stride,
        every.widest() == 0 ? stride : own);
    p.forward.endControlFlow();
  }

  /**
   * The constant of the widest row of an {@code h_n}/{@code c_n} whose rows differ in width,
   * declared once: {@code ENCODER_HN_WIDTH}.
   */
  private String raggedWidth(EveryRow every) {
    String name =
        Names.constant(Node.layerOf(every.source()), Node.stateOf(every.source()).toUpperCase())
            + "_WIDTH";
    p.fields.add(
        FieldSpec.builder(TypeName.INT, name, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc(
                "The widest row of $L's $L: its rows (a row per cell, each its own width) lie this"
                    + " far apart.\n",
                Node.layerOf(every.source()),
                Node.stateOf(every.source()).equals(ModelSpec.EVERY_H) ? "h_n" : "c_n")
            .initializer("$L", every.widest())
            .build());
    return name;
  }

  /** The batch's rows of PyTorch's {@code h_n} or {@code c_n}: {@code encoderTrainHN}. */
  private static String everyRows(String source) {
    return Names.field(Node.layerOf(source), "Train" + Node.stateOf(source).toUpperCase());
  }

  /** Their gradient: {@code encoderTrainDhN}. */
  private static String everyGradient(String source) {
    return Names.field(Node.layerOf(source), "TrainD" + Node.stateOf(source));
  }

  /**
   * The output rows: every timestep's h, the last h (the state itself), or the last output of
   * {@code zeroOutputForMask} ({@link #zeroesLastOutput}).
   */
  private String output(RecurrentSpec layer, CellNames n) {
    return layer.returnSequences()
        ? n.field("TrainOutput")
        : zeroesLastOutput(layer) ? n.field("TrainLastOutput") : n.field("TrainH");
  }

  /**
   * Whether the layer returns its last output with {@code zeroOutputForMask}: Keras' {@code
   * last_output} is the output of the last processed step, zeros where that step is masked
   * (keras/src/backend/tensorflow/rnn.py), not the carried h. Packed sequences keep the last real
   * step's, as PyTorch's {@code h_n}.
   */
  private boolean zeroesLastOutput(RecurrentSpec layer) {
    RecurrentOptions o = layer.options();
    return o.masked() && o.zeroOutputForMask() && !o.returnSequences() && !packed;
  }

  /**
   * Whether a masked step's sequence output is zero: {@code zeroOutputForMask}, or packed sequences
   * (PyTorch pads them with zeros).
   */
  private boolean zeroesMaskedOutput(RecurrentSpec layer) {
    return layer.options().masked() && (layer.options().zeroOutputForMask() || packed);
  }

  /** The input timestep the layer processes last: the first going backwards. */
  private static String lastStep(RecurrentSpec layer, CellNames n) {
    return layer.options().goBackwards() ? "0" : n.timesteps() + " - 1";
  }

  /** The direction's buffers, its record size, and its weights' gradients. */
  private void declare(
      RecurrentSpec layer, CellKind kind, CellNames n, TrainingFlow in, Links links) {
    String s = n.stride();
    String g = n.gates();
    String timesteps = n.timesteps();
    String record = CellKind.record(n);
    if (!p.declared(record)) { // Bidirectional: one per size set
      p.fields.add(
          FieldSpec.builder(TypeName.INT, record, Modifier.STATIC, Modifier.FINAL)
              .addJavadoc(
                  "Floats $L's training step saves per sample and timestep.\n", layer.name())
              .initializer(kind.trainingRecord(n))
              .build());
    }
    String name = layer.name();
    p.batchArray(
        n.field("TrainProjection"),
        "batch * " + timesteps + " * " + g,
        name + ": every sample's x·W + b.");
    if (in.tokens() != null) {
      p.batchArray(
          n.field("TrainTokenProjection"),
          "Math.min(batch * " + timesteps + ", " + in.tokens().vocabulary() + ") * " + g,
          name + ": x·W + b of each distinct token, then its positions' gradient summed.");
    }
    for (String state : kind.states()) {
      p.batchArray(
          n.field("Train" + state), "batch * " + s, name + ": each sample's state " + state + ".");
      p.batchArray(
          n.field("TrainD" + state.toLowerCase()),
          "batch * " + s,
          name + ": the gradient of " + state + ".");
    }
    for (String scratch : kind.trainingStateScratch()) {
      p.batchArray(n.field(scratch), "batch * " + s, name + ": the step's per-sample scratch.");
    }
    p.batchArray(
        n.field("TrainGates"), "batch * " + kind.gateScratchSize(n), name + ": gate scratch.");
    p.batchArray(
        n.field("TrainSaved"),
        timesteps + " * batch * " + record,
        name + ": what each step saved.");
    Cell.BuiltIn cell = layer.cell();
    p.batchArray(
        n.field("TrainScratch"),
        cell.recurrentDropout() > 0
            ? kind.trainingDropoutScratch(n, "batch")
            : kind.trainingScratch(n, "batch"),
        name + (cell.recurrentDropout() > 0 ? ": the steps' scratch." : ": backward scratch."));
    CodeBlock prepared = kind.trainingBackwardBuffer(n, cell.recurrentDropout() > 0);
    if (prepared != null) {
      p.fields.add(
          FieldSpec.builder(
                  float[].class,
                  n.field("TrainRecurrentTransposed"),
                  Modifier.PRIVATE,
                  Modifier.FINAL)
              .addJavadoc("$L: the recurrent kernel transposed, for the backward steps.\n", name)
              .initializer("new float[$L]", prepared)
              .build());
    }
    if (cell.dropout() > 0) {
      p.batchArray(
          n.field("TrainInputMask"),
          "batch * " + cell.dropoutMasks() + " * " + in.stride(),
          name + ": the batch's input dropout masks (" + dropoutMasksDoc(cell) + ").");
      p.batchArray(
          n.field("TrainMaskedInput"),
          "batch * " + timesteps + " * " + in.stride(),
          name + ": the input rows times a mask.");
    }
    if (cell.recurrentDropout() > 0) {
      p.batchArray(
          n.field("TrainRecurrentMask"),
          "batch * " + kind.blocks() + " * " + s,
          name + ": the batch's recurrent dropout masks, one per sample and gate block.");
    }
    p.gradient(n.kernel());
    p.gradient(n.recurrentKernel());
    if (n.panels()) {
      panelCopies(layer, kind, n);
    }
    if (layer.useBias()) {
      p.gradient(n.bias());
    }
    kind.trainedExtras(n).forEach(p::gradient);
    if (layer.options().masked()) {
      for (String state : kind.states()) {
        p.batchArray(
            n.field("TrainPrevious" + state),
            "batch * " + s,
            name + ": state " + state + " before the step.");
      }
    }
    String perSample = layer.returnSequences() ? "batch * " + timesteps + " * " : "batch * ";
    if (zeroesLastOutput(layer)) {
      p.batchArray(
          output(layer, n), "batch * " + s, name + ": the last output, zeros where masked.");
    }
    if (layer.returnSequences()) {
      p.batchArray(output(layer, n), perSample + s, name + ": every sample's output sequence.");
    }
    if (links.outputRead()) {
      p.batchArray(n.field("TrainDOutput"), perSample + s, name + ": the output's gradient.");
    }
  }

  /**
   * x·W + b for the batch, the initial states, then every timestep's cell step (a masked sample
   * keeps its states) and output row.
   */
  private void forward(
      RecurrentSpec layer, CellKind kind, CellNames n, TrainingFlow in, String mask, Links links) {
    String s = n.stride();
    String timesteps = n.timesteps();
    String out = output(layer, n);
    boolean masked = layer.options().masked();
    boolean zeroMasked = zeroesMaskedOutput(layer);
    CodeBlock.Builder forward = p.forward;
    Cell.BuiltIn cell = layer.cell();
    boolean inputDropout = cell.dropout() > 0;
    boolean recurrentDropout = cell.recurrentDropout() > 0;
    if (inputDropout || recurrentDropout) {
      drawMasks(kind, n, in, cell);
    }
    // without input dropout, each timestep's x·W + b is computed just before its step reads it:
    // the same products (each sum over k from the bias, whatever the rows), but the step finds
    // its rows in cache rather than beyond L2, where the whole batch's projection lies
    CodeBlock stepProjection = null;
    if (inputDropout) {
      forward.add(
          "// $L: x·W + b for the whole batch, then every timestep, the cells saving what BPTT"
              + " needs.\n",
          n.fields());
      forward.beginControlFlow("if (training)");
      forward.addStatement(
          "$T.project(count, $L, $N, $L, $L,$W$N, $L, $N, $L,$W$L, $N, $N)",
          RuntimeTypes.RECURRENT_DROPOUTS,
          timesteps,
          in.field(),
          in.stride(),
          in.width(),
          n.field("TrainInputMask"),
          cell.dropoutMasks(),
          n.kernel(),
          n.gates(),
          layer.useBias() ? n.bias() : "null",
          n.field("TrainMaskedInput"),
          n.field("TrainProjection"));
      forward.nextControlFlow("else");
      forward.addStatement(
          LayerEmitter.matmul(
              in.field(),
              in.stride(),
              "count * " + timesteps,
              in.width(),
              n.kernel(),
              n.gates(),
              layer.useBias() ? n.bias() : "null",
              n.field("TrainProjection")));
      forward.endControlFlow();
    } else if (in.tokens() != null) {
      // the rows are the table's, one per distinct token: each projected once, every timestep
      // gathering its positions' projections (the same sums as projecting every position)
      TrainingFlow.Tokens tokens = in.tokens();
      String projection = n.field("TrainTokenProjection");
      String bias = layer.useBias() ? n.bias() : "null";
      forward.add(
          "// $L: x·W + b once per distinct token (in a step split across threads, once for the"
              + " whole batch:\n// shardTokenProjection), then every timestep its positions' rows"
              + " gathered just before\n// the step that reads them, the cells saving what BPTT"
              + " needs.\n",
          n.fields());
      forward.beginControlFlow("if (trainTokensWhole == null)");
      forward.addStatement(
          LayerEmitter.matmul(
              in.field(),
              in.stride(),
              tokens.field() + ".count()",
              in.width(),
              n.kernel(),
              n.gates(),
              bias,
              projection));
      forward.endControlFlow();
      String rows = n.field("TokenRows");
      forward.addStatement(
          "float[] $L = trainTokensWhole == null ? $N : trainTokensWhole.$N",
          rows,
          projection,
          projection);
      stepProjection =
          CodeBlock.of(
              "$N.gather($L, $L, t, $L, count,$W$N, t * $L, $L * $L)",
              tokens.field(),
              rows,
              n.gates(),
              timesteps,
              n.field("TrainProjection"),
              n.gates(),
              timesteps,
              n.gates());
      splitTokens(tokens, in, n, bias, projection);
    } else {
      forward.add(
          "// $L: every timestep, x·W + b of the batch's rows just before the step that reads"
              + " them,\n// the cells saving what BPTT needs.\n",
          n.fields());
      stepProjection =
          CodeBlock.of(
              "$T.matmul($N, t * $L, $L * $L, count, $L,$W$N, 0, $L, $L,$W$L, 0,$W$N, t * $L,"
                  + " $L * $L)",
              RuntimeTypes.KERNELS,
              in.field(),
              in.stride(),
              timesteps,
              in.stride(),
              in.width(),
              n.kernel(),
              n.gates(),
              n.gates(),
              layer.useBias() ? n.bias() : "null",
              n.field("TrainProjection"),
              n.gates(),
              timesteps,
              n.gates());
    }
    if (links.startsFrom() != null) {
      forward.add(
          "// initial states: $L's final states (@InitialState)\n", links.startsFrom().fields());
    }
    boolean stateful = layer.options().stateful();
    if (stateful && links.startsFrom() == null) {
      forward.add(
          "// stateful: each sample continues the stream its position left in the previous batch;"
              + "\n// the carried states are constants here, so BPTT stops at the batch boundary\n");
    }
    for (int k = 0; k < kind.states().size(); k++) {
      String state = kind.states().get(k);
      if (stateful && links.startsFrom() == null) {
        String carried = n.field("TrainCarried" + state);
        forward.addStatement(
            "$N = $T.forBatch($N, trainBatchSamples, $L, $S)",
            carried,
            RuntimeTypes.CARRIED_STATES,
            carried,
            s,
            layer.name());
        forward.addStatement(
            "$T.arraycopy($N, trainShardStart * $L, $N, 0, count * $L)",
            System.class,
            carried,
            s,
            n.field("Train" + state),
            s);
      } else if (links.startsFrom() == null) {
        forward.addStatement(
            "$T.fill($N, 0, count * $L, 0f)", Arrays.class, n.field("Train" + state), s);
      } else {
        forward.addStatement(
            "$T.arraycopy($N, 0, $N, 0, count * $L)",
            System.class,
            links.startsFrom().values().get(k),
            n.field("Train" + state),
            s);
      }
    }
    // go_backwards: processing step `step` reads input timestep t; outputs go in processing order
    boolean backwards = layer.options().goBackwards();
    String row = backwards ? "step" : "t";
    if (backwards) {
      forward.beginControlFlow("for (int step = 0; step < $L; step++)", timesteps);
      forward.addStatement("int t = $L - 1 - step", timesteps);
    } else {
      forward.beginControlFlow("for (int t = 0; t < $L; t++)", timesteps);
    }
    if (stepProjection != null) {
      forward.addStatement(stepProjection);
    }
    if (masked) {
      for (String state : kind.states()) {
        forward.addStatement(
            "$T.arraycopy($N, 0, $N, 0, count * $L)",
            System.class,
            n.field("Train" + state),
            n.field("TrainPrevious" + state),
            s);
      }
    }
    if (recurrentDropout) {
      forward.beginControlFlow("if (training)");
      forward.addStatement(kind.trainingDropoutForward(n, n.field("TrainRecurrentMask")));
      forward.nextControlFlow("else");
      forward.addStatement(kind.trainingForward(n));
      forward.endControlFlow();
    } else {
      forward.addStatement(kind.trainingForward(n));
    }
    if (masked) {
      forward.add("// masked samples keep their states, as Keras\n");
      forward.beginControlFlow("for (int b = 0; b < count; b++)");
      forward.beginControlFlow("if (!$N[b * $L + t])", mask, timesteps);
      for (String state : kind.states()) {
        forward.addStatement(
            "$T.arraycopy($N, b * $L, $N, b * $L, $L)",
            System.class,
            n.field("TrainPrevious" + state),
            s,
            n.field("Train" + state),
            s,
            s);
      }
      forward.endControlFlow();
      forward.endControlFlow();
    }
    if (layer.returnSequences()) {
      forward.beginControlFlow("for (int b = 0; b < count; b++)");
      if (zeroMasked) {
        forward.beginControlFlow("if (!$N[b * $L + t])", mask, timesteps);
        forward.addStatement(
            "$T.fill($N, (b * $L + $L) * $L, (b * $L + $L + 1) * $L, 0f)",
            Arrays.class,
            out,
            timesteps,
            row,
            s,
            timesteps,
            row,
            s);
        forward.nextControlFlow("else");
      }
      forward.addStatement(
          "$T.arraycopy($N, b * $L, $N, (b * $L + $L) * $L, $L)",
          System.class,
          n.field("TrainH"),
          s,
          out,
          timesteps,
          row,
          s,
          s);
      if (zeroMasked) {
        forward.endControlFlow();
      }
      forward.endControlFlow();
    }
    forward.endControlFlow();
    if (zeroesLastOutput(layer)) {
      forward.add(
          "// zeroOutputForMask: zeros where the last processed step is masked, as Keras\n");
      forward.beginControlFlow("for (int b = 0; b < count; b++)");
      forward.beginControlFlow("if ($N[b * $L + $L])", mask, timesteps, lastStep(layer, n));
      forward.addStatement(
          "$T.arraycopy($N, b * $L, $N, b * $L, $L)",
          System.class,
          n.field("TrainH"),
          s,
          out,
          s,
          s);
      forward.nextControlFlow("else");
      forward.addStatement("$T.fill($N, b * $L, (b + 1) * $L, 0f)", Arrays.class, out, s, s);
      forward.endControlFlow();
      forward.endControlFlow();
    }
    if (stateful) {
      forward.add("// the final states carry over to the next batch\n");
      for (String state : kind.states()) {
        forward.addStatement(
            "$T.arraycopy($N, 0, $N, trainShardStart * $L, count * $L)",
            System.class,
            n.field("Train" + state),
            n.field("TrainCarried" + state),
            s,
            s);
      }
    }
  }

  /**
   * A stateful direction's carried states (Keras' state variables of {@code stateful=True}), one
   * row per stream, kept across batches; its owner's reset empties them.
   */
  private void carried(RecurrentSpec layer, String owner, CellKind kind, CellNames n) {
    CodeBlock.Builder reset =
        p.carriedResets.computeIfAbsent(Names.reset(owner), k -> CodeBlock.builder());
    for (String state : kind.states()) {
      String field = n.field("TrainCarried" + state);
      p.fields.add(
          FieldSpec.builder(float[].class, field, Modifier.PRIVATE)
              .addJavadoc(
                  "$L: state $L each stream (sample position) carries to the next training batch;"
                      + " empty until the first.\n",
                  layer.name(),
                  state)
              .initializer("new float[0]")
              .build());
      reset.addStatement("$N = new float[0]", field);
      p.carried.add(new TrainingParts.Carried(field, n.stride(), layer.name()));
    }
  }

  /**
   * BPTT: the last state's gradient (the output's, plus the initial states' of the layers this one
   * starts), each timestep's output gradient added as the steps run last to first, then the
   * projection's gradients.
   */
  private CodeBlock backward(
      RecurrentSpec layer,
      CellKind kind,
      CellNames n,
      TrainingFlow in,
      String inputGradient,
      String mask,
      Links links) {
    String s = n.stride();
    String timesteps = n.timesteps();
    String dOut = n.field("TrainDOutput");
    boolean sequences = layer.returnSequences();
    boolean masked = layer.options().masked();
    boolean zeroMasked = zeroesMaskedOutput(layer);
    boolean backwards = layer.options().goBackwards();
    String row = backwards ? "step" : "t";
    CodeBlock.Builder back = CodeBlock.builder();
    back.add(
        "// $L: BPTT from the last timestep to the first, then the projection's gradients;\n"
            + "// each step writes its rows' gradient over the projection rows it read.\n",
        n.fields());
    for (String state : kind.states()) {
      String d = n.field("TrainD" + state.toLowerCase());
      if (state.equals("H") && !sequences && links.outputRead()) {
        back.addStatement("$T.arraycopy($N, 0, $N, 0, count * $L)", System.class, dOut, d, s);
      } else {
        back.addStatement("$T.fill($N, 0, count * $L, 0f)", Arrays.class, d, s);
      }
    }
    if (zeroesLastOutput(layer) && links.outputRead()) {
      back.add("// a zeroed last output is a constant: its gradient goes nowhere\n");
      back.beginControlFlow("for (int b = 0; b < count; b++)");
      back.beginControlFlow("if (!$N[b * $L + $L])", mask, timesteps, lastStep(layer, n));
      back.addStatement(
          "$T.fill($N, b * $L, (b + 1) * $L, 0f)", Arrays.class, n.field("TrainDh"), s, s);
      back.endControlFlow();
      back.endControlFlow();
    }
    for (States started : links.starts()) {
      back.add(
          "// the gradient of the final states that started $L (@InitialState)\n",
          started.fields());
      for (int k = 0; k < kind.states().size(); k++) {
        String d = n.field("TrainD" + kind.states().get(k).toLowerCase());
        back.addStatement(
            "$T.add($N, 0, $N, 0, $N, 0, count * $L)",
            RuntimeTypes.KERNELS,
            d,
            started.gradients().get(k),
            d,
            s);
      }
    }
    for (int k = 0; k < links.targets().size(); k++) {
      if (links.targets().get(k) != null) {
        String state = kind.states().get(k);
        String d = n.field("TrainD" + state.toLowerCase());
        back.add("// the gradient of the loss of the final $L, a model output\n", state);
        back.addStatement(
            "$T.add($N, 0, $N, 0, $N, 0, count * $L)",
            RuntimeTypes.KERNELS,
            d,
            n.field("TrainLossD" + state.toLowerCase()),
            d,
            s);
      }
    }
    for (int k = 0; k < links.rows().size(); k++) {
      EveryRow every = links.rows().get(k);
      if (every != null) {
        String state = kind.states().get(k);
        String d = n.field("TrainD" + state.toLowerCase());
        String gradient = everyGradient(every.source());
        String stride = stateOutputs.get(every.source()).stride(); // as gatherRow wrote the row
        String width = every.widest() == 0 ? stride : raggedRows.get(every.source())[every.row()];
        back.add(
            "// the gradient of the loss of the final $L, row $L of $L (a model output)\n",
            state,
            every.row(),
            gradient);
        back.beginControlFlow("for (int b = 0; b < count; b++)");
        back.addStatement(
            "$T.add($N, b * $L, $N, (b * $L + $L) * $L, $N, b * $L, $L)",
            RuntimeTypes.KERNELS,
            d,
            s,
            gradient,
            every.rows(),
            every.row(),
            stride,
            d,
            s,
            width);
        back.endControlFlow();
      }
    }
    if (kind.trainingBackwardBuffer(n, layer.cell().recurrentDropout() > 0) != null) {
      back.addStatement(kind.trainingBackwardSetup(n));
    }
    if (in.tokens() != null) {
      back.addStatement("$N.startSums()", in.tokens().field());
    }
    CodeBlock finish = kind.trainingBackwardFinish(n, layer.cell().recurrentDropout() > 0);
    if (finish != null) {
      back.add(
          "// the steps leave the recurrent kernel's gradient (null) to one product after them\n");
    }
    if (backwards) {
      back.beginControlFlow("for (int step = $L - 1; step >= 0; step--)", timesteps);
      back.addStatement("int t = $L - 1 - step", timesteps);
    } else {
      back.beginControlFlow("for (int t = $L - 1; t >= 0; t--)", timesteps);
    }
    if (sequences && links.outputRead()) {
      back.beginControlFlow("for (int b = 0; b < count; b++)");
      if (zeroMasked) { // a zeroed output is a constant: its gradient goes nowhere
        back.beginControlFlow("if (!$N[b * $L + t])", mask, timesteps);
        back.addStatement("continue");
        back.endControlFlow();
      }
      back.addStatement(
          "$T.add($N, b * $L, $N, (b * $L + $L) * $L, $N, b * $L, $L)",
          RuntimeTypes.KERNELS,
          n.field("TrainDh"),
          s,
          dOut,
          timesteps,
          row,
          s,
          n.field("TrainDh"),
          s,
          kind.hUnits(n));
      back.endControlFlow();
    }
    Cell.BuiltIn cell = layer.cell();
    back.addStatement(
        kind.trainingBackward(
            n,
            masked ? mask : null,
            cell.recurrentDropout() > 0 ? n.field("TrainRecurrentMask") : null));
    if (in.tokens() != null) {
      back.add("// the step's rows of the projection's gradient added to their tokens' sums\n");
      back.addStatement(
          "$N.sum($N, t * $L, $L * $L, t, $L, count, $L, $N)",
          in.tokens().field(),
          CellKind.trainingDProjection(n),
          n.gates(),
          timesteps,
          n.gates(),
          timesteps,
          n.gates(),
          n.field("TrainTokenProjection"));
    }
    back.endControlFlow();
    if (finish != null) {
      back.addStatement(finish);
    }
    if (cell.dropout() > 0) {
      back.add("// the projection read the input rows through the dropout masks\n");
      boolean input = inputGradient != null && in.gradient() != null;
      back.addStatement(
          "$T.projectBackward(count, $L, $N, $L, $L,$W$N, $L, $N, $N, $L,$W$N, $L, $N,$W$L, $L)",
          RuntimeTypes.RECURRENT_DROPOUTS,
          timesteps,
          in.field(),
          in.stride(),
          in.width(),
          n.field("TrainInputMask"),
          cell.dropoutMasks(),
          CellKind.trainingDProjection(n),
          n.kernel(),
          n.gates(),
          n.kernel() + "Gradient",
          layer.useBias() ? n.bias() + "Gradient" : "null",
          n.field("TrainMaskedInput"),
          input ? in.gradient() : "null",
          "addInput".equals(inputGradient));
    } else {
      boolean perToken = in.tokens() != null;
      if (perToken) {
        back.add(
            "// the projection's gradients over the distinct tokens' sums (a step split across"
                + " threads takes\n// them over the shards' sums added up: shardTokenGradients)\n");
        back.beginControlFlow("if (trainTokensWhole == null)");
      }
      TrainingLayers.projectionGradients(
          back,
          in,
          perToken ? n.field("TrainTokenProjection") : CellKind.trainingDProjection(n),
          n.gates(),
          n,
          layer.useBias(),
          perToken ? in.tokens().field() + ".count()" : "count * " + timesteps,
          inputGradient);
      if (perToken) {
        back.endControlFlow();
        splitTokenGradients(in, n, layer.useBias(), inputGradient);
      }
    }
    return back.build();
  }

  /**
   * A step split across threads and this layer's distinct tokens ({@link
   * TrainingParts#splitIndex}): one part of the whole batch's rows projected per pool task, and the
   * shards' sums buffers grown to the whole batch's rows ({@link #splitTokenGradients} takes the
   * gradients).
   */
  private void splitTokens(
      TrainingFlow.Tokens tokens, TrainingFlow in, CellNames n, String bias, String projection) {
    String first = tokens.first();
    String rows = tokens.rows();
    p.splitProject.addStatement(
        "$T.matmul($N, $L * $L, $L, $L, $L,$W$N, 0, $L, $L,$W$L, 0,$W$N, $L * $L, $L)",
        RuntimeTypes.KERNELS,
        in.field(),
        first,
        in.stride(),
        in.stride(),
        rows,
        in.width(),
        n.kernel(),
        n.gates(),
        n.gates(),
        bias,
        projection,
        first,
        n.gates(),
        n.gates());
    p.splitShard.beginControlFlow(
        "if (shard.$N.length < $N.count() * $L)", projection, tokens.field(), n.gates());
    p.splitShard.addStatement("shard.$N = new float[$N.length]", projection, projection);
    p.splitShard.endControlFlow();
  }

  /**
   * A step split across threads and this layer's distinct tokens, after the shards' backward passes
   * ({@link TrainingParts#splitGradients}): one part of the whole batch's rows, the shards' sums of
   * them added up in shard order, then their projection gradients, as the step on one thread takes
   * them over all rows, into the part's model {@code into}.
   */
  private void splitTokenGradients(
      TrainingFlow in, CellNames n, boolean bias, String inputGradient) {
    TrainingFlow.Tokens tokens = in.tokens();
    String projection = n.field("TrainTokenProjection");
    CodeBlock.Builder g = p.splitGradients;
    g.addStatement(
        "int $L = $T.start(part, shardTotal, $N.count())",
        tokens.first(),
        RuntimeTypes.SHARD_POOL,
        tokens.field());
    g.addStatement(
        "int $L = $T.start(part + 1, shardTotal, $N.count()) - $L",
        tokens.rows(),
        RuntimeTypes.SHARD_POOL,
        tokens.field(),
        tokens.first());
    g.beginControlFlow("for (int s = 1; s < shardTotal; s++)");
    g.addStatement(
        "$N.addSums(trainShards[s - 1].$N, trainShards[s - 1].$N, $N, $L, $L, $L)",
        tokens.field(),
        tokens.field(),
        projection,
        projection,
        n.gates(),
        tokens.first(),
        tokens.rows());
    g.endControlFlow();
    TrainingLayers.projectionGradients(
        g,
        in,
        projection,
        n.gates(),
        n,
        bias,
        tokens.rows(),
        inputGradient,
        tokens.first(),
        "into.");
  }

  /**
   * Keras' dropout masks of one layer call, drawn from the training random while training (one per
   * sample, or per sample and gate block, fixed over the timesteps; {@code RNN.call} draws them
   * before its loop, keras/src/layers/rnn/rnn.py); evaluation draws none.
   */
  private void drawMasks(CellKind kind, CellNames n, TrainingFlow in, Cell.BuiltIn cell) {
    CodeBlock.Builder forward = p.forward;
    forward.add(
        "// $L: Keras' dropout masks$L, one draw per batch kept for every timestep\n",
        n.fields(),
        cell.dropout() > 0 && cell.recurrentDropout() > 0
            ? " (dropout " + cell.dropout() + ", recurrent_dropout " + cell.recurrentDropout() + ")"
            : cell.dropout() > 0
                ? " (dropout " + cell.dropout() + ")"
                : " (recurrent_dropout " + cell.recurrentDropout() + ")");
    forward.beginControlFlow("if (training)");
    CodeBlock kerasGate =
        cell instanceof Cell.Lstm
            ? CodeBlock.of("$T.LSTM_GATES", RuntimeTypes.RECURRENT_DROPOUTS)
            : CodeBlock.of("null");
    if (cell.dropout() > 0) {
      p.draw(
          forward,
          cell.dropoutMasks() + " * " + in.width(),
          CodeBlock.of(
              "$T.draw($S, false, count, $L, $L, $L,$W$L, $L, trainRandom, $N)",
              RuntimeTypes.RECURRENT_DROPOUTS,
              n.fields(),
              cell.dropoutMasks(),
              in.width(),
              in.stride(),
              cell.dropout(),
              cell.dropoutMasks() > 1 ? kerasGate : CodeBlock.of("null"),
              n.field("TrainInputMask")));
    }
    if (cell.recurrentDropout() > 0) {
      // one value per unit of h: PyTorch's projected h (projSize) where the LSTM projects
      p.draw(
          forward,
          kind.blocks() + " * " + kind.hUnits(n),
          CodeBlock.of(
              "$T.draw($S, true, count, $L, $L, $L,$W$L, $L, trainRandom, $N)",
              RuntimeTypes.RECURRENT_DROPOUTS,
              n.fields(),
              kind.blocks(),
              kind.hUnits(n),
              n.stride(),
              cell.recurrentDropout(),
              kind.blocks() > 1 ? kerasGate : CodeBlock.of("null"),
              n.field("TrainRecurrentMask")));
    }
    forward.endControlFlow();
    p.recurrentMasks = true;
  }

  /** How many input masks a cell draws, for Javadoc. */
  private static String dropoutMasksDoc(Cell.BuiltIn cell) {
    return cell.dropoutMasks() == 1 ? "one per sample" : "one per sample and gate block";
  }

  /** U stored in panels for inference: training reads a row-major copy and packs its gradient. */
  private void panelCopies(RecurrentSpec layer, CellKind kind, CellNames n) {
    if (p.applyingShared()) {
      // the shared layer's row-major copies: unpacked once, both applications' gradients added
      // into one row-major array, packed once
      p.alias(n.trainingRecurrentKernel(), "the row-major recurrent kernel");
      p.alias(n.trainingRecurrentKernelGradient(), "the row-major recurrent kernel's gradient");
      return;
    }
    for (String field : List.of(n.trainingRecurrentKernel(), n.trainingRecurrentKernelGradient())) {
      p.fields.add(
          FieldSpec.builder(float[].class, field, Modifier.PRIVATE, Modifier.FINAL)
              .addJavadoc(
                  "$L's recurrent kernel$L, row-major.\n",
                  layer.name(),
                  field.endsWith("Gradient") ? "'s gradient" : "")
              .initializer("new float[$N.length]", n.recurrentKernel())
              .build());
    }
    int blocks = kind.blocks();
    p.unpack.addStatement(
        "$T.unpack($N, $L, $L, $L, $N)",
        RuntimeTypes.RECURRENT_PANELS,
        n.recurrentKernel(),
        n.units(),
        blocks,
        n.stride(),
        n.trainingRecurrentKernel());
    p.zero.addStatement("$T.fill($N, 0f)", Arrays.class, n.trainingRecurrentKernelGradient());
    p.pack.addStatement(
        "$T.pack($N, $L, $L, $L, $N)",
        RuntimeTypes.RECURRENT_PANELS,
        n.trainingRecurrentKernelGradient(),
        n.units(),
        blocks,
        n.stride(),
        n.recurrentKernel() + "Gradient");
  }

  /**
   * An {@code @RNN} of built-in cells ({@code cells}, or {@code numLayers}): each cell runs over
   * the sequence the previous one output, which computes what Keras' StackedRNNCells computes at
   * each timestep (a masked timestep carries every cell's states). Going backwards, the first cell
   * reads the input last timestep first and the later cells read its outputs in that processing
   * order; only the layer's own output follows {@code zeroOutputForMask}. {@code links} holds each
   * built-in cell's ({@code @InitialState}: the cells' states in Keras' order, cell after cell).
   */
  TrainingFlow stack(CellSpec layer, TrainingFlow in, String inputGradient, List<Links> links) {
    TrainingFlow flowing = in;
    int last = layer.cells().size() - 1;
    String timesteps = in.timesteps();
    // Going backwards, the later cells read the first one's outputs in processing order: their
    // timestep t is the input's TIMESTEPS - 1 - t, and so is its mask.
    String laterMask = in.mask();
    if (layer.goBackwards() && layer.masked() && last > 0) {
      laterMask = Names.field(layer.name(), "TrainMaskReversed");
      p.fields.add(
          FieldSpec.builder(boolean[].class, laterMask, Modifier.PRIVATE)
              .addJavadoc("The batch's mask in $L's processing order.\n", layer.name())
              .initializer("new boolean[0]")
              .build());
      p.allocate.addStatement("$N = new boolean[batch * $L]", laterMask, timesteps);
      p.forward.beginControlFlow("for (int b = 0; b < count; b++)");
      p.forward.beginControlFlow("for (int t = 0; t < $L; t++)", timesteps);
      p.forward.addStatement(
          "$N[b * $L + t] = $N[b * $L + $L - 1 - t]",
          laterMask,
          timesteps,
          in.mask(),
          timesteps,
          timesteps);
      p.forward.endControlFlow();
      p.forward.endControlFlow();
    }
    for (int k = 0; k <= last; k++) {
      if (!layer.cells().get(k).builtIn()) { // a custom cell trains through its backward step
        var run =
            customCells.emit(
                layer,
                k,
                timesteps,
                flowing.field(),
                flowing.width(),
                flowing.stride(),
                k == 0 && inputGradient == null ? null : flowing.gradient(),
                k == 0 && "addInput".equals(inputGradient),
                k == 0 ? in.mask() : laterMask,
                links.get(k) == null ? null : links.get(k).startsFrom(),
                links.get(k) == null ? List.of() : links.get(k).targets());
        stateOutputs.putAll(run.stateOutputs());
        flowing =
            new TrainingFlow(
                run.output(),
                run.width(),
                run.stride(),
                run.sequence(),
                run.gradient(),
                timesteps,
                flowing.mask());
        continue;
      }
      Cell.BuiltIn cell = (Cell.BuiltIn) layer.cells().get(k).cell();
      String prefix = layer.stacked() ? Names.field(layer.name(), "Cell" + k) : layer.name();
      RecurrentOptions options =
          new RecurrentOptions(
              k < last || layer.returnSequences(),
              false,
              k == 0 && layer.goBackwards(),
              layer.stateful(),
              false,
              k == last && layer.zeroOutputForMask(),
              layer.masked());
      RecurrentSpec run = new RecurrentSpec(prefix, cell, options, layer.input(), layer.output());
      CellNames n = new CellNames(prefix, prefix).on(timesteps); // stacked cells keep U row-major
      flowing =
          direction(
              run,
              layer.name(),
              n,
              flowing,
              k == 0 ? inputGradient : "input",
              k == 0 ? in.mask() : laterMask,
              links.get(k));
    }
    // the layer's output follows its input's mask (Keras 3.15), whichever order the cells ran in
    return flowing.withMask(layer.returnSequences() ? in.mask() : null);
  }

  /** The two outputs of a Bidirectional layer of {@code mergeMode = "none"}, read apart. */
  record Directions(TrainingFlow forward, TrainingFlow backward) {}

  /**
   * A Bidirectional layer of {@code mergeMode = "none"} (Keras' {@code merge_mode=None}): both
   * directions over the batch, each output its own flow ({@code @Forward} / {@code @Backward}); the
   * backward sequence is reversed back to input order, as Keras does, and its gradient reversed
   * into the direction's before its BPTT.
   */
  Directions bidirectionalNone(
      BidirectionalSpec bi, TrainingFlow in, String inputGradient, Links[] links) {
    String name = bi.name();
    String timesteps = in.timesteps();
    RecurrentSpec forwardSpec = bi.forward();
    RecurrentSpec backwardSpec = bi.backward();
    CellNames fn =
        new CellNames(forwardSpec.name(), Names.field(name, "Forward"), forwardSpec.cell().panels())
            .on(timesteps);
    CellNames bn =
        new CellNames(
                backwardSpec.name(), Names.field(name, "Backward"), backwardSpec.cell().panels())
            .on(timesteps);
    // backward blocks run in reverse: the backward direction's writes the input's gradient as
    // told, then the forward direction's adds to it
    TrainingFlow f =
        direction(
            forwardSpec,
            name,
            fn,
            in,
            inputGradient == null ? null : "addInput",
            in.mask(),
            links[0]);
    TrainingFlow b = direction(backwardSpec, name, bn, in, inputGradient, in.mask(), links[1]);
    if (!b.sequence()) {
      return new Directions(f, b); // one row per sample: nothing to reverse
    }
    String rows = Names.field(name, "TrainBackwardRows");
    String dRows = Names.field(name, "TrainDBackwardRows");
    p.batchArray(rows, b.batchSize(b.stride()), name + ": the backward outputs in input order.");
    p.batchArray(dRows, b.batchSize(b.stride()), name + ": their gradient.");
    // input timestep t of sample b is the backward direction's processing step T - 1 - t
    String reversed = "b * " + timesteps + " + " + timesteps + " - 1 - t";
    String straight = "b * " + timesteps + " + t";
    p.forward.add("// $L: mergeMode \"none\", the backward rows reversed to input order\n", name);
    p.forward.add(reverseRows(b.field(), reversed, rows, straight, b.stride(), timesteps));
    CodeBlock.Builder back = CodeBlock.builder();
    back.add("// $L: the backward rows' gradient, back in processing order\n", name);
    back.add(reverseRows(dRows, straight, b.gradient(), reversed, b.stride(), timesteps));
    p.backward.add(back.build());
    return new Directions(
        f, new TrainingFlow(rows, b.width(), b.stride(), true, dRows, timesteps, in.mask()));
  }

  /** Copies every sample's rows of {@code from} (row {@code fromRow}) to {@code to}. */
  private static CodeBlock reverseRows(
      String from, String fromRow, String to, String toRow, String stride, String timesteps) {
    return CodeBlock.builder()
        .beginControlFlow("for (int b = 0; b < count; b++)")
        .beginControlFlow("for (int t = 0; t < $L; t++)", timesteps)
        .addStatement(
            "$T.arraycopy($N, ($L) * $L, $N, ($L) * $L, $L)",
            System.class,
            from,
            fromRow,
            stride,
            to,
            toRow,
            stride,
            stride)
        .endControlFlow()
        .endControlFlow()
        .build();
  }

  /**
   * A Bidirectional layer: both directions over the batch (the backward one's outputs reversed back
   * to input order, as Keras), merged; backwards, the merged gradient split between the directions,
   * each direction's BPTT, and the input's gradient from both (the second added to the first).
   */
  TrainingFlow bidirectional(
      BidirectionalSpec bi, TrainingFlow in, String inputGradient, Links[] links) {
    String name = bi.name();
    String timesteps = in.timesteps();
    RecurrentSpec forwardSpec = bi.forward();
    RecurrentSpec backwardSpec = bi.backward();
    CellNames fn =
        new CellNames(forwardSpec.name(), Names.field(name, "Forward"), forwardSpec.cell().panels())
            .on(timesteps);
    CellNames bn =
        new CellNames(
                backwardSpec.name(), Names.field(name, "Backward"), backwardSpec.cell().panels())
            .on(timesteps);
    int before = p.backward.size();
    // backward blocks run in reverse: the merge's first, then the backward direction's (which
    // writes the input's gradient as told), then the forward direction's (which adds to it)
    TrainingFlow f =
        direction(
            forwardSpec,
            name,
            fn,
            in,
            inputGradient == null ? null : "addInput",
            in.mask(),
            links[0]);
    TrainingFlow b = direction(backwardSpec, name, bn, in, inputGradient, in.mask(), links[1]);
    return merged(name, bi.mergeMode(), forwardSpec.returnSequences(), in, f, b, before + 2);
  }

  /**
   * A {@code @Bidirectional} {@code @RNN} (a custom cell, or stacked cells; Keras' {@code
   * Bidirectional(RNN(cell))}): each direction trains as an {@code @RNN} of its own ({@link
   * #stack}, the backward one going backwards), their outputs merged as {@link #bidirectional}'s.
   * {@code links} holds each direction's, per cell ({@code @InitialState}: the forward direction's
   * cells take the first half of the states, the backward one's the second).
   */
  TrainingFlow bidirectionalCells(
      BidirectionalCellSpec bi, TrainingFlow in, String inputGradient, List<List<Links>> links) {
    CellSpec forwardSpec = bi.forward();
    CellSpec backwardSpec = bi.backward();
    // backward blocks run in reverse: the merge's first, then the backward direction's (which
    // writes the input's gradient as told), then the forward direction's (which adds to it)
    TrainingFlow f =
        stack(forwardSpec, in, inputGradient == null ? null : "addInput", links.getFirst());
    TrainingFlow b = stack(backwardSpec, in, inputGradient, links.getLast());
    return merged(
        bi.name(), bi.mergeMode(), forwardSpec.returnSequences(), in, f, b, p.backward.size());
  }

  /**
   * The merge of a Bidirectional layer's directions {@code f} and {@code b} (the backward rows in
   * processing order), its backward block inserted at {@code at} (after both directions' blocks, so
   * that it runs before them).
   */
  private TrainingFlow merged(
      String name,
      BidirectionalSpec.MergeMode mergeMode,
      boolean sequences,
      TrainingFlow in,
      TrainingFlow f,
      TrainingFlow b,
      int at) {
    String timesteps = in.timesteps();
    String width = f.width();
    String stride = Names.constant(name, "OUTPUT_STRIDE");
    String out = Names.field(name, "TrainOutput");
    String dOut = Names.field(name, "TrainDOutput");
    String batchRows = (sequences ? "batch * " + timesteps + " * " : "batch * ") + stride;
    p.batchArray(out, batchRows, name + ": the merged output rows.");
    p.batchArray(dOut, batchRows, name + ": the merged output's gradient.");
    String mode = mergeMode.name().toLowerCase(java.util.Locale.ROOT);
    // sample b's row r: the forward row r, the backward direction's row of the same input timestep
    String backwardRow = sequences ? "b * " + timesteps + " + " + timesteps + " - 1 - t" : "b";
    String r = sequences ? "b * " + timesteps + " + t" : "b";
    CodeBlock.Builder forward = p.forward;
    forward.add("// $L: merge_mode=\"$L\", the backward rows in input order.\n", name, mode);
    forward.beginControlFlow("for (int b = 0; b < count; b++)");
    if (sequences) {
      forward.beginControlFlow("for (int t = 0; t < $L; t++)", timesteps);
    }
    forward.addStatement(
        "$T.$L($N, ($L) * $L, $N, ($L) * $L, $L, $N, ($L) * $L)",
        RuntimeTypes.MERGE_GRADIENTS,
        mode,
        f.field(),
        r,
        f.stride(),
        b.field(),
        backwardRow,
        b.stride(),
        width,
        out,
        r,
        stride);
    if (sequences) {
      forward.endControlFlow();
    }
    forward.endControlFlow();
    CodeBlock.Builder back = CodeBlock.builder();
    back.add("// $L: the merged gradient split between the directions.\n", name);
    back.beginControlFlow("for (int b = 0; b < count; b++)");
    if (sequences) {
      back.beginControlFlow("for (int t = 0; t < $L; t++)", timesteps);
    }
    back.addStatement(
        "$T.$LBackward($N, ($L) * $L, $N, ($L) * $L, $N, ($L) * $L, $N, ($L) * $L, $L, $N, ($L) * $L)",
        RuntimeTypes.MERGE_GRADIENTS,
        mode,
        dOut,
        r,
        stride,
        f.field(),
        r,
        f.stride(),
        b.field(),
        backwardRow,
        b.stride(),
        f.gradient(),
        r,
        f.stride(),
        width,
        b.gradient(),
        backwardRow,
        b.stride());
    if (sequences) {
      back.endControlFlow();
    }
    back.endControlFlow();
    p.backward.add(at, back.build());
    String outWidth = mergeMode == BidirectionalSpec.MergeMode.CONCAT ? "2 * " + width : width;
    return new TrainingFlow(
        out, outWidth, stride, sequences, dOut, timesteps, sequences ? in.mask() : null);
  }
}
