package dev.rnnc.processor.read;

import java.util.HashMap;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;

/**
 * One {@code @Cell(...)} element of {@code @RNN(cells = {...})} as written: its values with the
 * annotation's defaults, remembering which were written so errors point at them.
 */
public record CellDecl(
    AnnotationMirror mirror, Map<String, AnnotationValue> explicit, Map<String, Object> all)
    implements OptionValues {

  /** Reads a nested {@code @Cell} mirror; defaults come from the annotation type's members. */
  public static CellDecl of(AnnotationMirror mirror) {
    Map<String, AnnotationValue> explicit = new HashMap<>();
    Map<String, Object> all = new HashMap<>();
    for (var member : mirror.getAnnotationType().asElement().getEnclosedElements()) {
      if (member instanceof ExecutableElement method && method.getDefaultValue() != null) {
        all.put(method.getSimpleName().toString(), method.getDefaultValue().getValue());
      }
    }
    mirror
        .getElementValues()
        .forEach(
            (k, v) -> {
              explicit.put(k.getSimpleName().toString(), v);
              all.put(k.getSimpleName().toString(), v.getValue());
            });
    return new CellDecl(mirror, Map.copyOf(explicit), Map.copyOf(all));
  }

  /** The value as written, or null when the default applies. */
  @Override
  public AnnotationValue written(String name) {
    return explicit.get(name);
  }

  /** The {@code type} class. */
  public TypeElement type() {
    return (TypeElement) ((DeclaredType) all.get("type")).asElement();
  }

  /** An int member's value, written or default. */
  @Override
  public boolean has(String name) {
    return all.containsKey(name);
  }

  /** An int member's value, written or default. */
  @Override
  public int intValue(String name) {
    return ((Number) all.get(name)).intValue();
  }

  /** A double member's value, written or default. */
  @Override
  public double doubleValue(String name) {
    return ((Number) all.get(name)).doubleValue();
  }

  /** A boolean member's value, written or default. */
  @Override
  public boolean booleanValue(String name) {
    return (Boolean) all.get(name);
  }

  /** A String member's value, written or default. */
  @Override
  public String stringValue(String name) {
    return (String) all.get(name);
  }
}
