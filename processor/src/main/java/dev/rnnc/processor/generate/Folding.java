package dev.rnnc.processor.generate;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.rnnc.processor.spec.EmbeddingFold;
import dev.rnnc.processor.spec.ModelSpec;
import javax.lang.model.element.Modifier;

/**
 * Emits the folded embedding the spec decided ({@link EmbeddingFold}): a table of {@code inputDim ×
 * GATES} floats, built from the weights, replaces both the embedding lookup and the input matrix
 * product of every call; the embedding's method gathers the table's rows straight into the
 * recurrent layer's projection. Exact up to float rounding (each row is the product the call would
 * compute). The table is rebuilt on the first call after the embedding, kernel or bias changed
 * ({@code Variable.version()}: load, set, create).
 *
 * @param embedding the embedding layer's name
 * @param layer the recurrent layer's name
 * @param useBias whether the recurrent layer has a bias
 */
record Folding(String embedding, String layer, boolean useBias) {

  /** The folding of {@code model}, or null. */
  static Folding of(ModelSpec model) {
    EmbeddingFold fold = model.folding();
    return fold == null ? null : new Folding(fold.embedding(), fold.layer(), fold.useBias());
  }

  /** The table field: one row of the layer's gate pre-activations per token id. */
  String table() {
    return Names.field(layer, "Folded");
  }

  /**
   * Declares the table, which copies of the model share as they share its weights, and adds {@code
   * foldEmbedding()}, which rebuilds a stale table and returns its values.
   */
  void declare(ClassParts parts) {
    String inputDim = Names.constant(embedding, "INPUT_DIM");
    String gates = RecurrentEmitter.gates(layer);
    parts.caches.add(
        FieldSpec.builder(RuntimeTypes.FOLDED_TABLE, table(), Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc(
                "Every token's input projection of $L (x·W + b), built on the first call; shared with copies.\n",
                layer)
            .initializer("new $T($L * $L)", RuntimeTypes.FOLDED_TABLE, inputDim, gates)
            .build());
    String embeddingLayer = Names.field(embedding, "Layer");
    String recurrentLayer = Names.field(layer, "Layer");
    MethodSpec.Builder method =
        MethodSpec.methodBuilder("foldEmbedding")
            .addModifiers(Modifier.PRIVATE)
            .returns(float[].class)
            .addJavadoc(
                "{@code $N}'s values ({@code embeddings·kernel + bias}, every token's input projection),\n"
                    + "rebuilt first when the embedding, kernel or bias changed since they were built; one call\n"
                    + "rebuilds them while calls that overlap, on this model or a copy, wait.\n",
                table());
    method.addStatement(
        "int version = $N.variables().get(0).version() + $N.variables().get(0).version()$L",
        embeddingLayer,
        recurrentLayer,
        useBias ? " + " + recurrentLayer + ".variables().get(2).version()" : "");
    method.beginControlFlow("if (!$N.isBuiltFrom(version))", table());
    method.beginControlFlow("synchronized ($N)", table());
    method.beginControlFlow("if (!$N.isBuiltFrom(version))", table());
    method.addStatement("float[] values = $N.values()", table());
    method.addStatement(
        LayerEmitter.matmul(
            Names.field(embedding, "Embeddings"),
            Names.constant(embedding, "STRIDE"),
            inputDim,
            Names.constant(embedding, "OUTPUT_DIM"),
            Names.field(layer, "Kernel"),
            gates,
            useBias ? Names.field(layer, "Bias") : "null",
            "values"));
    method.addStatement("$N.built(version)", table());
    method.endControlFlow();
    method.endControlFlow();
    method.endControlFlow();
    method.addStatement("return $N.values()", table());
    parts.cacheMethods.add(method.build());
  }
}
