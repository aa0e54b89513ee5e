package dev.rnnc.processor.spec;

/** A {@code @SimpleRNN} layer. */
public record SimpleRnnSpec(
    String name, int units, ActivationName activation, boolean useBias, boolean returnSequences, Shape input, Shape output)
    implements RecurrentSpec {}
