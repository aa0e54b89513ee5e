package dev.rnnc.processor.spec;

/** An {@code @LSTM} layer. */
public record LstmSpec(
    String name, RecurrentOptions options, ActivationName recurrentActivation, boolean unitForgetBias, Shape input,
    Shape output) implements RecurrentSpec {
  @Override
  public RecurrentSpec withOptions(RecurrentOptions options) {
    return new LstmSpec(name, options, recurrentActivation, unitForgetBias, input, output);
  }

  @Override
  public String kerasClass() {
    return "LSTM";
  }
}
