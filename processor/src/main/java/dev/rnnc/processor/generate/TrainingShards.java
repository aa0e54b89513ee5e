package dev.rnnc.processor.generate;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;
import javax.lang.model.element.Modifier;

/**
 * Emits a training step split across threads ({@code FitOptions.threads}): the batch is cut into
 * fixed shards of consecutive samples ({@code ShardPool.start}), shard 0 runs on the model itself
 * and shard {@code s} on a copy of the model ({@code trainShards[s - 1]}, its own buffers and
 * gradients) that takes the model's weights before each step. Each shard's {@code trainForward}
 * runs on its own thread; the model gathers the shards' output rows and computes the loss over the
 * whole batch, as one thread would; it hands each shard its rows of the loss's gradient, each
 * shard's {@code trainBackward} runs on its own thread, and the model adds the shards' gradients to
 * its own in shard order, so that the sum, and so the weights, do not depend on scheduling. The sum
 * itself splits across the pool by index ranges of the gradient arrays ({@code shardSum}), each
 * element adding the shards in shard order, as the optimizer's step splits its elementwise update.
 *
 * <p>Every training model splits. A shard's forward pass knows where its samples sit in the whole
 * batch ({@code trainShardStart}, {@code trainBatchSamples}): Dropout's and the recurrent dropout
 * masks' draws skip the other shards' samples ({@code TrainingParts.draw}), each copy's random
 * starting where the model's stands, so every shard draws what one thread would draw for its
 * samples; stateful layers' shards read and write their rows of the whole batch's carried states,
 * the model's arrays. A model with custom cells gives each copy cells of its own (their backward
 * steps write their gradients and scratch), which {@code copyWeights} updates before each step.
 *
 * <p>A distinct-token Embedding ({@link TrainingParts#splitIndex}) is indexed once for the whole
 * batch: the model indexes every shard's tokens before the shards run, the pool looks up and
 * projects the distinct rows a part each ({@code shardTokenProjection}), every shard reads that
 * projection ({@code trainTokensWhole}), and after the backward passes the pool adds the shards'
 * per-token sums up a part of the rows each, in shard order, and takes those rows' gradients into
 * the part's model ({@code shardTokenGradients}) before the shards' gradients are summed.
 */
final class TrainingShards {
  private static final ClassName SHARD_POOL = ClassName.get("dev.rnnc.runtime.train", "ShardPool");
  private static final ClassName SHARDED_STEP =
      ClassName.get("dev.rnnc.runtime.train", "ShardedStep");

  private final ClassName self;
  private final List<TypeName> inputTypes;
  private final List<String> inputs;
  private final List<TrainingFlow> outputs;
  private final List<String> logits;
  private final TrainingParts parts;
  private final boolean ownCells;
  private final CodeBlock packTokens;

  /**
   * @param self the generated model class
   * @param inputTypes the type of each input's batch
   * @param inputs the name of each input's parameter in {@code trainStep}
   * @param outputs the rows the loss reads, per output
   * @param logits per output, its rows before its activation when the loss reads those, or null
   * @param parts the training step's parts: whether it draws random numbers, its carried states
   * @param ownCells whether the model trains custom cells, which a shard's copy needs of its own
   *     (their backward steps write their gradients and scratch arrays)
   * @param packTokens packs sample {@code order[from + b]} of every token input into this model's
   *     buffers (for the whole batch's distinct tokens, {@link TrainingParts#splitIndex})
   */
  TrainingShards(
      ClassName self,
      List<TypeName> inputTypes,
      List<String> inputs,
      List<TrainingFlow> outputs,
      List<String> logits,
      TrainingParts parts,
      boolean ownCells,
      CodeBlock packTokens) {
    this.self = self;
    this.inputTypes = inputTypes;
    this.inputs = inputs;
    this.outputs = outputs;
    this.logits = logits;
    this.parts = parts;
    this.ownCells = ownCells;
    this.packTokens = packTokens;
  }

  private static String field(String input) {
    return "shard" + Character.toUpperCase(input.charAt(0)) + input.substring(1);
  }

