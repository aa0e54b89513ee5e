package dev.rnnc.processor.validate;

import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.RnncMessage;
import dev.rnnc.processor.read.LayerDecl;
import dev.rnnc.processor.read.LayerKind;
import dev.rnnc.processor.read.ModelDecl;
import java.util.List;

/**
 * Sizes are positive: {@code units}, and Embedding's {@code inputDim} and {@code outputDim}; an
 * LSTM's {@code projSize} is 0 or below its units (as PyTorch requires).
 */
final class SizeRule implements DeclarationRule {
  @Override
  public void check(ModelDecl model, Diagnostics diagnostics) {
    for (LayerDecl layer : model.layers()) {
      List<String> sizes =
          switch (layer.kind()) {
            case LSTM, GRU, SIMPLE_RNN, DENSE -> List.of("units");
            case RNN ->
                layer.values().written("cell") != null
                        && layer.values().listValue("cells").isEmpty()
                    ? List.of("units")
                    : List.of(); // the other forms: CellRule
            case EMBEDDING -> List.of("inputDim", "outputDim");
            case DROPOUT, MASKING, CONCATENATE, ADD, MULTIPLY, AVERAGE, SHARED -> List.of();
          };
      for (String size : sizes) {
        int value = layer.values().intValue(size);
        if (value <= 0) {
          diagnostics.error(
              layer.method(),
              layer.values().mirror(),
              layer.values().written(size),
              RnncMessage.UNITS_NOT_POSITIVE,
              size,
              value);
        }
      }
      if (layer.kind() == LayerKind.LSTM) {
        int units = layer.values().intValue("units");
        int projSize = layer.values().intValue("projSize");
        // Units below 1 have their own error; a projection is not judged against them.
        if (projSize < 0 || (projSize > 0 && units > 0 && projSize >= units)) {
          diagnostics.error(
              layer.method(),
              layer.values().mirror(),
              layer.values().written("projSize"),
              RnncMessage.PROJ_SIZE_INVALID,
              units - 1,
              projSize);
        }
      }
    }
  }
}
