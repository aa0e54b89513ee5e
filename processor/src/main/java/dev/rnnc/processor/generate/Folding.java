package dev.rnnc.processor.generate;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.rnnc.processor.spec.BidirectionalSpec;
import dev.rnnc.processor.spec.EmbeddingSpec;
import dev.rnnc.processor.spec.LayerSpec;
import dev.rnnc.processor.spec.ModelSpec;
import dev.rnnc.processor.spec.RecurrentSpec;
import javax.lang.model.element.Modifier;

/**
 * An {@code @Embedding} folded into the input projection of the recurrent layer it feeds
 * ({@code -Arnnc.foldEmbeddingMaxBytes}). Since {@code E[id]·W + b} depends on the token alone, a
 * table of {@code inputDim × GATES} floats, built from the weights, replaces both the embedding
 * lookup and the input matrix product of every call: the embedding's method gathers the table's
 * rows straight into the recurrent layer's projection. Exact up to float rounding (each row is the
 * product the call would compute). The table is rebuilt on the first call after the embedding, kernel
 * or bias changed ({@code Variable.version()}: load, set, create). Off unless the option allows a
 * table this large: it costs {@code 4·blocks·units / outputDim} times the embedding's memory (M2:
 * 20 MB against 2.5 MB).
 *
 * @param embedding the embedding layer's name
 * @param layer the recurrent layer's name
 * @param useBias whether the recurrent layer has a bias
 */
record Folding(String embedding, String layer, boolean useBias) {

  /** The folding of {@code model} within {@code maxBytes}, or null. */
  static Folding of(ModelSpec model, long maxBytes) {
    // In a graph the embedding's output may have other readers, which folding would starve.
    if (maxBytes <= 0 || model.layers().size() < 2 || model.isGraph()) {
      return null;
    }
    LayerSpec first = model.layers().get(0);
    LayerSpec second = model.layers().get(1);
    if (!(first instanceof EmbeddingSpec e) || !(second instanceof RecurrentSpec r) || second instanceof BidirectionalSpec) {
      return null;
    }
    int blocks = CellKind.of(r.cell()).blocks();
    long bytes = 4L * e.inputDim() * blocks * CellKind.padded(r.units());
    return bytes <= maxBytes ? new Folding(e.name(), r.name(), r.useBias()) : null;
  }

  /** The table field: one row of the layer's gate pre-activations per token id. */
  String table() {
    return Names.field(layer, "FoldedProjection");
  }

  /** Declares the table and its version stamp, and adds {@code foldEmbedding()}, which rebuilds a stale table. */
  void declare(ClassParts parts) {
    String inputDim = Names.constant(embedding, "INPUT_DIM");
    String gates = RecurrentEmitter.gates(layer);
    parts.scratch(table(), inputDim + " * " + gates);
    parts.scratch.add(FieldSpec.builder(TypeName.INT, "foldedVersion", Modifier.PRIVATE)
        .addJavadoc("The weights' versions the folded table was built from; -1: never built.\n")
        .initializer("-1").build());
    String embeddingLayer = Names.field(embedding, "Layer");
    String recurrentLayer = Names.field(layer, "Layer");
    MethodSpec.Builder method = MethodSpec.methodBuilder("foldEmbedding").addModifiers(Modifier.PRIVATE)
        .addJavadoc("Rebuilds {@code $N = embeddings·kernel + bias} (every token's input projection) when the\n"
            + "embedding, kernel or bias changed since it was built.\n", table());
    method.addStatement("int version = $N.variables().get(0).version() + $N.variables().get(0).version()$L",
        embeddingLayer, recurrentLayer, useBias ? " + " + recurrentLayer + ".variables().get(2).version()" : "");
    method.beginControlFlow("if (version != foldedVersion)");
    method.addStatement("$T.matmul($N, 0, $L, $L, $L,$W$N, 0, $L, $L,$W$L, 0,$W$N, 0, $L)", RuntimeTypes.KERNELS,
        Names.field(embedding, "Embeddings"), Names.constant(embedding, "STRIDE"), inputDim,
        Names.constant(embedding, "OUTPUT_DIM"), Names.field(layer, "Kernel"), gates, gates,
        useBias ? Names.field(layer, "Bias") : "null", table(), gates);
    method.addStatement("foldedVersion = version");
    method.endControlFlow();
    parts.forwardMethods.add(method.build());
  }
}
