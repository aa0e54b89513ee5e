package dev.rnnc.processor.read;

/** Annotations that wrap the layer annotation on the same method. */
public enum WrapperKind {
  BIDIRECTIONAL("dev.rnnc.annotations.Bidirectional"),
  TIME_DISTRIBUTED("dev.rnnc.annotations.TimeDistributed");

  private final String annotation;

  WrapperKind(String annotation) {
    this.annotation = annotation;
  }

  /** The annotation's qualified name. */
  public String annotation() {
    return annotation;
  }

  /** The annotation's simple name: {@code Bidirectional}. */
  public String simpleName() {
    return annotation.substring(annotation.lastIndexOf('.') + 1);
  }

  /** The kind whose annotation has this qualified name, or null. */
  public static WrapperKind ofAnnotation(String qualifiedName) {
    for (WrapperKind kind : values()) {
      if (kind.annotation.equals(qualifiedName)) {
        return kind;
      }
    }
    return null;
  }
}
