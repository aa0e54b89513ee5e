package dev.rnnc.processor.validate;

import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.RnncMessage;
import dev.rnnc.processor.read.LayerDecl;
import dev.rnnc.processor.read.LayerKind;
import dev.rnnc.processor.read.ModelDecl;

/**
 * {@code @Masking(maskValue)} is finite; {@code @Embedding(maskZero = true)} leaves room beside the
 * reserved id 0.
 */
final class MaskRule implements DeclarationRule {
  @Override
  public void check(ModelDecl model, Diagnostics diagnostics) {
    for (LayerDecl layer : model.layers()) {
      if (layer.kind() == LayerKind.MASKING) {
        double value = layer.values().doubleValue("maskValue");
        if (!Double.isFinite(value)) {
          diagnostics.error(
              layer.method(),
              layer.values().mirror(),
              layer.values().written("maskValue"),
              RnncMessage.MASK_VALUE_NOT_FINITE,
              value);
        }
      } else if (layer.kind() == LayerKind.EMBEDDING && layer.values().booleanValue("maskZero")) {
        int inputDim = layer.values().intValue("inputDim");
        if (inputDim > 0 && inputDim < 2) {
          diagnostics.error(
              layer.method(),
              layer.values().mirror(),
              layer.values().written("inputDim"),
              RnncMessage.MASK_ZERO_VOCABULARY,
              inputDim);
        }
      }
    }
  }
}
