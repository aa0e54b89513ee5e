package dev.rnnc.processor.generate;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.rnnc.processor.spec.ActivationName;
import dev.rnnc.processor.spec.BidirectionalSpec;
import dev.rnnc.processor.spec.CallSpec;
import dev.rnnc.processor.spec.Cell;
import dev.rnnc.processor.spec.CellSpec;
import dev.rnnc.processor.spec.DenseSpec;
import dev.rnnc.processor.spec.DropoutSpec;
import dev.rnnc.processor.spec.EmbeddingSpec;
import dev.rnnc.processor.spec.LayerSpec;
import dev.rnnc.processor.spec.MaskingSpec;
import dev.rnnc.processor.spec.ModelSpec;
import dev.rnnc.processor.spec.RecurrentOptions;
import dev.rnnc.processor.spec.RecurrentSpec;
import dev.rnnc.processor.spec.Shape;
import dev.rnnc.processor.spec.TrainingSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Emits a model's training ({@code @Compile}, {@code fit}, {@code evaluate}): {@code trainStep},
 * which runs a batch forwards through every layer in lockstep while each recurrent cell saves what
 * its backward step needs ({@link CellKind#trainingForward}), computes the loss and its gradient
 * ({@code TrainingOutput}), runs the layers backwards (BPTT: the cells' backward steps from the
 * last timestep to the first, {@link CellKind#trainingBackward}; the projections' gradients as
 * matrix products over the whole batch), and applies the optimizer; and the call methods, which
 * hand {@code trainStep} to the runtime's {@code FitLoop} (epochs, shuffling, validation,
 * callbacks, progress, history).
 *
 * <p>Batch buffers grow with the largest batch seen ({@code ensureTraining}) and are then reused,
 * so a step allocates nothing once warm. The spec decides which models train ({@code
 * ModelSpec.trainingUnsupported}): chains of a first Embedding or Masking layer, recurrent layers
 * (alone or Bidirectional, masked or not, forwards or backwards), Dropout and Dense layers.
 */
final class TrainingEmitter {
  /**
   * A training buffer between layers: batch rows of {@code stride} floats, {@code width}
   * meaningful.
   */
  private record Flow(
      String field, String width, String stride, boolean sequence, String gradient) {
    String rows() {
      return sequence ? "count * TIMESTEPS" : "count";
    }
  }

  private final ModelSpec model;
  private final TrainingSpec training;
  private final List<FieldSpec> fields = new ArrayList<>();
  private final CodeBlock.Builder allocate = CodeBlock.builder();
  private final CodeBlock.Builder forward = CodeBlock.builder();
  private final List<CodeBlock> backward = new ArrayList<>();
  private final List<String> parameters = new ArrayList<>();
  private final List<String> gradients = new ArrayList<>();
  private final CustomCellTraining customCells =
      new CustomCellTraining(fields, allocate, forward, backward);
  private final boolean tokens;

  /** Panel layers: U unpacked before the step, the row-major gradient zeroed, then packed. */
  private final CodeBlock.Builder unpack = CodeBlock.builder();

  private final CodeBlock.Builder zero = CodeBlock.builder();
  private final CodeBlock.Builder pack = CodeBlock.builder();
  private boolean usesRandom;
  private boolean maskDeclared;

  /** Whether a mask reaches the output (the loss then weighs masked timesteps 0). */
  private boolean outputMasked;

  private Flow output;
  private String logits;

  TrainingEmitter(ModelSpec model) {
    this.model = model;
    this.training = model.training();
    tokens = model.input().kind() == Shape.Kind.TOKENS;
    Flow flowing = null;
    if (tokens) {
      fields.add(
          FieldSpec.builder(int[].class, "trainIds", Modifier.PRIVATE)
              .addJavadoc("The batch's token ids, one sample after another.\n")
              .initializer("new int[0]")
              .build());
      allocate.addStatement("trainIds = new int[batch * TIMESTEPS]");
    } else {
      flowing = new Flow("trainInput", "FEATURES", "FEATURES", true, null);
      batchArray(
          "trainInput", "batch * TIMESTEPS * FEATURES", "The batch's samples, one after another.");
    }
    List<LayerSpec> layers = model.layers();
    for (int i = 0; i < layers.size(); i++) {
      boolean last = i == layers.size() - 1;
      flowing =
          switch (layers.get(i)) {
            case RecurrentSpec r -> recurrent(r, flowing, flowing.gradient() != null);
            case BidirectionalSpec b -> bidirectional(b, flowing, flowing.gradient() != null);
            case CellSpec c -> stack(c, flowing);
            case DenseSpec d -> dense(d, flowing, flowing.gradient() != null, last);
            case EmbeddingSpec e -> embedding(e);
            case DropoutSpec d when d.rate() > 0 -> dropout(d, flowing);
            case MaskingSpec m -> masking(m, flowing);
            default -> flowing; // Dropout(rate = 0): the identity
          };
    }
    output = flowing;
    boolean masked = false;
    for (LayerSpec layer : layers) {
      masked = LayerSpec.maskAfter(layer, masked);
    }
    outputMasked = masked && output.sequence();
  }

  /** The fields training adds to the class. */
  List<FieldSpec> fields() {
    List<FieldSpec> all = new ArrayList<>();
    all.add(
        FieldSpec.builder(RuntimeTypes.OPTIMIZER, "optimizer", Modifier.PRIVATE)
            .addJavadoc(
                "The optimizer of @Compile, Keras' $S$L.\n",
                training.optimizer(),
                training.learningRate() > 0 ? " with learning rate " + training.learningRate() : "")
            .initializer(
                "$T.optimizer($S, $L)",
                RuntimeTypes.KERAS_NAMES,
                training.optimizer(),
                training.learningRate())
            .build());
    CodeBlock metrics =
        CodeBlock.join(
            training.metrics().stream()
                .map(
                    m ->
                        CodeBlock.of(
                            "$T.get($S, $L, $L)",
                            RuntimeTypes.METRICS,
                            m,
                            output.width(),
                            training.sparse()))
                .toList(),
            ", ");
    all.add(
        FieldSpec.builder(
                RuntimeTypes.TRAINING_OUTPUT, "trainingOutput", Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc("The loss ($L) and metrics of the output.\n", training.loss())
            .initializer(
                "new $T($T.loss($S),$W$T.of($L),$Wnew $T($L, $L, $L),$W$L)",
                RuntimeTypes.TRAINING_OUTPUT,
                RuntimeTypes.KERAS_NAMES,
                training.loss(),
                List.class,
                metrics,
                RuntimeTypes.OUTPUT_LAYOUT,
                output.sequence() ? "TIMESTEPS" : "1",
                output.width(),
                output.stride(),
                logits != null)
            .build());
    if (usesRandom) {
      all.add(
          FieldSpec.builder(
                  java.util.SplittableRandom.class, "trainRandom", Modifier.PRIVATE, Modifier.FINAL)
              .addJavadoc(
                  "Dropout's draws: seeded, so the same data and options train the same weights.\n")
              .initializer("new $T($L)", java.util.SplittableRandom.class, "0x5eedL")
              .build());
    }
    all.add(
        FieldSpec.builder(TypeName.INT, "trainBatch", Modifier.PRIVATE)
            .addJavadoc("The batch size the training buffers hold; they grow, never shrink.\n")
            .build());
    all.addAll(fields);
    return all;
  }

  /** The methods training adds: the batch step, the buffer allocation, the weights' state. */
  List<MethodSpec> methods() {
    return List.of(trainStep(), ensureTraining(), trainableState());
  }

  private void batchArray(String field, Object size, String javadoc) {
    fields.add(
        FieldSpec.builder(float[].class, field, Modifier.PRIVATE)
            .addJavadoc(javadoc + "\n")
            .initializer("new float[0]")
            .build());
    allocate.addStatement("$N = new float[$L]", field, size);
  }

  private void gradient(String weight) {
    String field = weight + "Gradient";
    fields.add(
        FieldSpec.builder(float[].class, field, Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc(
                "The loss's gradient with respect to {@code $N}, in its packed layout.\n", weight)
            .initializer("new float[$N.length]", weight)
            .build());
    parameters.add(weight);
    gradients.add(field);
  }

  private Flow recurrent(RecurrentSpec layer, Flow in, boolean inputGradient) {
    CellNames n = new CellNames(layer.name(), layer.name(), layer.cell().panels());
    return direction(layer, n, in, inputGradient ? "input" : null);
  }

  /**
   * One run of a recurrent layer over the batch, fields named after {@code n} (a layer, or one
   * direction of a Bidirectional layer); {@code inputGradient} is the {@code ProjectionGradients}
   * method that writes its input's gradient ({@code input}, {@code addInput}), or null.
   */
  private Flow direction(RecurrentSpec layer, CellNames n, Flow in, String inputGradient) {
    return direction(layer, n, in, inputGradient, "trainMask");
  }

  /** {@link #direction} reading the mask of each timestep from {@code mask}. */
  private Flow direction(
      RecurrentSpec layer, CellNames n, Flow in, String inputGradient, String mask) {
    CellKind kind = CellKind.of(layer.cell());
    boolean panels = n.panels();
    String s = n.stride();
    String g = n.gates();
    String record = CellKind.record(n);
    if (fields.stream().noneMatch(f -> f.name().equals(record))) // Bidirectional: one per size set
    fields.add(
          FieldSpec.builder(TypeName.INT, record, Modifier.STATIC, Modifier.FINAL)
              .addJavadoc(
                  "Floats $L's training step saves per sample and timestep.\n", layer.name())
              .initializer(kind.trainingRecord(n))
              .build());
    String name = layer.name();
    batchArray(
        n.field("TrainProjection"), "batch * TIMESTEPS * " + g, name + ": every sample's x·W + b.");
    for (String state : kind.states()) {
      batchArray(
          n.field("Train" + state), "batch * " + s, name + ": each sample's state " + state + ".");
      batchArray(
          n.field("TrainD" + state.toLowerCase()),
          "batch * " + s,
          name + ": the gradient of " + state + ".");
    }
    for (String scratch : kind.trainingStateScratch()) {
      batchArray(n.field(scratch), "batch * " + s, name + ": the step's per-sample scratch.");
    }
    batchArray(
        n.field("TrainGates"), "batch * " + kind.gateScratchSize(n), name + ": gate scratch.");
    batchArray(
        n.field("TrainSaved"), "TIMESTEPS * batch * " + record, name + ": what each step saved.");
    batchArray(
        n.field("TrainScratch"), kind.trainingScratch(n, "batch"), name + ": backward scratch.");
    batchArray(
        n.field("TrainDProjection"),
        "batch * TIMESTEPS * " + g,
        name + ": the projection's gradient.");
    gradient(n.kernel());
    gradient(n.recurrentKernel());
    if (panels) {
      // U is stored in panels for inference; training reads a row-major copy and packs its gradient
      for (String field :
          List.of(n.trainingRecurrentKernel(), n.trainingRecurrentKernelGradient())) {
        fields.add(
            FieldSpec.builder(float[].class, field, Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc(
                    "$L's recurrent kernel$L, row-major.\n",
                    name,
                    field.endsWith("Gradient") ? "'s gradient" : "")
                .initializer("new float[$N.length]", n.recurrentKernel())
                .build());
      }
      int blocks = kind.blocks();
      unpack.addStatement(
          "$T.unpack($N, $L, $L, $L, $N)",
          RuntimeTypes.RECURRENT_PANELS,
          n.recurrentKernel(),
          n.units(),
          blocks,
          s,
          n.trainingRecurrentKernel());
      zero.addStatement("$T.fill($N, 0f)", Arrays.class, n.trainingRecurrentKernelGradient());
      pack.addStatement(
          "$T.pack($N, $L, $L, $L, $N)",
          RuntimeTypes.RECURRENT_PANELS,
          n.trainingRecurrentKernelGradient(),
          n.units(),
          blocks,
          s,
          n.recurrentKernel() + "Gradient");
    }
    if (layer.useBias()) {
      gradient(n.bias());
    }
    boolean sequences = layer.returnSequences();
    boolean masked = layer.options().masked();
    boolean zeroMasked = masked && layer.options().zeroOutputForMask();
    if (masked) {
      for (String state : kind.states()) {
        batchArray(
            n.field("TrainPrevious" + state),
            "batch * " + s,
            name + ": state " + state + " before the step.");
      }
    }
    String out = sequences ? n.field("TrainOutput") : n.field("TrainH");
    String dOut = n.field("TrainDOutput");
    if (sequences) {
      batchArray(out, "batch * TIMESTEPS * " + s, name + ": every sample's output sequence.");
    }
    batchArray(
        dOut,
        (sequences ? "batch * TIMESTEPS * " : "batch * ") + s,
        name + ": the output's gradient.");

    forward.add(
        "// $L: x·W + b for the whole batch, then every timestep, the cells saving what BPTT needs.\n",
        n.fields());
    forward.addStatement(
        LayerEmitter.matmul(
            in.field(),
            in.stride(),
            "count * TIMESTEPS",
            in.width(),
            n.kernel(),
            g,
            layer.useBias() ? n.bias() : "null",
            n.field("TrainProjection")));
    for (String state : kind.states()) {
      forward.addStatement(
          "$T.fill($N, 0, count * $L, 0f)", Arrays.class, n.field("Train" + state), s);
    }
    // go_backwards: processing step `step` reads input timestep t; outputs go in processing order
    boolean backwards = layer.options().goBackwards();
    String row = backwards ? "step" : "t";
    if (backwards) {
      forward.beginControlFlow("for (int step = 0; step < TIMESTEPS; step++)");
      forward.addStatement("int t = TIMESTEPS - 1 - step");
    } else {
      forward.beginControlFlow("for (int t = 0; t < TIMESTEPS; t++)");
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
    forward.addStatement(kind.trainingForward(n));
    if (masked) {
      forward.add("// masked samples keep their states, as Keras\n");
      forward.beginControlFlow("for (int b = 0; b < count; b++)");
      forward.beginControlFlow("if (!$N[b * TIMESTEPS + t])", mask);
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
    if (sequences) {
      forward.beginControlFlow("for (int b = 0; b < count; b++)");
      if (zeroMasked) {
        forward.beginControlFlow("if (!$N[b * TIMESTEPS + t])", mask);
        forward.addStatement(
            "$T.fill($N, (b * TIMESTEPS + $L) * $L, (b * TIMESTEPS + $L + 1) * $L, 0f)",
            Arrays.class,
            out,
            row,
            s,
            row,
            s);
        forward.nextControlFlow("else");
      }
      forward.addStatement(
          "$T.arraycopy($N, b * $L, $N, (b * TIMESTEPS + $L) * $L, $L)",
          System.class,
          n.field("TrainH"),
          s,
          out,
          row,
          s,
          s);
      if (zeroMasked) {
        forward.endControlFlow();
      }
      forward.endControlFlow();
    }
    forward.endControlFlow();

    CodeBlock.Builder back = CodeBlock.builder();
    back.add(
        "// $L: BPTT from the last timestep to the first, then the projection's gradients.\n",
        n.fields());
    for (String state : kind.states()) {
      String d = n.field("TrainD" + state.toLowerCase());
      if (state.equals("H") && !sequences) {
        back.addStatement("$T.arraycopy($N, 0, $N, 0, count * $L)", System.class, dOut, d, s);
      } else {
        back.addStatement("$T.fill($N, 0, count * $L, 0f)", Arrays.class, d, s);
      }
    }
    if (backwards) {
      back.beginControlFlow("for (int step = TIMESTEPS - 1; step >= 0; step--)");
      back.addStatement("int t = TIMESTEPS - 1 - step");
    } else {
      back.beginControlFlow("for (int t = TIMESTEPS - 1; t >= 0; t--)");
    }
    if (sequences) {
      back.beginControlFlow("for (int b = 0; b < count; b++)");
      if (zeroMasked) { // a zeroed output is a constant: its gradient goes nowhere
        back.beginControlFlow("if (!$N[b * TIMESTEPS + t])", mask);
        back.addStatement("continue");
        back.endControlFlow();
      }
      back.beginControlFlow("for (int j = 0; j < $L; j++)", n.units());
      back.addStatement(
          "$N[b * $L + j] += $N[(b * TIMESTEPS + $L) * $L + j]",
          n.field("TrainDh"),
          s,
          dOut,
          row,
          s);
      back.endControlFlow();
      back.endControlFlow();
    }
    back.addStatement(kind.trainingBackward(n, masked ? mask : null));
    back.endControlFlow();
    projectionGradients(
        back,
        in,
        n.field("TrainDProjection"),
        g,
        n,
        layer.useBias(),
        "count * TIMESTEPS",
        inputGradient);
    backward.add(back.build());
    return new Flow(out, kind.hUnits(n), s, sequences, dOut);
  }

  /**
   * An {@code @RNN} of built-in cells ({@code cells}, or {@code numLayers}): each cell runs over
   * the sequence the previous one output, which computes what Keras' StackedRNNCells computes at
   * each timestep (a masked timestep carries every cell's states). Going backwards, the first cell
   * reads the input last timestep first and the later cells read its outputs in that processing
   * order; only the layer's own output follows {@code zeroOutputForMask}.
   */
  private Flow stack(CellSpec layer, Flow in) {
    Flow flowing = in;
    int last = layer.cells().size() - 1;
    // Going backwards, the later cells read the first one's outputs in processing order: their
    // timestep t is the input's TIMESTEPS - 1 - t, and so is its mask.
    String laterMask = "trainMask";
    if (layer.goBackwards() && layer.masked() && last > 0) {
      laterMask = Names.field(layer.name(), "TrainMaskReversed");
      fields.add(
          FieldSpec.builder(boolean[].class, laterMask, Modifier.PRIVATE)
              .addJavadoc("The batch's mask in $L's processing order.\n", layer.name())
              .initializer("new boolean[0]")
              .build());
      allocate.addStatement("$N = new boolean[batch * TIMESTEPS]", laterMask);
      forward.beginControlFlow("for (int b = 0; b < count; b++)");
      forward.beginControlFlow("for (int t = 0; t < TIMESTEPS; t++)");
      forward.addStatement(
          "$N[b * TIMESTEPS + t] = trainMask[b * TIMESTEPS + TIMESTEPS - 1 - t]", laterMask);
      forward.endControlFlow();
      forward.endControlFlow();
    }
    for (int k = 0; k <= last; k++) {
      if (!layer.cells().get(k).builtIn()) { // a custom cell trains through its backward step
        var run =
            customCells.emit(
                layer,
                k,
                flowing.field(),
                flowing.width(),
                flowing.stride(),
                flowing.gradient(),
                k == 0 ? "trainMask" : laterMask);
        flowing = new Flow(run.output(), run.width(), run.stride(), run.sequence(), run.gradient());
        continue;
      }
      Cell.BuiltIn cell = (Cell.BuiltIn) layer.cells().get(k).cell();
      String prefix = layer.stacked() ? Names.field(layer.name(), "Cell" + k) : layer.name();
      RecurrentOptions options =
          new RecurrentOptions(
              k < last || layer.returnSequences(),
              false,
              k == 0 && layer.goBackwards(),
              false,
              false,
              k == last && layer.zeroOutputForMask(),
              layer.masked());
      RecurrentSpec run = new RecurrentSpec(prefix, cell, options, layer.input(), layer.output());
      CellNames n = new CellNames(prefix, prefix); // stacked cells keep U row-major
      flowing =
          direction(
              run,
              n,
              flowing,
              flowing.gradient() != null ? "input" : null,
              k == 0 ? "trainMask" : laterMask);
    }
    return flowing;
  }

  /**
   * A Bidirectional layer: both directions over the batch (the backward one's outputs reversed back
   * to input order, as Keras), merged; backwards, the merged gradient split between the directions,
   * each direction's BPTT, and the input's gradient from both (the second added to the first).
   */
  private Flow bidirectional(BidirectionalSpec bi, Flow in, boolean inputGradient) {
    String name = bi.name();
    RecurrentSpec forwardSpec = bi.forward();
    RecurrentSpec backwardSpec = bi.backward();
    CellNames fn =
        new CellNames(
            forwardSpec.name(), Names.field(name, "Forward"), forwardSpec.cell().panels());
    CellNames bn =
        new CellNames(
            backwardSpec.name(), Names.field(name, "Backward"), backwardSpec.cell().panels());
    int before = backward.size();
    // backward blocks run in reverse: the merge's first, then the backward direction's (which sets
    // the input's gradient), then the forward direction's (which adds to it)
    Flow f = direction(forwardSpec, fn, in, inputGradient ? "addInput" : null);
    Flow b = direction(backwardSpec, bn, in, inputGradient ? "input" : null);
    boolean sequences = forwardSpec.returnSequences();
    String width = f.width();
    String stride = Names.constant(name, "OUTPUT_STRIDE");
    String out = Names.field(name, "TrainOutput");
    String dOut = Names.field(name, "TrainDOutput");
    String rows = sequences ? "count * TIMESTEPS" : "count";
    String batchRows = (sequences ? "batch * TIMESTEPS * " : "batch * ") + stride;
    batchArray(out, batchRows, name + ": the merged output rows.");
    batchArray(dOut, batchRows, name + ": the merged output's gradient.");
    String mode = bi.mergeMode().name().toLowerCase(java.util.Locale.ROOT);
    // sample b's row r: the forward row r, the backward direction's row of the same input timestep
    String backwardRow = sequences ? "b * TIMESTEPS + TIMESTEPS - 1 - t" : "b";
    forward.add("// $L: merge_mode=\"$L\", the backward rows in input order.\n", name, mode);
    forward.beginControlFlow("for (int b = 0; b < count; b++)");
    if (sequences) {
      forward.beginControlFlow("for (int t = 0; t < TIMESTEPS; t++)");
    }
    String r = sequences ? "b * TIMESTEPS + t" : "b";
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
      back.beginControlFlow("for (int t = 0; t < TIMESTEPS; t++)");
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
    backward.add(before + 2, back.build());
    String outWidth = bi.mergeMode() == BidirectionalSpec.MergeMode.CONCAT ? "2 * " + width : width;
    return new Flow(out, outWidth, stride, sequences, dOut);
  }

  /**
   * A first Embedding: rows of the table gathered per token; its gradient scattered back per token.
   */
  private Flow embedding(EmbeddingSpec layer) {
    String name = layer.name();
    String s = Names.constant(name, "STRIDE");
    String table = Names.field(name, "Embeddings");
    String out = Names.field(name, "TrainOutput");
    String dOut = Names.field(name, "TrainDOutput");
    String touched = Names.field(name, "TrainTouched");
    batchArray(out, "batch * TIMESTEPS * " + s, name + ": every token's row.");
    batchArray(dOut, "batch * TIMESTEPS * " + s, name + ": the rows' gradient.");
    fields.add(
        FieldSpec.builder(RuntimeTypes.TOUCHED_ROWS, touched, Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc("The table rows a batch's tokens touched.\n")
            .initializer("new $T($L)", RuntimeTypes.TOUCHED_ROWS, Names.constant(name, "INPUT_DIM"))
            .build());
    gradient(table);
    if (layer.maskZero()) {
      declareMask();
    }
    forward.add("// $L: each token's row of the table.\n", name);
    forward.addStatement(
        "$T.lookup(trainIds, count * TIMESTEPS, $N, $L, $N, 0)",
        RuntimeTypes.EMBEDDINGS,
        table,
        s,
        out);
    if (layer.maskZero()) {
      forward.addStatement(
          "$T.fromIds(trainIds, count * TIMESTEPS, trainMask)", RuntimeTypes.MASKS);
    }
    CodeBlock.Builder back = CodeBlock.builder();
    back.add(
        "// $L: each token's row gradient added to its table row (Keras applies the table's gradient whole).\n",
        name);
    back.addStatement("$N.clear()", touched);
    back.addStatement(
        "$T.accumulate(trainIds, 0, count * TIMESTEPS, $N, 0, $L, $L, $N, $L, $N)",
        RuntimeTypes.EMBEDDING_GRADIENTS,
        dOut,
        s,
        Names.constant(name, "OUTPUT_DIM"),
        table + "Gradient",
        s,
        touched);
    backward.add(back.build());
    return new Flow(out, Names.constant(name, "OUTPUT_DIM"), s, true, dOut);
  }

  /**
   * Dropout in training: each value kept with probability {@code 1 - rate} and scaled, drawn per
   * batch ({@code Dropouts}); evaluation passes the rows through.
   */
  private Flow dropout(DropoutSpec layer, Flow in) {
    String name = layer.name();
    String out = Names.field(name, "TrainOutput");
    String scales = Names.field(name, "TrainScales");
    String dOut = Names.field(name, "TrainDOutput");
    String rows = in.rows();
    String batchRows = (in.sequence() ? "batch * TIMESTEPS * " : "batch * ") + in.stride();
    batchArray(out, batchRows, name + ": the rows after dropout.");
    batchArray(scales, batchRows, name + ": the scales drawn for the batch (0 or 1 / (1 - rate)).");
    batchArray(dOut, batchRows, name + ": the output's gradient.");
    forward.add(
        "// $L: dropout while training (rate $L), the identity while evaluating.\n",
        name,
        layer.rate());
    forward.beginControlFlow("if (training)");
    forward.addStatement(
        "$T.forward($L, $N, $L, $L, $L, trainRandom, $N, $N)",
        RuntimeTypes.DROPOUTS,
        rows,
        in.field(),
        in.stride(),
        in.width(),
        layer.rate(),
        scales,
        out);
    forward.nextControlFlow("else");
    forward.addStatement(
        "$T.arraycopy($N, 0, $N, 0, $L * $L)", System.class, in.field(), out, rows, in.stride());
    forward.endControlFlow();
    if (in.gradient() != null) {
      backward.add(
          CodeBlock.builder()
              .add("// $L: the gradient through the kept values, scaled as they were.\n", name)
              .addStatement(
                  "$T.backward($L, $N, $N, $L, $L, $N)",
                  RuntimeTypes.DROPOUTS,
                  rows,
                  dOut,
                  scales,
                  in.stride(),
                  in.width(),
                  in.gradient())
              .build());
    }
    usesRandom = true;
    // below the first learning layer nothing needs the gradient
    return new Flow(
        out, in.width(), in.stride(), in.sequence(), in.gradient() == null ? null : dOut);
  }

  /**
   * The batch's mask, {@code trainMask[b·TIMESTEPS + t]}: whether sample b's timestep t is real.
   */
  private void declareMask() {
    if (!maskDeclared) {
      fields.add(
          FieldSpec.builder(boolean[].class, "trainMask", Modifier.PRIVATE)
              .addJavadoc("Whether sample b's timestep t is real, at {@code b·TIMESTEPS + t}.\n")
              .initializer("new boolean[0]")
              .build());
      allocate.addStatement("trainMask = new boolean[batch * TIMESTEPS]");
      maskDeclared = true;
    }
  }

  /**
   * Masking (the first layer): the mask from the input's values, masked timesteps zeroed in place.
   */
  private Flow masking(MaskingSpec layer, Flow in) {
    declareMask();
    forward.add("// $L: the batch's mask; masked timesteps zeroed.\n", layer.name());
    forward.addStatement(
        "$T.fromValue($N, count * TIMESTEPS, $L, $L, $Lf, trainMask, $N)",
        RuntimeTypes.MASKS,
        in.field(),
        in.width(),
        in.stride(),
        (float) layer.maskValue(),
        in.field());
    return in;
  }

  private Flow dense(DenseSpec layer, Flow in, boolean inputGradient, boolean last) {
    String name = layer.name();
    CellNames n = new CellNames(name, name);
    String s = n.stride();
    String rows = in.rows();
    String batchRows = in.sequence() ? "batch * TIMESTEPS * " : "batch * ";
    String out = n.field("TrainOutput");
    String pre = n.field("TrainPreActivation");
    String dOut = n.field("TrainDOutput");
    ActivationName activation = layer.activation();
    boolean activated = activation != ActivationName.LINEAR;
    batchArray(out, batchRows + s, name + ": the output rows.");
    if (activated) {
      batchArray(pre, batchRows + s, name + ": the rows before the activation.");
    }
    batchArray(dOut, batchRows + s, name + ": the output's gradient.");
    gradient(n.kernel());
    if (layer.useBias()) {
      gradient(n.bias());
    }
    forward.add("// $L: one product over the batch's rows.\n", name);
    forward.addStatement(
        LayerEmitter.matmul(
            in.field(),
            in.stride(),
            rows,
            in.width(),
            n.kernel(),
            s,
            layer.useBias() ? n.bias() : "null",
            out));
    if (activated) {
      forward.addStatement("$T.arraycopy($N, 0, $N, 0, $L * $L)", System.class, out, pre, rows, s);
    }
    forward.add(LayerEmitter.activateRows(activation, out, rows, s, n.units()));
    boolean fromLogits =
        last
            && training.crossEntropy()
            && (activation == ActivationName.SIGMOID
                    && training.loss().equals("binary_crossentropy")
                || activation == ActivationName.SOFTMAX
                    && !training.loss().equals("binary_crossentropy"));
    if (fromLogits) {
      logits = pre;
    }

    CodeBlock.Builder back = CodeBlock.builder();
    back.add(
        activated
            ? "// $L: the activation's gradient, then the product's.\n"
            : "// $L: the product's gradients.\n",
        name);
    if (fromLogits) {
      back.add("// (the loss's gradient is already the logits', as Keras computes it from them)\n");
    } else if (activation == ActivationName.SOFTMAX) {
      back.addStatement(
          "$T.softmax($L, $N, 0, $L, $N, 0, $L, $L)",
          RuntimeTypes.DENSE_GRADIENTS,
          rows,
          dOut,
          s,
          out,
          s,
          n.units());
    } else if (activated) {
      back.addStatement(
          "$T.activation($L, $N, 0, $L, $N, 0, $L,$W$N, 0, $L, $L, $L)",
          RuntimeTypes.DENSE_GRADIENTS,
          rows,
          dOut,
          s,
          out,
          s,
          pre,
          s,
          n.units(),
          CellKind.activation(activation));
    }
    projectionGradients(
        back, in, dOut, s, n, layer.useBias(), rows, inputGradient ? "input" : null);
    backward.add(back.build());
    return new Flow(out, n.units(), s, in.sequence(), dOut);
  }

  /** {@code dW += xᵀ·dY}, {@code db += Σ dY} and, when a layer below learns, {@code dx = dY·Wᵀ}. */
  private static void projectionGradients(
      CodeBlock.Builder back,
      Flow in,
      String dProjection,
      String width,
      CellNames n,
      boolean bias,
      String rows,
      String inputGradient) {
    back.addStatement(
        "$T.kernel($L, $N, 0, $L, $L, $N, 0, $L, $L, $N)",
        RuntimeTypes.PROJECTION_GRADIENTS,
        rows,
        in.field(),
        in.stride(),
        in.width(),
        dProjection,
        width,
        width,
        n.kernel() + "Gradient");
    if (bias) {
      back.addStatement(
          "$T.bias($L, $N, 0, $L, $L, $N, 0)",
          RuntimeTypes.PROJECTION_GRADIENTS,
          rows,
          dProjection,
          width,
          width,
          n.bias() + "Gradient");
    }
    if (inputGradient != null) { // input: dx = dY·Wᵀ; addInput: dx += dY·Wᵀ (a second reader of x)
      back.addStatement(
          "$T.$L($L, $N, 0, $L, $L, $N, $L, $N, 0, $L)",
          RuntimeTypes.PROJECTION_GRADIENTS,
          inputGradient,
          rows,
          dProjection,
          width,
          width,
          n.kernel(),
          in.width(),
          in.gradient(),
          in.stride());
    }
  }

  private MethodSpec trainStep() {
    TypeName targets = targetType();
    MethodSpec.Builder method =
        MethodSpec.methodBuilder("trainStep")
            .addModifiers(Modifier.PRIVATE)
            .addJavadoc(
                "One batch, samples {@code order[from] .. order[from + count - 1]}: forwards, the loss,\n"
                    + "and with {@code training} backwards and one optimizer step (skipped when the\n"
                    + "loss is not finite, so the weights stay those of the last finite batch).\n")
            .returns(TypeName.DOUBLE)
            .addParameter(inputType(), "x")
            .addParameter(targets, "y")
            .addParameter(int[].class, "order")
            .addParameter(TypeName.INT, "from")
            .addParameter(TypeName.INT, "count")
            .addParameter(float[].class, "sampleWeights")
            .addParameter(TypeName.BOOLEAN, "training");
    method.addStatement("ensureTraining(count)");
    method.addCode(unpack.build());
    method.beginControlFlow("for (int b = 0; b < count; b++)");
    if (tokens) {
      method.addStatement(
          "$T.arraycopy(x[order[from + b]], 0, trainIds, b * TIMESTEPS, TIMESTEPS)", System.class);
    } else {
      method.addStatement(
          "$T.packSequence(x[order[from + b]], TIMESTEPS, FEATURES, trainInput, b * TIMESTEPS * FEATURES)",
          RuntimeTypes.INPUTS);
    }
    method.endControlFlow();
    method.addStatement("trainingOutput.gather(y, order, from, count, sampleWeights)");
    method.addCode(forward.build());
    method.addStatement(
        "double loss = trainingOutput.compute(count, $N, $L, $L, training)",
        output.field(),
        logits == null ? "null" : logits,
        outputMasked ? "trainMask" : "null");
    method.beginControlFlow("if (!training || !$T.isFinite(loss))", Double.class);
    method.addStatement("return loss");
    method.endControlFlow();
    method.addStatement(
        "$T.arraycopy(trainingOutput.gradient(), 0, $N, 0, $L * $L)",
        System.class,
        output.gradient(),
        output.rows(),
        output.stride());
    method.beginControlFlow("for (float[] gradient : trainGradients)");
    method.addStatement("$T.fill(gradient, 0f)", Arrays.class);
    method.endControlFlow();
    method.addCode(zero.build());
    for (int i = backward.size() - 1; i >= 0; i--) {
      method.addCode(backward.get(i));
    }
    method.addCode(pack.build());
    method.addStatement("optimizer.apply(trainParameters, trainGradients)");
    method.addStatement("return loss");
    return method.build();
  }

  /** x's type: float sequences, or token ids. */
  private TypeName inputType() {
    return tokens
        ? ArrayTypeName.of(int[].class)
        : ArrayTypeName.of(ArrayTypeName.of(float[].class));
  }

  /** y's type: class labels, or one target row (a sequence of rows) per sample. */
  private TypeName targetType() {
    if (training.sparse()) {
      return TypeName.get(int[].class);
    }
    return output.sequence()
        ? ArrayTypeName.of(ArrayTypeName.of(float[].class))
        : ArrayTypeName.of(float[].class);
  }

  private MethodSpec ensureTraining() {
    return MethodSpec.methodBuilder("ensureTraining")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Grows the training buffers to hold {@code batch} samples.\n")
        .addParameter(TypeName.INT, "batch")
        .beginControlFlow("if (batch <= trainBatch)")
        .addStatement("return")
        .endControlFlow()
        .addCode(allocate.build())
        .addStatement("trainBatch = batch")
        .build();
  }

  private MethodSpec trainableState() {
    return MethodSpec.methodBuilder("trainableState")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("The weights training changes, for callbacks that keep or restore them.\n")
        .returns(RuntimeTypes.TRAINABLE_STATE)
        .addStatement("return $T.of(trainParameters)", RuntimeTypes.TRAINABLE_STATE)
        .build();
  }

  /** The parameter and gradient arrays, in the same order, for the optimizer. */
  List<FieldSpec> parameterFields() {
    return List.of(
        FieldSpec.builder(float[][].class, "trainParameters", Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc("The trained weights, in the order of {@code trainGradients}.\n")
            .initializer(customCells.optimizerArrays("parameters", parameters))
            .build(),
        FieldSpec.builder(float[][].class, "trainGradients", Modifier.PRIVATE, Modifier.FINAL)
            .initializer(customCells.optimizerArrays("gradients", gradients))
            .build());
  }

  /** A {@code fit} or {@code evaluate} call method. */
  MethodSpec emit(CallSpec call) {
    List<String> p = call.parameters();
    TypeName targets = targetType();
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(call.name())
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .addParameter(inputType(), p.get(0))
            .addParameter(targets, p.get(1));
    if (tokens) {
      method.addStatement(
          "$T.checkTokenBatch($N, $S, TIMESTEPS, $L)",
          RuntimeTypes.INPUTS,
          p.get(0),
          p.get(0),
          Names.constant(model.layers().getFirst().name(), "INPUT_DIM"));
    } else {
      method.addStatement(
          "$T.checkSequences($N, $S, TIMESTEPS, FEATURES)",
          RuntimeTypes.INPUTS,
          p.get(0),
          p.get(0));
    }
    method.addStatement("trainingOutput.check($N.length, $N)", p.get(0), p.get(1));
    method.addStatement(
        "$T data = $T.of($N.length, (order, from, count, weights, training) ->$W trainStep($N, $N, order, from,"
            + " count, weights, training))",
        RuntimeTypes.TRAINING_DATA,
        RuntimeTypes.TRAINING_DATA,
        p.get(0),
        p.get(0),
        p.get(1));
    method.addStatement(
        "$T loop = new $T(optimizer, trainingOutput.metrics(), trainableState())",
        RuntimeTypes.FIT_LOOP,
        RuntimeTypes.FIT_LOOP);
    if (call.form() == CallSpec.Form.FIT) {
      method
          .addJavadoc(
              "Keras' {@code fit}: trains on {@code $L} against {@code $L}.\n", p.get(0), p.get(1))
          .returns(RuntimeTypes.HISTORY)
          .addParameter(RuntimeTypes.FIT_OPTIONS, p.get(2))
          .addStatement("return loop.fit(data, $N)", p.get(2));
    } else {
      method
          .addJavadoc("Keras' {@code evaluate}: the loss and metrics on {@code $L}.\n", p.get(0))
          .returns(RuntimeTypes.LOGS)
          .addStatement(
              "return loop.evaluate(data, new $T().verbose(0))", RuntimeTypes.FIT_OPTIONS);
    }
    return method.build();
  }
}