  List<FieldSpec> fields() {
    List<FieldSpec> all = new ArrayList<>();
    all.add(
        FieldSpec.builder(SHARD_POOL, "trainPool", Modifier.PRIVATE)
            .addJavadoc(
                "The threads of the running fit's {@code threads} option; null: the step runs on"
                    + " this thread.\n")
            .build());
    all.add(
        FieldSpec.builder(ArrayTypeName.of(self), "trainShards", Modifier.PRIVATE)
            .addJavadoc(
                "Copies of this model that run shards 1, 2, ... of a batch split across threads"
                    + " (shard 0 is\nthis model); made by the first such step.\n")
            .initializer("new $T[0]", self)
            .build());
    all.add(
        FieldSpec.builder(float[][][].class, "shardGradients", Modifier.PRIVATE)
            .addJavadoc("The gradients of {@code trainShards}, in shard order.\n")
            .initializer("new float[0][][]")
            .build());
    for (int i = 0; i < inputs.size(); i++) {
      FieldSpec.Builder f = FieldSpec.builder(inputTypes.get(i), field(inputs.get(i)));
      if (i == 0) {
        f.addJavadoc("The split step's batch, samples and shard count, for the shards' tasks.\n");
      }
      all.add(f.addModifiers(Modifier.PRIVATE).build());
    }
    all.add(FieldSpec.builder(int[].class, "shardOrder", Modifier.PRIVATE).build());
    all.add(FieldSpec.builder(TypeName.INT, "shardFrom", Modifier.PRIVATE).build());
    all.add(FieldSpec.builder(TypeName.INT, "shardCount", Modifier.PRIVATE).build());
    all.add(FieldSpec.builder(TypeName.INT, "shardTotal", Modifier.PRIVATE).build());
    all.add(FieldSpec.builder(TypeName.BOOLEAN, "shardTraining", Modifier.PRIVATE).build());
    List<String> passes = new ArrayList<>(List.of("Forward", "Backward", "Sum"));
    if (parts.splitsTokens()) {
      all.add(
          FieldSpec.builder(self, "trainTokensWhole", Modifier.PRIVATE)
              .addJavadoc(
                  "In a step split across threads, the model whose distinct tokens index the whole"
                      + " batch (shard 0's,\nthis model of the shards' copies), whose projection of"
                      + " them every shard reads; else null: a\nforward pass indexes and projects"
                      + " its own samples' tokens.\n")
              .build());
      passes.addAll(List.of("TokenProjection", "TokenGradients"));
    }
    for (String pass : passes) {
      all.add(
          FieldSpec.builder(IntConsumer.class, "shard" + pass, Modifier.PRIVATE, Modifier.FINAL)
              .addJavadoc(
                  "{@code shard$L} as the pool's task (a field: a step allocates nothing).\n", pass)
              .initializer("this::shard$L", pass)
              .build());
    }
    return all;
  }

  List<MethodSpec> methods() {
    List<MethodSpec> all =
        new ArrayList<>(
            List.of(
                shardedForward(), shardForward(), shardedBackward(), shardBackward(), shardSum()));
    if (parts.splitsTokens()) {
      all.add(shardTokenProjection());
      all.add(shardTokenGradients());
    }
    return all;
  }

  /** Floats (or flags) per sample of an output's rows: one row, or one per timestep. */
  private static String perSample(TrainingFlow output, String stride) {
    return output.sequence() ? output.timesteps() + " * " + stride : stride;
  }

