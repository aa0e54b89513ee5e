package dev.rnnc.processor.spec;

/** A {@code @GRU} layer. */
public record GruSpec(
    String name, int units, ActivationName activation, ActivationName recurrentActivation, boolean useBias,
    boolean resetAfter, boolean returnSequences, Shape input, Shape output) implements RecurrentSpec {}
