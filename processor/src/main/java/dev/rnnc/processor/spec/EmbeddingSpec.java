package dev.rnnc.processor.spec;

/**
 * An {@code @Embedding} layer, always first, on token input.
 *
 * @param maskZero whether id 0 masks its timestep for the layers after
 */
public record EmbeddingSpec(
    String name, int inputDim, int outputDim, boolean maskZero, Shape input, Shape output)
    implements LayerSpec {}