  private MethodSpec shardedForward() {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder("shardedForward")
            .addModifiers(Modifier.PRIVATE)
            .addJavadoc(
                "{@code trainForward} split into {@code shards} shards on {@code trainPool}, then"
                    + " the shards'\noutput rows gathered into this model's.\n");
    for (int i = 0; i < inputs.size(); i++) {
      method.addParameter(inputTypes.get(i), inputs.get(i));
    }
    method
        .addParameter(int[].class, "order")
        .addParameter(TypeName.INT, "from")
        .addParameter(TypeName.INT, "count")
        .addParameter(TypeName.INT, "shards")
        .addParameter(TypeName.BOOLEAN, "training");
    method
        .beginControlFlow("if (trainShards.length < shards - 1)")
        .addStatement("$T[] grown = $T.copyOf(trainShards, shards - 1)", self, Arrays.class)
        .addStatement("shardGradients = $T.copyOf(shardGradients, shards - 1)", Arrays.class)
        .beginControlFlow("for (int s = trainShards.length; s < grown.length; s++)")
        .addCode(
            ownCells
                // the model's weight arrays, its own training buffers, its own custom cells (which
                // take the model's cells' weights before each step, as copyWeights reads layers)
                ? CodeBlock.of("grown[s] = new $T(this, true);\n", self)
                // a copy (the copy() constructor): the model's weights, its own training buffers
                : CodeBlock.of("grown[s] = new $T(this);\n", self))
        .addStatement("shardGradients[s] = grown[s].trainGradients")
        .endControlFlow()
        .addStatement("trainShards = grown")
        .endControlFlow();
    for (String input : inputs) {
      method.addStatement("$N = $N", field(input), input);
    }
    method
        .addStatement("shardOrder = order")
        .addStatement("shardFrom = from")
        .addStatement("shardCount = count")
        .addStatement("shardTotal = shards")
        .addStatement("shardTraining = training");
    if (parts.placesShards()) {
      method.addCode(placeShards());
    }
    if (parts.splitsTokens()) {
      method.addCode(splitTokens());
    }
    method.addStatement("trainPool.run(shards, shardForward)");
    method.addComment("the fit's data is not the model's to keep");
    for (String input : inputs) {
      method.addStatement("$N = null", field(input));
    }
    method.addStatement("shardOrder = null");
    method.beginControlFlow("for (int s = 1; s < shards; s++)");
    method.addStatement("int start = $T.start(s, shards, count)", SHARD_POOL);
    method.addStatement("int samples = $T.start(s + 1, shards, count) - start", SHARD_POOL);
    method.addStatement("$T shard = trainShards[s - 1]", self);
    java.util.Set<String> copied = new java.util.HashSet<>(); // outputs may share a mask
    for (int i = 0; i < outputs.size(); i++) {
      TrainingFlow output = outputs.get(i);
      List<String> rows = new ArrayList<>(List.of(output.field()));
      if (logits.get(i) != null) {
        rows.add(logits.get(i));
      }
      if (output.sequence() && output.mask() != null) {
        rows.add(output.mask());
      }
      for (String rowsField : rows) {
        if (!copied.add(rowsField)) {
          continue;
        }
        String width = perSample(output, rowsField.equals(output.mask()) ? "1" : output.stride());
        method.addStatement(
            "$T.arraycopy(shard.$N, 0, $N, start * $L, samples * $L)",
            System.class,
            rowsField,
            rowsField,
            width,
            width);
      }
    }
    method.endControlFlow();
    return method.build();
  }

  /**
   * Tells each shard's copy where its samples sit in the whole batch, sets its random to where this
   * model's stands (each shard then skips the draws of the others' samples), and hands it the whole
   * batch's carried state arrays (each shard reads and writes its samples' rows).
   */
  private CodeBlock placeShards() {
    CodeBlock.Builder code = CodeBlock.builder();
    for (TrainingParts.Carried carried : parts.carried) {
      code.addStatement(
          "$N = $T.forBatch($N, count, $L, $S)",
          carried.field(),
          RuntimeTypes.CARRIED_STATES,
          carried.field(),
          carried.stride(),
          carried.layer());
    }
    code.beginControlFlow("for (int s = 1; s < shards; s++)")
        .addStatement("$T shard = trainShards[s - 1]", self)
        .addStatement("shard.trainShardStart = $T.start(s, shards, count)", SHARD_POOL)
        .addStatement("shard.trainBatchSamples = count");
    if (parts.usesRandom) {
      code.addStatement("shard.trainRandom.position(trainRandom.position())");
    }
    for (TrainingParts.Carried carried : parts.carried) {
      code.addStatement("shard.$N = $N", carried.field(), carried.field());
    }
    return code.endControlFlow().build();
  }

  private CodeBlock shardRange() {
    return CodeBlock.builder()
        .addStatement("int start = $T.start(s, shardTotal, shardCount)", SHARD_POOL)
        .addStatement("int samples = $T.start(s + 1, shardTotal, shardCount) - start", SHARD_POOL)
        .build();
  }

  private MethodSpec shardForward() {
    String xs = String.join(", ", inputs.stream().map(TrainingShards::field).toList());
    return MethodSpec.methodBuilder("shardForward")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc(
            "Shard {@code s} of a split forward pass: its model (a copy takes this model's weights"
                + " first)\nruns its samples.\n")
        .addParameter(TypeName.INT, "s")
        .addCode(shardRange())
        .beginControlFlow("if (s == 0)")
        .addStatement("trainForward($L, shardOrder, shardFrom, samples, shardTraining)", xs)
        .nextControlFlow("else")
        .addStatement("$T shard = trainShards[s - 1]", self)
        .addStatement("$T.copyWeights(layers, shard.layers)", SHARDED_STEP)
        .addStatement(
            "shard.trainForward($L, shardOrder, shardFrom + start, samples, shardTraining)", xs)
        .endControlFlow()
        .build();
  }

