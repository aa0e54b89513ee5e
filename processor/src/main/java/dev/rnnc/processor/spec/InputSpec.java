package dev.rnnc.processor.spec;

/**
 * One model input.
 *
 * @param name its name ({@code @Input(name)}); empty for the single unnamed input of a chain model
 * @param shape the shape of one sample
 * @param batchSize the declared batch size of a stateful model ({@code @Input(batchSize)}), 0 if
 *     none
 */
public record InputSpec(String name, Shape shape, int batchSize) {

  /** An input without a declared batch size. */
  public InputSpec(String name, Shape shape) {
    this(name, shape, 0);
  }
}
