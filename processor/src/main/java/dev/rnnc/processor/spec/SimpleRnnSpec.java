package dev.rnnc.processor.spec;

/** A {@code @SimpleRNN} layer. */
public record SimpleRnnSpec(String name, RecurrentOptions options, Shape input, Shape output) implements RecurrentSpec {
  @Override
  public RecurrentSpec withOptions(RecurrentOptions options) {
    return new SimpleRnnSpec(name, options, input, output);
  }

  @Override
  public String kerasClass() {
    return "SimpleRNN";
  }
}
