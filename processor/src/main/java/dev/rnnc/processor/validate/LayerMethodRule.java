package dev.rnnc.processor.validate;

import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.RnncMessage;
import dev.rnnc.processor.read.LayerDecl;
import dev.rnnc.processor.read.ModelDecl;
import java.util.HashSet;
import java.util.Set;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.element.TypeElement;

/** Layer methods: return {@code Layer}, take no parameters, and have unique names. */
final class LayerMethodRule implements DeclarationRule {
  static final String LAYER = "dev.rnnc.runtime.Layer";

  @Override
  public void check(ModelDecl model, Diagnostics diagnostics) {
    Set<String> names = new HashSet<>();
    for (LayerDecl layer : model.layers()) {
      if (!returnsLayer(layer)) {
        diagnostics.error(layer.method(), RnncMessage.LAYER_RETURN_TYPE, layer.name(), layer.method().getReturnType());
      }
      if (!layer.method().getParameters().isEmpty()) {
        diagnostics.error(layer.method(), RnncMessage.LAYER_PARAMETERS, layer.name());
      }
      if (!names.add(layer.name())) {
        diagnostics.error(layer.method(), layer.values().mirror(), RnncMessage.DUPLICATE_LAYER_NAME, layer.name());
      }
    }
  }

  private static boolean returnsLayer(LayerDecl layer) {
    var type = layer.method().getReturnType();
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().contentEquals(LAYER);
  }
}
