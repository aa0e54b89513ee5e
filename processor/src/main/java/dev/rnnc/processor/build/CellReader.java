package dev.rnnc.processor.build;

import dev.rnnc.processor.read.OptionValues;
import dev.rnnc.processor.spec.ActivationName;
import dev.rnnc.processor.spec.Cell;
import dev.rnnc.processor.spec.Initializers;

/**
 * Reads a built-in cell from its options, the same for a layer ({@code @LSTM(units = 8, ...)}) and
 * a stacked cell ({@code @Cell(type = LSTMCell.class, units = 8, ...)}): the members share names.
 */
final class CellReader {
  private CellReader() {}

  /** The cell of {@code type} (not CUSTOM) declared by {@code values}. */
  static Cell.BuiltIn builtIn(Cell.Type type, OptionValues values) {
    int units = values.intValue("units");
    ActivationName activation = activation(values, "activation");
    boolean useBias = values.booleanValue("useBias");
    Initializers initializers =
        new Initializers(
            values.stringValue("kernelInitializer"),
            values.stringValue("recurrentInitializer"),
            values.stringValue("biasInitializer"));
    double dropout = values.doubleValue("dropout");
    double recurrentDropout = values.doubleValue("recurrentDropout");
    return switch (type) {
      case LSTM ->
          new Cell.Lstm(
              units,
              activation,
              activation(values, "recurrentActivation"),
              useBias,
              values.booleanValue("unitForgetBias"),
              projSize(values),
              initializers,
              dropout,
              recurrentDropout);
      case GRU ->
          new Cell.Gru(
              units,
              activation,
              activation(values, "recurrentActivation"),
              useBias,
              values.booleanValue("resetAfter"),
              initializers,
              dropout,
              recurrentDropout);
      case SIMPLE_RNN ->
          new Cell.SimpleRnn(units, activation, useBias, initializers, dropout, recurrentDropout);
      case CUSTOM -> throw new IllegalArgumentException("a custom cell is no built-in cell");
    };
  }

  /** PyTorch's {@code proj_size}: an {@code @LSTM} option ({@code @Cell} has none). */
  private static int projSize(OptionValues values) {
    return values.has("projSize") ? values.intValue("projSize") : 0;
  }

  /**
   * The named activation; an unknown name (reported by the rules) reads as tanh so building carries
   * on.
   */
  private static ActivationName activation(OptionValues values, String member) {
    ActivationName activation = ActivationName.ofKeras(values.stringValue(member));
    return activation == null ? ActivationName.TANH : activation;
  }
}
