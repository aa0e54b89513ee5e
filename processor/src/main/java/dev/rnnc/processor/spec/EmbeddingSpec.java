package dev.rnnc.processor.spec;

/** An {@code @Embedding} layer, always first, on token input. */
public record EmbeddingSpec(String name, int inputDim, int outputDim, Shape input, Shape output) implements LayerSpec {}
