package dev.rnnc.processor.spec;

/** A {@code @GRU} layer. */
public record GruSpec(
    String name, RecurrentOptions options, ActivationName recurrentActivation, boolean resetAfter, Shape input,
    Shape output) implements RecurrentSpec {
  @Override
  public RecurrentSpec withOptions(RecurrentOptions options) {
    return new GruSpec(name, options, recurrentActivation, resetAfter, input, output);
  }

  @Override
  public String kerasClass() {
    return "GRU";
  }
}
