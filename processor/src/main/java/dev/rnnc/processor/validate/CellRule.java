package dev.rnnc.processor.validate;

import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.RnncMessage;
import dev.rnnc.processor.read.LayerDecl;
import dev.rnnc.processor.read.LayerKind;
import dev.rnnc.processor.read.ModelDecl;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * {@code @RNN(cell = X.class)}: X implements {@code dev.rnnc.runtime.Cell}, carries {@code
 * @RnnCell} with valid sizes, and has a public {@code (int inputSize, int units)} constructor.
 */
final class CellRule implements DeclarationRule {
  static final String CELL = "dev.rnnc.runtime.Cell";
  static final String RNN_CELL = "dev.rnnc.annotations.RnnCell";

  @Override
  public void check(ModelDecl model, Diagnostics diagnostics) {
    for (LayerDecl layer : model.layers()) {
      if (layer.kind() != LayerKind.RNN) {
        continue;
      }
      var at = layer.values().written("cell");
      TypeElement cell = (TypeElement) ((DeclaredType) layer.values().typeValue("cell")).asElement();
      String name = cell.getSimpleName().toString();
      if (!implementsCell(cell)) {
        diagnostics.error(layer.method(), layer.values().mirror(), at, RnncMessage.CELL_NOT_A_CELL, name);
      }
      if (shape(cell) == null) {
        diagnostics.error(layer.method(), layer.values().mirror(), at, RnncMessage.CELL_WITHOUT_SHAPE, name);
      }
      if (cell.getModifiers().contains(Modifier.ABSTRACT) || !hasConstructor(cell)) {
        diagnostics.error(layer.method(), layer.values().mirror(), at, RnncMessage.CELL_CONSTRUCTOR, name);
      }
    }
  }

  /** The {@code @RnnCell} on {@code cell}, or null. */
  static AnnotationMirror shape(TypeElement cell) {
    for (AnnotationMirror annotation : cell.getAnnotationMirrors()) {
      if (((TypeElement) annotation.getAnnotationType().asElement()).getQualifiedName().contentEquals(RNN_CELL)) {
        return annotation;
      }
    }
    return null;
  }

  private static boolean implementsCell(TypeElement type) {
    for (TypeMirror parent : type.getInterfaces()) {
      TypeElement element = (TypeElement) ((DeclaredType) parent).asElement();
      if (element.getQualifiedName().contentEquals(CELL) || implementsCell(element)) {
        return true;
      }
    }
    TypeMirror superclass = type.getSuperclass();
    return superclass.getKind() == TypeKind.DECLARED && implementsCell((TypeElement) ((DeclaredType) superclass).asElement());
  }

  private static boolean hasConstructor(TypeElement cell) {
    for (var member : cell.getEnclosedElements()) {
      if (member.getKind() == ElementKind.CONSTRUCTOR && member.getModifiers().contains(Modifier.PUBLIC)) {
        var params = ((ExecutableElement) member).getParameters();
        if (params.size() == 2 && params.stream().allMatch(p -> p.asType().getKind() == TypeKind.INT)) {
          return true;
        }
      }
    }
    return false;
  }
}
