package dev.rnnc.processor.generate;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.rnnc.processor.spec.EmbeddingSpec;
import dev.rnnc.processor.spec.Packing;
import java.util.List;
import javax.lang.model.element.Modifier;

/** Emits an Embedding layer: a row gather from the packed table for each token id. */
final class EmbeddingEmitter {
  private final ClassParts parts;
  private final LayerEmitter layers;

  EmbeddingEmitter(ClassParts parts, LayerEmitter layers) {
    this.parts = parts;
    this.layers = layers;
  }

  Buffer embedding(EmbeddingSpec embedding) {
    String name = embedding.name();
    String inputDim = Names.constant(name, "INPUT_DIM");
    String outputDim = Names.constant(name, "OUTPUT_DIM");
    String stride = Names.constant(name, "STRIDE");
    String table = Names.field(name, "Embeddings");
    String output = Names.field(name, "Output");
    parts.constant(inputDim, embedding.inputDim());
    parts.constant(outputDim, embedding.outputDim());
    parts.constant(stride, Packing.padded(embedding.outputDim()));
    parts.weight(
        table,
        inputDim + " * " + stride,
        name + ": Keras {@code embeddings} (inputDim, outputDim).\n");
    Folding folding = parts.folding;
    if (folding == null) {
      parts.perTimestep(output, stride);
    } else {
      folding.declare(parts);
    }
    LayerEmitter.handle(
        parts,
        embedding,
        "Embedding",
        List.of(
            LayerEmitter.variable(
                "embeddings",
                LayerEmitter.matrix(inputDim, outputDim, "0"),
                table,
                LayerEmitter.initializer("uniform", "0.05"))),
        null);
    if (embedding.maskZero()) {
      layers.declareMask(name);
    }

    String t = parts.timesteps();
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(Names.forward(name))
            .addModifiers(Modifier.PRIVATE)
            .addJavadoc(Describe.layer(embedding) + " Ids were range-checked at the call.\n")
            .addParameter(int[].class, "ids");
    if (parts.timestepsParameter) {
      method.addParameter(TypeName.INT, "timesteps");
    }
    if (folding == null) {
      method.addStatement(
          "$T.lookup(ids, $L, $N, $L, $N)", RuntimeTypes.EMBEDDINGS, t, table, stride, output);
    } else {
      method.addComment(
          "Folded (-Arnnc.foldEmbeddingMaxBytes): each token's row of x·W + b goes straight into $L's projection.",
          folding.layer());
      String gates = RecurrentEmitter.gates(folding.layer());
      method.addStatement(
          "$T.lookup(ids, $L, foldEmbedding(), $L, $N)",
          RuntimeTypes.EMBEDDINGS,
          t,
          gates,
          Names.field(folding.layer(), "Projection"));
    }
    if (embedding.maskZero()) {
      method.addStatement("$T.fromIds(ids, $L, $N)", RuntimeTypes.MASKS, t, layers.maskMade);
    }
    parts.forwardMethods.add(method.build());
    if (parts.timestepsParameter) {
      parts.forwardCalls.addStatement(
          "$N($N, $L)", Names.forward(name), parts.timeline.sample(), parts.timeline.argument());
    } else {
      parts.forwardCalls.addStatement("$N($N)", Names.forward(name), parts.timeline.sample());
    }
    return new Buffer(output, outputDim, stride, true);
  }
}
