package dev.rnnc.processor.spec;

/** A {@code @Dense} layer; on a sequence it applies to every timestep. */
public record DenseSpec(String name, int units, ActivationName activation, boolean useBias, Shape input, Shape output)
    implements LayerSpec {}
