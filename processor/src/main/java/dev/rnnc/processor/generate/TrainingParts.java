package dev.rnnc.processor.generate;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * The pieces of a model's training step as the layers add them: the fields, the statements that
 * grow the batch buffers, the forward pass, one backward block per layer (run in reverse), and the
 * weights with their gradients in the optimizer's order.
 */
final class TrainingParts {
  final List<FieldSpec> fields = new ArrayList<>();
  final CodeBlock.Builder allocate = CodeBlock.builder();
  final CodeBlock.Builder forward = CodeBlock.builder();

  /** One block per layer in forward order; the step runs them last to first. */
  final List<CodeBlock> backward = new ArrayList<>();

  final List<String> parameters = new ArrayList<>();
  final List<String> gradients = new ArrayList<>();

  /** Panel layers: U unpacked before the step, the row-major gradient zeroed, then packed. */
  final CodeBlock.Builder unpack = CodeBlock.builder();

  final CodeBlock.Builder zero = CodeBlock.builder();
  final CodeBlock.Builder pack = CodeBlock.builder();

  /**
   * What each stateful layer's reset method ({@code Names.reset}, by its name) adds for training:
   * emptying the states the layer carries between batches.
   */
  final Map<String, CodeBlock.Builder> carriedResets = new LinkedHashMap<>();

  /**
   * A training step split across threads and its distinct-token Embeddings ({@code
   * TrainingFlow.Tokens}): the shards read one index of the whole batch's tokens (so a token is
   * projected, and its projection's gradients taken, once per batch rather than once per shard).
   * {@code splitIndex} indexes the batch before the shards run; {@code splitProject} looks up and
   * projects one part of the distinct rows (one pool task per part); {@code splitShard} points
   * shard {@code shard} (samples from {@code start}) at the index; after the shards' backward
   * passes {@code splitGradients} adds up their per-token sums of one part of the rows and takes
   * that part's projection gradients into model {@code into}'s, and {@code splitTables} adds that
   * part's rows' gradients to the Embedding tables. Empty without such an Embedding.
   */
  final CodeBlock.Builder splitIndex = CodeBlock.builder();

  final CodeBlock.Builder splitProject = CodeBlock.builder();
  final CodeBlock.Builder splitShard = CodeBlock.builder();
  final CodeBlock.Builder splitGradients = CodeBlock.builder();
  final CodeBlock.Builder splitTables = CodeBlock.builder();

  /** Whether the model has a distinct-token Embedding, which a split step indexes once. */
  boolean splitsTokens() {
    return !splitIndex.isEmpty();
  }

  /** Whether some layer draws random numbers (Dropout). */
  boolean usesRandom;

  /**
   * Whether some recurrent layer draws dropout masks, which {@code RecurrentDropouts.replay} may
   * replace (the step then runs on one thread).
   */
  boolean recurrentMasks;

  /**
   * A stateful layer's carried state array: its field, the constant of its floats per stream, and
   * the layer's name for messages. A training step split across threads hands every shard the whole
   * batch's array; each reads and writes its samples' rows ({@code trainShardStart}).
   */
  record Carried(String field, String stride, String layer) {}

  /** Every carried state array of the model's stateful layers. */
  final List<Carried> carried = new ArrayList<>();

  /**
   * Adds {@code draw}, which draws {@code perSample} values per sample of this forward pass from
   * {@code trainRandom}, wrapped so that a shard of a split batch skips the draws of the samples
   * before and after its own ({@code trainShardStart}, {@code trainBatchSamples}): every shard
   * draws the values one thread would draw for its samples, and every model's random ends where one
   * thread's would.
   */
  void draw(CodeBlock.Builder code, String perSample, CodeBlock draw) {
    code.addStatement("trainRandom.skip(trainShardStart, $L)", perSample);
    code.addStatement(draw);
    code.addStatement(
        "trainRandom.skip(trainBatchSamples - trainShardStart - count, $L)", perSample);
    usesRandom = true;
  }

  /** Whether a forward pass needs to know where its samples sit in the whole batch. */
  boolean placesShards() {
    return usesRandom || !carried.isEmpty();
  }

  /**
   * While a {@code @Shared} application adds its step: its name and the shared layer's, whose
   * weights it reads; else null.
   */
  private String application;

  private String sharedLayer;

  /**
   * Adds the step of {@code application}, another application of {@code sharedLayer}'s weights, in
   * {@code add}: its weights' gradients are the shared layer's arrays, so every application adds
   * into them (the sum of Keras' shared layer object called several times) and the optimizer
   * updates each weight once.
   */
  <T> T sharing(String application, String sharedLayer, java.util.function.Supplier<T> add) {
    this.application = application;
    this.sharedLayer = sharedLayer;
    try {
      return add.get();
    } finally {
      this.application = null;
      this.sharedLayer = null;
    }
  }

  /** Whether the layer being added applies a {@code @Shared} layer's weights. */
  boolean applyingShared() {
    return application != null;
  }

  /**
   * The shared layer's field of an application's field ({@code againKernelGradient} → {@code
   * encoderKernelGradient}).
   */
  String sharedField(String field) {
    return sharedLayer + field.substring(application.length());
  }

  /**
   * A field of the layer being added that, for a {@code @Shared} application, is the shared layer's
   * array itself.
   */
  void alias(String field, String what) {
    String own = sharedField(field);
    fields.add(
        FieldSpec.builder(float[].class, field, Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc(
                "$L applies $L: $L is the same array as {@code $N}, so the applications' gradients"
                    + " add up.\n",
                application,
                sharedLayer,
                what,
                own)
            .initializer("$N", own)
            .build());
  }

  /** A float buffer of {@code size} floats that grows with the batch. */
  void batchArray(String field, Object size, String javadoc) {
    fields.add(
        FieldSpec.builder(float[].class, field, Modifier.PRIVATE)
            .addJavadoc(javadoc + "\n")
            .initializer("new float[0]")
            .build());
    allocate.addStatement("$N = new float[$L]", field, size);
  }

  /** A mask buffer of {@code size} flags that grows with the batch. */
  void maskArray(String field, Object size, String javadoc) {
    fields.add(
        FieldSpec.builder(boolean[].class, field, Modifier.PRIVATE)
            .addJavadoc(javadoc + "\n")
            .initializer("new boolean[0]")
            .build());
    allocate.addStatement("$N = new boolean[$L]", field, size);
  }

  /** Whether a field of this name exists already. */
  boolean declared(String field) {
    return fields.stream().anyMatch(f -> f.name().equals(field));
  }

  /**
   * A trained weight and its gradient, {@code <weight>Gradient}; for a {@code @Shared} application,
   * the shared layer's gradient under the application's name (the weight is the shared layer's, in
   * the optimizer's arrays once).
   */
  void gradient(String weight) {
    String field = weight + "Gradient";
    if (applyingShared()) {
      alias(field, "its gradient");
      return;
    }
    fields.add(
        FieldSpec.builder(float[].class, field, Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc(
                "The loss's gradient with respect to {@code $N}, in its packed layout.\n", weight)
            .initializer("new float[$N.length]", weight)
            .build());
    parameters.add(weight);
    gradients.add(field);
  }
}
