package dev.rnnc.processor.validate;

import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.RnncMessage;
import dev.rnnc.processor.read.ModelDecl;

/** A model has at least one layer. */
final class NoLayersRule implements DeclarationRule {
  @Override
  public void check(ModelDecl model, Diagnostics diagnostics) {
    if (model.layers().isEmpty()) {
      diagnostics.error(
          model.type(),
          model.model().mirror(),
          RnncMessage.NO_LAYERS,
          model.type().getSimpleName());
    }
  }
}
