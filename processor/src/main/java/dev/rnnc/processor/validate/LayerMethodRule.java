package dev.rnnc.processor.validate;

import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.RnncMessage;
import dev.rnnc.processor.read.LayerDecl;
import dev.rnnc.processor.read.ModelDecl;
import dev.rnnc.processor.spec.Identifiers;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;

/**
 * Layer methods: return {@code Layer}, have unique names that do not clash in generated constants,
 * and do not take the name of a method every generated model has.
 */
final class LayerMethodRule implements DeclarationRule {
  static final String LAYER = "dev.rnnc.runtime.Layer";

  /** Methods of {@code dev.rnnc.runtime.RnncModel} (and {@code train.TrainableModel}). */
  static final Set<String> RESERVED =
      Set.of(
          "layers",
          "layer",
          "copy",
          "modelName",
          "modelSummary",
          "modelGraph",
          "initialize",
          "resetStates",
          "stateSize",
          "trainingState");

  @Override
  public void check(ModelDecl model, Diagnostics diagnostics) {
    Set<String> names = new HashSet<>();
    Map<String, String> constants = new HashMap<>();
    for (LayerDecl layer : model.layers()) {
      if (RESERVED.contains(layer.name())) {
        diagnostics.error(
            layer.method(), RnncMessage.RESERVED_LAYER_NAME, layer.name(), layer.name() + "()");
      }
      String prefix = Identifiers.constantPrefix(layer.name());
      String earlier = constants.putIfAbsent(prefix, layer.name());
      if (earlier != null && !earlier.equals(layer.name())) {
        diagnostics.error(
            layer.method(),
            layer.values().mirror(),
            RnncMessage.LAYER_NAME_CLASH,
            earlier,
            layer.name(),
            prefix);
      }
      if (!returnsLayer(layer)) {
        diagnostics.error(
            layer.method(),
            RnncMessage.LAYER_RETURN_TYPE,
            layer.name(),
            layer.method().getReturnType());
      }
      if (!names.add(layer.name())) {
        diagnostics.error(
            layer.method(),
            layer.values().mirror(),
            RnncMessage.DUPLICATE_LAYER_NAME,
            layer.name());
      }
    }
  }

  private static boolean returnsLayer(LayerDecl layer) {
    var type = layer.method().getReturnType();
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) type).asElement())
            .getQualifiedName()
            .contentEquals(LAYER);
  }
}
