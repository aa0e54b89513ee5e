package dev.rnnc.processor.read;

import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.RnncMessage;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Finds annotation values that javac could not resolve — a class, annotation or constant it reports
 * as "cannot find symbol" — before rnnc reads the model. javac hands such a value to a processor as
 * a placeholder ({@code "<error>"} for a {@code Class}, {@code int} or enum member, an annotation
 * of error type for a nested annotation), which no reader can use; each is reported once, at the
 * value, and the model is not read.
 *
 * <p>Covers every annotation on the model interface, its methods and their parameters, and the
 * annotations of the classes its {@code Class} members name (a custom cell's {@code @RnnCell}).
 */
public final class UnresolvedValues {
  private final Diagnostics diagnostics;
  private Element element;
  private AnnotationMirror top;

  private UnresolvedValues(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** Reports every unresolved value in {@code model}'s annotations; true if there was none. */
  public static boolean check(TypeElement model, Diagnostics diagnostics) {
    UnresolvedValues check = new UnresolvedValues(diagnostics);
    int before = diagnostics.errorCount();
    check.annotationsOf(model, true);
    for (Element member : model.getEnclosedElements()) {
      check.annotationsOf(member, true);
      if (member instanceof ExecutableElement method) {
        method.getParameters().forEach(p -> check.annotationsOf(p, false));
      }
    }
    return diagnostics.errorCount() == before;
  }

  private void annotationsOf(Element owner, boolean followClasses) {
    for (AnnotationMirror annotation : owner.getAnnotationMirrors()) {
      if (annotation.getAnnotationType().getKind() == TypeKind.ERROR) {
        continue; // an unknown annotation on the element itself is javac's to report, not ours
      }
      element = owner;
      top = annotation;
      values(annotation, followClasses);
    }
  }

  private void values(AnnotationMirror annotation, boolean followClasses) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        annotation.getElementValues().entrySet()) {
      String member = entry.getKey().getSimpleName().toString();
      TypeMirror expected = entry.getKey().getReturnType();
      AnnotationValue value = entry.getValue();
      if (expected instanceof ArrayType array && value.getValue() instanceof List<?> list) {
        for (Object item : list) {
          value(
              annotation, member, array.getComponentType(), (AnnotationValue) item, followClasses);
        }
      } else {
        TypeMirror single =
            expected instanceof ArrayType array ? array.getComponentType() : expected;
        value(annotation, member, single, value, followClasses);
      }
    }
  }

  private void value(
      AnnotationMirror owner,
      String member,
      TypeMirror expected,
      AnnotationValue value,
      boolean followClasses) {
    Object raw = value.getValue();
    String what = expectedKind(expected);
    boolean resolved =
        switch (what) {
          case "a class" -> raw instanceof TypeMirror type && type.getKind() != TypeKind.ERROR;
          case "an annotation" ->
              raw instanceof AnnotationMirror nested
                  && nested.getAnnotationType().getKind() != TypeKind.ERROR;
          case "an enum constant" -> raw instanceof VariableElement;
          case "a constant" -> !(raw instanceof String) || isString(expected);
          default -> true;
        };
    if (!resolved) {
      diagnostics.error(
          element,
          top,
          value,
          RnncMessage.UNRESOLVED_VALUE,
          member,
          simpleName(owner),
          what,
          element.getKind() == ElementKind.INTERFACE ? element.getSimpleName() : element);
      return;
    }
    if (raw instanceof AnnotationMirror nested) {
      values(nested, followClasses);
    } else if (followClasses
        && raw instanceof DeclaredType type
        && type.asElement() instanceof TypeElement named) {
      Element savedElement = element;
      AnnotationMirror savedTop = top;
      annotationsOf(named, false); // one level: the named class's own annotations
      element = savedElement;
      top = savedTop;
    }
  }

  private static String expectedKind(TypeMirror expected) {
    if (expected.getKind().isPrimitive()) {
      return "a constant";
    }
    if (expected instanceof DeclaredType declared) {
      return switch (declared.asElement().getKind()) {
        case ANNOTATION_TYPE -> "an annotation";
        case ENUM -> "an enum constant";
        default ->
            ((TypeElement) declared.asElement()).getQualifiedName().contentEquals("java.lang.Class")
                ? "a class"
                : "a constant";
      };
    }
    return "a constant";
  }

  private static boolean isString(TypeMirror type) {
    return type instanceof DeclaredType declared
        && ((TypeElement) declared.asElement())
            .getQualifiedName()
            .contentEquals("java.lang.String");
  }

  private static String simpleName(AnnotationMirror annotation) {
    return annotation.getAnnotationType().asElement().getSimpleName().toString();
  }
}