  private MethodSpec shardedBackward() {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder("shardedBackward")
            .addModifiers(Modifier.PRIVATE)
            .addJavadoc(
                "{@code trainBackward} split as the last {@code shardedForward}: each shard gets its"
                    + " rows of the\nloss's gradient, and the shards' gradients are added to this"
                    + " model's in shard order,\nthe arrays' index ranges split across the pool.\n")
            .addParameter(TypeName.INT, "count")
            .addParameter(TypeName.INT, "shards")
            .beginControlFlow("for (int s = 1; s < shards; s++)")
            .addStatement("int start = $T.start(s, shards, count)", SHARD_POOL)
            .addStatement("int samples = $T.start(s + 1, shards, count) - start", SHARD_POOL);
    java.util.Set<String> copied = new java.util.HashSet<>(); // outputs may share their rows
    for (TrainingFlow output : outputs) {
      if (output.gradient() == null || !copied.add(output.gradient())) {
        continue;
      }
      String width = perSample(output, output.stride());
      method.addStatement(
          "$T.arraycopy($N, start * $L, trainShards[s - 1].$N, 0, samples * $L)",
          System.class,
          output.gradient(),
          width,
          output.gradient(),
          width);
    }
    return method
        .endControlFlow()
        .addStatement("shardCount = count")
        .addStatement("shardTotal = shards")
        .addStatement("trainPool.run(shards, shardBackward)")
        .addCode(
            parts.splitsTokens()
                ? CodeBlock.of("trainPool.run(shards, shardTokenGradients);\n")
                : CodeBlock.of(""))
        .addStatement("trainPool.run(trainPool.threads(), shardSum)")
        .build();
  }

  /**
   * The whole batch's distinct tokens for a split step: indexed here, looked up and projected
   * across the pool, then every shard (this model included) pointed at them.
   */
  private CodeBlock splitTokens() {
    return CodeBlock.builder()
        .add(
            "// the whole batch's distinct tokens, indexed once, projected across the pool, read by"
                + " every shard\n")
        .beginControlFlow("for (int b = 0; b < count; b++)")
        .add(packTokens)
        .endControlFlow()
        .add(parts.splitIndex.build())
        .addStatement("trainPool.run(shards, shardTokenProjection)")
        .addStatement("trainTokensWhole = this")
        .beginControlFlow("for (int s = 1; s < shards; s++)")
        .addStatement("int start = $T.start(s, shards, count)", SHARD_POOL)
        .addStatement("$T shard = trainShards[s - 1]", self)
        .add("// its buffers first, so that its own forward pass does not replace them\n")
        .addStatement("shard.ensureTraining($T.start(s + 1, shards, count) - start)", SHARD_POOL)
        .addStatement("shard.trainTokensWhole = this")
        .add(parts.splitShard.build())
        .endControlFlow()
        .build();
  }

  private MethodSpec shardTokenProjection() {
    return MethodSpec.methodBuilder("shardTokenProjection")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc(
            "Part {@code part} of the whole batch's distinct tokens: their table rows looked up"
                + " and projected.\n")
        .addParameter(TypeName.INT, "part")
        .addCode(parts.splitProject.build())
        .build();
  }

  private MethodSpec shardTokenGradients() {
    return MethodSpec.methodBuilder("shardTokenGradients")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc(
            "Part {@code part} of the whole batch's distinct tokens after the shards' backward"
                + " passes: the shards'\nsums of its rows added up in shard order, then the"
                + " projection's and the table's gradients of\nthose rows, into the part's model"
                + " (the shards' gradients are added up after).\n")
        .addParameter(TypeName.INT, "part")
        .addStatement("$T into = part == 0 ? this : trainShards[part - 1]", self)
        .addCode(parts.splitGradients.build())
        .addCode(parts.splitTables.build())
        .build();
  }

  private MethodSpec shardSum() {
    return MethodSpec.methodBuilder("shardSum")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc(
            "Part {@code part} of adding the shards' gradients to this model's, in shard order.\n")
        .addParameter(TypeName.INT, "part")
        .addStatement(
            "$T.addGradients(trainGradients, shardGradients, shardTotal - 1, part,"
                + " trainPool.threads())",
            SHARDED_STEP)
        .build();
  }

  private MethodSpec shardBackward() {
    return MethodSpec.methodBuilder("shardBackward")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Shard {@code s} of a split backward pass.\n")
        .addParameter(TypeName.INT, "s")
        .addCode(shardRange())
        .addStatement("(s == 0 ? this : trainShards[s - 1]).trainBackward(samples)")
        .build();
  }
}
