package dev.rnnc.processor.validate;

import dev.rnnc.annotations.Input;
import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.RnncMessage;
import dev.rnnc.processor.read.AnnotationValues;
import dev.rnnc.processor.read.ModelDecl;

/**
 * Each {@code @Input}: timesteps positive, VARIABLE, or VECTOR (float input only); features
 * positive for floats, absent for tokens.
 */
final class InputRule implements DeclarationRule {
  @Override
  public void check(ModelDecl model, Diagnostics diagnostics) {
    model.inputs().forEach(input -> check(model, input, diagnostics));
  }

  private static void check(ModelDecl model, AnnotationValues input, Diagnostics diagnostics) {
    int timesteps = input.intValue("timesteps");
    boolean vector = timesteps == Input.VECTOR;
    if (vector && input.enumValue("dtype").equals("INT32")) {
      diagnostics.error(
          model.type(),
          model.model().mirror(),
          input.written("timesteps"),
          RnncMessage.TIMESTEPS_INVALID,
          timesteps);
    } else if (!vector && (timesteps == 0 || timesteps < -1)) {
      diagnostics.error(
          model.type(),
          model.model().mirror(),
          input.written("timesteps"),
          RnncMessage.TIMESTEPS_INVALID,
          timesteps);
    }
    if (input.intValue("batchSize") < 0) {
      diagnostics.error(
          model.type(),
          model.model().mirror(),
          input.written("batchSize"),
          RnncMessage.UNITS_NOT_POSITIVE,
          "batchSize",
          input.intValue("batchSize"));
    }
    int features = input.intValue("features");
    boolean tokens = input.enumValue("dtype").equals("INT32");
    if (tokens && features != 0) {
      diagnostics.error(
          model.type(),
          model.model().mirror(),
          input.written("features"),
          RnncMessage.FEATURES_ON_TOKENS,
          features);
    } else if (!tokens && features <= 0) {
      diagnostics.error(
          model.type(),
          model.model().mirror(),
          input.written("features"),
          RnncMessage.FEATURES_NOT_POSITIVE,
          features);
    }
  }
}
