package dev.rnnc.processor.spec;

/** A {@code @Masking} layer: computes the mask and zeroes masked timesteps. */
public record MaskingSpec(String name, double maskValue, Shape input, Shape output)
    implements LayerSpec {}
