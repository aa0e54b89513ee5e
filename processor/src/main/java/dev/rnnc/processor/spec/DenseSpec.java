package dev.rnnc.processor.spec;

/**
 * A {@code @Dense} layer; on a sequence it applies to every timestep.
 *
 * @param timeDistributed whether it was declared {@code @TimeDistributed} (Keras stores its weights elsewhere)
 */
public record DenseSpec(
    String name, int units, ActivationName activation, boolean useBias, boolean timeDistributed, Shape input, Shape output)
    implements LayerSpec {}
