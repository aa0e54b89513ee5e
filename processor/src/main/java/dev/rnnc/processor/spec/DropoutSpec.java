package dev.rnnc.processor.spec;

/** A {@code @Dropout} layer: the identity at inference. */
public record DropoutSpec(String name, double rate, Shape input, Shape output)
    implements LayerSpec {}
