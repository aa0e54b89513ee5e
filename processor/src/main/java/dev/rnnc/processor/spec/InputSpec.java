package dev.rnnc.processor.spec;

/**
 * One model input.
 *
 * @param name its name ({@code @Input(name)}); empty for the single unnamed input of a chain model
 * @param shape the shape of one sample
 */
public record InputSpec(String name, Shape shape) {}
