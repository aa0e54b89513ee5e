package dev.rnnc.processor.spec;

/**
 * An {@code @LSTM} layer.
 *
 * @param projSize PyTorch's {@code proj_size}: the width h is projected to, or 0 for none
 */
public record LstmSpec(
    String name, RecurrentOptions options, ActivationName recurrentActivation, boolean unitForgetBias, int projSize,
    Shape input, Shape output) implements RecurrentSpec {
  @Override
  public RecurrentSpec withOptions(RecurrentOptions options) {
    return new LstmSpec(name, options, recurrentActivation, unitForgetBias, projSize, input, output);
  }

  @Override
  public int outputUnits() {
    return projSize > 0 ? projSize : units();
  }

  @Override
  public String kerasClass() {
    return "LSTM";
  }
}
