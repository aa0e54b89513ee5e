package dev.rnnc.processor.validate;

import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.RnncMessage;
import dev.rnnc.processor.read.LayerDecl;
import dev.rnnc.processor.read.LayerKind;
import dev.rnnc.processor.read.ModelDecl;

/** Dropout rates lie in [0, 1). */
final class DropoutRateRule implements DeclarationRule {
  @Override
  public void check(ModelDecl model, Diagnostics diagnostics) {
    for (LayerDecl layer : model.layers()) {
      if (layer.kind() == LayerKind.DROPOUT) {
        double rate = layer.values().doubleValue("rate");
        if (!(rate >= 0 && rate < 1)) {
          diagnostics.error(
              layer.method(),
              layer.values().mirror(),
              layer.values().written("rate"),
              RnncMessage.RATE_OUT_OF_RANGE,
              rate);
        }
      }
    }
  }
}
