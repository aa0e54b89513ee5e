package dev.rnnc.processor.generate;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import dev.rnnc.processor.spec.ActivationName;
import dev.rnnc.processor.spec.DenseSpec;
import dev.rnnc.processor.spec.DropoutSpec;
import dev.rnnc.processor.spec.EmbeddingSpec;
import dev.rnnc.processor.spec.MaskingSpec;
import dev.rnnc.processor.spec.TrainingSpec;
import javax.lang.model.element.Modifier;

/**
 * The training step of the layers around the recurrent ones (Embedding, Masking, Dropout, Dense):
 * forward statements over the batch's rows, a backward block (projections' gradients as matrix
 * products over the rows) and buffers, added to {@link TrainingParts}. Recurrent layers are {@link
 * TrainingRecurrent}'s.
 *
 * <p>A layer writes its input's gradient with {@code inputGradient}: {@code input} sets it (the
 * first writer in backward order), {@code addInput} adds to it (a later reader of the same rows),
 * null when nothing below learns.
 */
final class TrainingLayers {
  private final TrainingParts p;

  /**
   * Per output Dense layer (by name) whose loss is computed from its logits, its pre-activation
   * rows.
   */
  final java.util.Map<String, String> logits = new java.util.HashMap<>();

  /**
   * Per output Dense layer (by name) whose loss is computed from its logits while other layers read
   * its activated rows, the buffer of the loss's gradient (the logits'), kept apart from the
   * readers' (the activated rows') until the activation's gradient has turned theirs into the
   * logits'.
   */
  final java.util.Map<String, String> logitsGradients = new java.util.HashMap<>();

  TrainingLayers(TrainingParts parts) {
    this.p = parts;
  }

