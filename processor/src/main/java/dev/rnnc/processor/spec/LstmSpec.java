package dev.rnnc.processor.spec;

/** An {@code @LSTM} layer. */
public record LstmSpec(
    String name, int units, ActivationName activation, ActivationName recurrentActivation, boolean useBias,
    boolean unitForgetBias, boolean returnSequences, Shape input, Shape output) implements RecurrentSpec {}
