package dev.rnnc.processor.read;

import java.util.HashMap;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * The values of one annotation, defaults filled in, remembering which were written explicitly so
 * that errors point at the value the user wrote.
 */
public final class AnnotationValues implements OptionValues {
  private final AnnotationMirror mirror;
  private final Map<String, AnnotationValue> explicit = new HashMap<>();
  private final Map<String, AnnotationValue> all = new HashMap<>();

  /** Reads {@code mirror}'s values with defaults. */
  public AnnotationValues(AnnotationMirror mirror, Elements elements) {
    this.mirror = mirror;
    mirror.getElementValues().forEach((k, v) -> explicit.put(k.getSimpleName().toString(), v));
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        elements.getElementValuesWithDefaults(mirror).entrySet()) {
      all.put(e.getKey().getSimpleName().toString(), e.getValue());
    }
  }

  /** The annotation these values belong to. */
  @Override
  public AnnotationMirror mirror() {
    return mirror;
  }

  /**
   * The value as written, or null when the default applies (errors then point at the annotation).
   */
  @Override
  public AnnotationValue written(String name) {
    return explicit.get(name);
  }

  /** An int member. */
  @Override
  public boolean has(String name) {
    return all.containsKey(name);
  }

  /** An int member. */
  @Override
  public int intValue(String name) {
    return ((Number) raw(name)).intValue();
  }

  /** A double member. */
  @Override
  public double doubleValue(String name) {
    return ((Number) raw(name)).doubleValue();
  }

  /** A boolean member. */
  @Override
  public boolean booleanValue(String name) {
    return (Boolean) raw(name);
  }

  /** A String member. */
  @Override
  public String stringValue(String name) {
    return (String) raw(name);
  }

  /** An enum member's constant name. */
  public String enumValue(String name) {
    return ((VariableElement) raw(name)).getSimpleName().toString();
  }

  /** An array member's element values. */
  public java.util.List<Object> listValue(String name) {
    return ((java.util.List<?>) raw(name))
        .stream().map(v -> ((AnnotationValue) v).getValue()).toList();
  }

  /** A {@code Class} member, as the type it names. */
  public javax.lang.model.type.TypeMirror typeValue(String name) {
    return (javax.lang.model.type.TypeMirror) raw(name);
  }

  /** A nested annotation member. */
  public AnnotationMirror annotationValue(String name) {
    return (AnnotationMirror) raw(name);
  }

  /**
   * An annotation-array member's annotations; a single annotation written without braces (Java
   * allows {@code input = @Input(...)} for an array member) is a one-element list.
   */
  public java.util.List<AnnotationMirror> annotationList(String name) {
    Object raw = raw(name);
    if (raw instanceof AnnotationMirror single) {
      return java.util.List.of(single);
    }
    return ((java.util.List<?>) raw)
        .stream().map(v -> (AnnotationMirror) ((AnnotationValue) v).getValue()).toList();
  }

  /**
   * The value of an annotation-array member's element as written, for error positions; null if
   * defaulted.
   */
  public AnnotationValue writtenElement(String name, int index) {
    AnnotationValue value = explicit.get(name);
    if (value == null) {
      return null;
    }
    if (value.getValue() instanceof java.util.List<?> list) {
      return index < list.size() ? (AnnotationValue) list.get(index) : null;
    }
    return index == 0 ? value : null;
  }

  private Object raw(String name) {
    AnnotationValue value = all.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no member " + name + " in " + mirror);
    }
    return value.getValue();
  }
}
