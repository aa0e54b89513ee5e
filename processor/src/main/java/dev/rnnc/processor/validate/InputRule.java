package dev.rnnc.processor.validate;

import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.RnncMessage;
import dev.rnnc.processor.read.AnnotationValues;
import dev.rnnc.processor.read.ModelDecl;

/** {@code @Input}: timesteps positive or VARIABLE; features positive for floats, absent for tokens. */
final class InputRule implements DeclarationRule {
  @Override
  public void check(ModelDecl model, Diagnostics diagnostics) {
    AnnotationValues input = model.input();
    int timesteps = input.intValue("timesteps");
    if (timesteps == 0 || timesteps < -1) {
      diagnostics.error(model.type(), model.model().mirror(), input.written("timesteps"), RnncMessage.TIMESTEPS_INVALID, timesteps);
    }
    int features = input.intValue("features");
    boolean tokens = input.enumValue("dtype").equals("INT32");
    if (tokens && features != 0) {
      diagnostics.error(model.type(), model.model().mirror(), input.written("features"), RnncMessage.FEATURES_ON_TOKENS, features);
    } else if (!tokens && features <= 0) {
      diagnostics.error(model.type(), model.model().mirror(), input.written("features"), RnncMessage.FEATURES_NOT_POSITIVE, features);
    }
  }
}
