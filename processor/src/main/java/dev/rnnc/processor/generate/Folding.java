package dev.rnnc.processor.generate;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
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
    return Names.field(layer, "FoldedProjection");
  }

  /**
   * Declares the table and its version stamp, and adds {@code foldEmbedding()}, which rebuilds a
   * stale table.
   */
  void declare(ClassParts parts) {
    String inputDim = Names.constant(embedding, "INPUT_DIM");
    String gates = RecurrentEmitter.gates(layer);
    // One table per model, which calls running at once share: built once, then only read.
    parts.caches.add(
        FieldSpec.builder(float[].class, table(), Modifier.PRIVATE, Modifier.FINAL)
            .initializer("new float[$L * $L]", inputDim, gates)
            .build());
    parts.caches.add(
        FieldSpec.builder(TypeName.INT, "foldedVersion", Modifier.PRIVATE, Modifier.VOLATILE)
            .addJavadoc(
                "The weights' versions the folded table was built from; -1: never built. Written after\n"
                    + "the table, so a call that reads the current version reads the whole table.\n")
            .initializer("-1")
            .build());
    String embeddingLayer = Names.field(embedding, "Layer");
    String recurrentLayer = Names.field(layer, "Layer");
    MethodSpec.Builder method =
        MethodSpec.methodBuilder("foldEmbedding")
            .addModifiers(Modifier.PRIVATE)
            .addJavadoc(
                "Rebuilds {@code $N = embeddings·kernel + bias} (every token's input projection) when the\n"
                    + "embedding, kernel or bias changed since it was built; one call rebuilds it while calls\n"
                    + "that overlap wait.\n",
                table());
    method.addStatement(
        "int version = $N.variables().get(0).version() + $N.variables().get(0).version()$L",
        embeddingLayer,
        recurrentLayer,
        useBias ? " + " + recurrentLayer + ".variables().get(2).version()" : "");
    method.beginControlFlow("if (version == foldedVersion)");
    method.addStatement("return");
    method.endControlFlow();
    method.beginControlFlow("synchronized ($N)", table());
    method.beginControlFlow("if (version != foldedVersion)");
    method.addStatement(
        LayerEmitter.matmul(
            Names.field(embedding, "Embeddings"),
            Names.constant(embedding, "STRIDE"),
            inputDim,
            Names.constant(embedding, "OUTPUT_DIM"),
            Names.field(layer, "Kernel"),
            gates,
            useBias ? Names.field(layer, "Bias") : "null",
            table()));
    method.addStatement("foldedVersion = version");
    method.endControlFlow();
    method.endControlFlow();
    parts.cacheMethods.add(method.build());
  }
}