  /**
   * An Embedding on a token input read from {@code ids}: rows of the table gathered per token; its
   * gradient scattered back per token. With {@code maskZero} it writes the batch's mask into {@code
   * mask}; else the ids' mask, if any (a call's {@code @Packed} lengths), flows on. With {@code
   * distinct} (its one reader a recurrent layer's projection, {@code
   * TrainingEmitter.projectsDistinctTokens}) the rows are one per distinct token of the batch, and
   * so is their gradient.
   */
  TrainingFlow embedding(EmbeddingSpec layer, TrainingFlow in, String mask, boolean distinct) {
    String ids = in.field();
    String timesteps = in.timesteps();
    String name = layer.name();
    String s = Names.constant(name, "STRIDE");
    String table = Names.field(name, "Embeddings");
    String out = Names.field(name, "TrainOutput");
    String dOut = Names.field(name, "TrainDOutput");
    String touched = Names.field(name, "TrainTouched");
    String vocabulary = Names.constant(name, "INPUT_DIM");
    // one row per position, or per distinct token: never more than the vocabulary
    String rows =
        distinct
            ? "Math.min(batch * " + timesteps + ", " + vocabulary + ")"
            : "batch * " + timesteps;
    p.batchArray(
        out,
        rows + " * " + s,
        name + (distinct ? ": each distinct token's row." : ": every token's row."));
    p.batchArray(dOut, rows + " * " + s, name + ": the rows' gradient.");
    p.fields.add(
        FieldSpec.builder(RuntimeTypes.TOUCHED_ROWS, touched, Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc("The table rows a batch's tokens touched.\n")
            .initializer("new $T($L)", RuntimeTypes.TOUCHED_ROWS, Names.constant(name, "INPUT_DIM"))
            .build());
    p.gradient(table);
    if (layer.maskZero()) {
      declareMask(mask, timesteps);
    }
    String tokens = Names.field(name, "TrainTokens");
    String first = Names.field(name, "First");
    String part = Names.field(name, "PartRows");
    // the rows looked up, and later given their gradient: every position's, or each distinct id's
    String rowIds = distinct ? tokens + ".ids()" : ids;
    String rowCount = distinct ? tokens + ".count()" : "count * " + timesteps;
    if (distinct) {
      p.fields.add(
          FieldSpec.builder(RuntimeTypes.DISTINCT_TOKENS, tokens, Modifier.PRIVATE, Modifier.FINAL)
              .addJavadoc("The batch's distinct tokens, and each position's among them.\n")
              .initializer("new $T($L)", RuntimeTypes.DISTINCT_TOKENS, vocabulary)
              .build());
      p.forward.add(
          "// $L: the row of the table of each distinct token of the batch (the reader projects"
              + " each once);\n// a step split across threads did this for the whole batch"
              + " (shardedForward)\n",
          name);
      p.forward.beginControlFlow("if (trainTokensWhole == null)");
      p.forward.addStatement("$N.index($N, count, $L)", tokens, ids, timesteps);
      splitTokens(name, tokens, ids, timesteps, first, part);
    } else {
      p.forward.add("// $L: each token's row of the table.\n", name);
    }
    p.forward.addStatement(
        "$T.lookup($L, $L, $N, $L, $N, 0)",
        RuntimeTypes.EMBEDDINGS,
        rowIds,
        rowCount,
        table,
        s,
        out);
    if (distinct) {
      p.forward.endControlFlow();
    }
    if (layer.maskZero()) {
      p.forward.addStatement(
          "$T.fromIds($N, count * $L, $N)", RuntimeTypes.MASKS, ids, timesteps, mask);
    }
    CodeBlock.Builder back = CodeBlock.builder();
    back.add(
        "// $L: each token's row gradient added to its table row (Keras applies the table's gradient whole).\n",
        name);
    if (distinct) {
      back.add("// (a step split across threads adds them in shardTokenGradients)\n");
      back.beginControlFlow("if (trainTokensWhole == null)");
    }
    tableGradient(back, name, rowIds, "0", rowCount, "");
    if (distinct) {
      back.endControlFlow();
    }
    p.backward.add(back.build());
    return new TrainingFlow(
        out,
        Names.constant(name, "OUTPUT_DIM"),
        s,
        true,
        dOut,
        timesteps,
        layer.maskZero() ? mask : in.mask(),
        distinct ? new TrainingFlow.Tokens(tokens, vocabulary, first, part) : null);
  }

  /**
   * Dropout in training: each value kept with probability {@code 1 - rate} and scaled, drawn per
   * batch ({@code Dropouts}); evaluation passes the rows through.
   */
  TrainingFlow dropout(DropoutSpec layer, TrainingFlow in, String inputGradient) {
    String name = layer.name();
    String out = Names.field(name, "TrainOutput");
    String scales = Names.field(name, "TrainScales");
    String dOut = Names.field(name, "TrainDOutput");
    String rows = in.rows();
    String batchRows = in.batchSize(in.stride());
    p.batchArray(out, batchRows, name + ": the rows after dropout.");
    p.batchArray(
        scales, batchRows, name + ": the scales drawn for the batch (0 or 1 / (1 - rate)).");
    p.batchArray(dOut, batchRows, name + ": the output's gradient.");
    CodeBlock.Builder forward = p.forward;
    forward.add(
        "// $L: dropout while training (rate $L), the identity while evaluating.\n",
        name,
        layer.rate());
    forward.beginControlFlow("if (training)");
    p.draw(
        forward,
        in.sequence() ? in.timesteps() + " * " + in.width() : in.width(),
        CodeBlock.of(
            "$T.forward($L, $N, $L, $L, $L, trainRandom, $N, $N)",
            RuntimeTypes.DROPOUTS,
            rows,
            in.field(),
            in.stride(),
            in.width(),
            layer.rate(),
            scales,
            out));
    forward.nextControlFlow("else");
    forward.addStatement(
        "$T.arraycopy($N, 0, $N, 0, $L * $L)", System.class, in.field(), out, rows, in.stride());
    forward.endControlFlow();
    if (in.gradient() != null) {
      p.backward.add(
          CodeBlock.builder()
              .add("// $L: the gradient through the kept values, scaled as they were.\n", name)
              .addStatement(
                  "$T.$L($L, $N, $N, $L, $L, $N)",
                  RuntimeTypes.DROPOUTS,
                  "addInput".equals(inputGradient) ? "addBackward" : "backward",
                  rows,
                  dOut,
                  scales,
                  in.stride(),
                  in.width(),
                  in.gradient())
              .build());
    }
    // below the first learning layer nothing needs the gradient
    return new TrainingFlow(
        out,
        in.width(),
        in.stride(),
        in.sequence(),
        in.gradient() == null ? null : dOut,
        in.timesteps(),
        in.mask());
  }

  /**
   * Declares the mask buffer {@code mask[b·timesteps + t]}: whether sample b's timestep t is real.
   */
  private void declareMask(String mask, String timesteps) {
    if (!p.declared(mask)) {
      p.maskArray(
          mask,
          "batch * " + timesteps,
          "Whether sample b's timestep t is real, at {@code b·" + timesteps + " + t}.");
    }
  }

  /**
   * Masking: the mask from its input's values into {@code mask}, masked timesteps zeroed, in place
   * ({@code out} null: a model input nothing else reads) or into {@code out}; backwards (after
   * another layer, when something below learns) the gradient of the real timesteps' rows, written
   * with {@code inputGradient}.
   */
  TrainingFlow masking(
      MaskingSpec layer, TrainingFlow in, String mask, String out, String inputGradient) {
    declareMask(mask, in.timesteps());
    String target = out == null ? in.field() : out;
    if (out != null) {
      p.batchArray(out, in.batchSize(in.stride()), layer.name() + ": the masked rows.");
    }
    p.forward.add("// $L: the batch's mask; masked timesteps zeroed.\n", layer.name());
    p.forward.addStatement(
        "$T.fromValue($N, count * $L, $L, $L, $Lf, $N, $N)",
        RuntimeTypes.MASKS,
        in.field(),
        in.timesteps(),
        in.width(),
        in.stride(),
        (float) layer.maskValue(),
        mask,
        target);
    if (out == null || in.gradient() == null) { // nothing below learns
      return new TrainingFlow(
          target, in.width(), in.stride(), in.sequence(), in.gradient(), in.timesteps(), mask);
    }
    String dOut = Names.field(layer.name(), "TrainDOutput");
    p.batchArray(dOut, in.batchSize(in.stride()), layer.name() + ": the output's gradient.");
    if (inputGradient != null) {
      p.backward.add(
          CodeBlock.builder()
              .add(
                  "// $L: the gradient of the real timesteps (Keras multiplies by the mask).\n",
                  layer.name())
              .addStatement(
                  "$T.$L(count * $L, $N, $N, $L, $L, $N)",
                  RuntimeTypes.MASKS,
                  "addInput".equals(inputGradient) ? "addBackward" : "backward",
                  in.timesteps(),
                  mask,
                  dOut,
                  in.stride(),
                  in.width(),
                  in.gradient())
              .build());
    }
    return new TrainingFlow(
        target, in.width(), in.stride(), in.sequence(), dOut, in.timesteps(), mask);
  }

  /**
   * A Dense layer; {@code outputLoss} is the loss of the model output it is, or null when it is
   * none; {@code read} whether other layers read its output too.
   */
  TrainingFlow dense(
      DenseSpec layer, TrainingFlow in, String inputGradient, String outputLoss, boolean read) {
    String name = layer.name();
    CellNames n = new CellNames(name, name);
    String s = n.stride();
    String rows = in.rows();
    String out = n.field("TrainOutput");
    String pre = n.field("TrainPreActivation");
    String dOut = n.field("TrainDOutput");
    ActivationName activation = layer.activation();
    boolean activated = activation != ActivationName.LINEAR;
    p.batchArray(out, in.batchSize(s), name + ": the output rows.");
    if (activated) {
      p.batchArray(pre, in.batchSize(s), name + ": the rows before the activation.");
    }
    p.batchArray(dOut, in.batchSize(s), name + ": the output's gradient.");
    p.gradient(n.kernel());
    if (layer.useBias()) {
      p.gradient(n.bias());
    }
    p.forward.add("// $L: one product over the batch's rows.\n", name);
    p.forward.addStatement(
        LayerEmitter.denseProduct(
            layer,
            in.field(),
            in.stride(),
            rows,
            in.width(),
            s,
            layer.useBias() ? n.bias() : "null",
            out));
    if (activated) {
      p.forward.addStatement(
          "$T.arraycopy($N, 0, $N, 0, $L * $L)", System.class, out, pre, rows, s);
    }
    p.forward.add(LayerEmitter.activateRows(activation, out, rows, s, n.units(), true));
    boolean fromLogits =
        outputLoss != null
            && TrainingSpec.crossEntropy(outputLoss)
            && (activation == ActivationName.SIGMOID && outputLoss.equals("binary_crossentropy")
                || activation == ActivationName.SOFTMAX
                    && !outputLoss.equals("binary_crossentropy"));
    if (fromLogits) {
      logits.put(name, pre);
    }
    String dLogits = fromLogits && read ? n.field("TrainDLogits") : null;
    if (dLogits != null) {
      p.batchArray(dLogits, in.batchSize(s), name + ": the loss's gradient (the logits').");
      logitsGradients.put(name, dLogits);
    }

    CodeBlock.Builder back = CodeBlock.builder();
    back.add(
        activated
            ? "// $L: the activation's gradient, then the product's.\n"
            : "// $L: the product's gradients.\n",
        name);
    if (fromLogits && dLogits == null) {
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
    if (dLogits != null) {
      back.add("// plus the loss's gradient, the logits' (Keras computes the loss from them)\n");
      back.addStatement(
          "$T.add($N, 0, $N, 0, $N, 0, $L * $L)",
          RuntimeTypes.KERNELS,
          dOut,
          dLogits,
          dOut,
          rows,
          s);
    }
    projectionGradients(back, in, dOut, s, n, layer.useBias(), rows, inputGradient);
    p.backward.add(back.build());
    return new TrainingFlow(out, n.units(), s, in.sequence(), dOut, in.timesteps(), in.mask());
  }

  /**
   * A step split across threads and a distinct-token Embedding ({@link TrainingParts#splitIndex}):
   * the whole batch indexed once, each part of its distinct rows looked up on its own thread, every
   * shard pointed at the index, and after the backward passes each part's rows' gradients added to
   * the table's gradient of the part's model.
   */
  private void splitTokens(
      String name, String tokens, String ids, String timesteps, String first, String part) {
    String s = Names.constant(name, "STRIDE");
    p.splitIndex.addStatement("$N.index($N, count, $L)", tokens, ids, timesteps);
    p.splitProject.addStatement(
        "int $L = $T.start(part, shardTotal, $N.count())", first, RuntimeTypes.SHARD_POOL, tokens);
    p.splitProject.addStatement(
        "int $L = $T.start(part + 1, shardTotal, $N.count()) - $L",
        part,
        RuntimeTypes.SHARD_POOL,
        tokens,
        first);
    p.splitProject.addStatement(
        "$T.lookup($N.ids(), $L, $L, $N, $L, $N, $L * $L)",
        RuntimeTypes.EMBEDDINGS,
        tokens,
        first,
        part,
        Names.field(name, "Embeddings"),
        s,
        Names.field(name, "TrainOutput"),
        first,
        s);
    p.splitShard.addStatement("shard.$N.useIndexOf($N, start * $L)", tokens, tokens, timesteps);
    tableGradient(p.splitTables, name, tokens + ".ids()", first, part, "into.");
  }

  /**
   * The Embedding's table gradient: the gradient rows of {@code rows} ids of {@code rowIds} from
   * row {@code first} on added to their table rows, into the arrays of model {@code into} ({@code
   * ""}: this model's; {@code "into."}: a split step's part's model, {@code shardTokenGradients}).
   */
  private static void tableGradient(
      CodeBlock.Builder code, String name, String rowIds, String first, String rows, String into) {
    String s = Names.constant(name, "STRIDE");
    String touched = Names.field(name, "TrainTouched");
    code.addStatement("$L$N.clear()", into, touched);
    code.addStatement(
        "$T.accumulate($L, $L, $L, $N, $L, $L, $L, $L$N, $L, $L$N)",
        RuntimeTypes.EMBEDDING_GRADIENTS,
        rowIds,
        first,
        rows,
        Names.field(name, "TrainDOutput"),
        first.equals("0") ? "0" : first + " * " + s,
        s,
        Names.constant(name, "OUTPUT_DIM"),
        into,
        Names.field(name, "Embeddings") + "Gradient",
        s,
        into,
        touched);
  }

  /**
   * {@code dW += xᵀ·dY}, {@code db += Σ dY} and, when a layer below learns, {@code dx = dY·Wᵀ}
   * ({@code input}) or {@code dx += dY·Wᵀ} ({@code addInput}).
   */
  static void projectionGradients(
      CodeBlock.Builder back,
      TrainingFlow in,
      String dProjection,
      String width,
      CellNames n,
      boolean bias,
      String rows,
      String inputGradient) {
    projectionGradients(back, in, dProjection, width, n, bias, rows, inputGradient, null, "");
  }

  /**
   * {@link #projectionGradients(CodeBlock.Builder, TrainingFlow, String, String, CellNames,
   * boolean, String, String)} over {@code rows} rows from row {@code first} (null: from row 0),
   * into the gradient arrays of {@code into} ({@code ""}: this model's; {@code "into."}: a split
   * step's part's model, {@code shardTokenGradients}).
   */
  static void projectionGradients(
      CodeBlock.Builder back,
      TrainingFlow in,
      String dProjection,
      String width,
      CellNames n,
      boolean bias,
      String rows,
      String inputGradient,
      String first,
      String into) {
    String xOffset = first == null ? "0" : first + " * " + in.stride();
    String dOffset = first == null ? "0" : first + " * " + width;
    back.addStatement(
        "$T.kernel($L, $N, $L, $L, $L, $N, $L, $L, $L, $L$N)",
        RuntimeTypes.PROJECTION_GRADIENTS,
        rows,
        in.field(),
        xOffset,
        in.stride(),
        in.width(),
        dProjection,
        dOffset,
        width,
        width,
        into,
        n.kernel() + "Gradient");
    if (bias) {
      back.addStatement(
          "$T.bias($L, $N, $L, $L, $L, $L$N, 0)",
          RuntimeTypes.PROJECTION_GRADIENTS,
          rows,
          dProjection,
          dOffset,
          width,
          width,
          into,
          n.bias() + "Gradient");
    }
    if (inputGradient != null && in.gradient() != null) {
      back.addStatement(
          "$T.$L($L, $N, $L, $L, $L, $N, $L, $N, $L, $L)",
          RuntimeTypes.PROJECTION_GRADIENTS,
          inputGradient,
          rows,
          dProjection,
          dOffset,
          width,
          width,
          n.kernel(),
          in.width(),
          in.gradient(),
          xOffset,
          in.stride());
    }
  }
}
