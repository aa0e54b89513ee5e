package dev.rnnc.processor.spec;

/**
 * How a layer's variables start in {@code create(seed)}, by Keras initializer name ({@code
 * Initializer.KERAS_NAMES} in the runtime).
 *
 * @param kernel the input kernel's
 * @param recurrent the recurrent kernel's (recurrent cells only; null for Dense)
 * @param bias the bias's
 */
public record Initializers(String kernel, String recurrent, String bias) {}
