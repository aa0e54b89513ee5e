package dev.rnnc.processor.read;

/** The layer annotations, by their qualified names. */
public enum LayerKind {
  LSTM("dev.rnnc.annotations.LSTM"),
  GRU("dev.rnnc.annotations.GRU"),
  SIMPLE_RNN("dev.rnnc.annotations.SimpleRNN"),
  DENSE("dev.rnnc.annotations.Dense"),
  EMBEDDING("dev.rnnc.annotations.Embedding"),
  DROPOUT("dev.rnnc.annotations.Dropout"),
  MASKING("dev.rnnc.annotations.Masking"),
  RNN("dev.rnnc.annotations.RNN");

  private final String annotation;

  LayerKind(String annotation) {
    this.annotation = annotation;
  }

  /** The annotation's qualified name. */
  public String annotation() {
    return annotation;
  }

  /** The annotation's simple name, as users write it: {@code LSTM}, {@code SimpleRNN}. */
  public String simpleName() {
    return annotation.substring(annotation.lastIndexOf('.') + 1);
  }

  /** Whether this is a recurrent layer. */
  public boolean isRecurrent() {
    return this == LSTM || this == GRU || this == SIMPLE_RNN;
  }

  /** The kind whose annotation has this qualified name, or null. */
  public static LayerKind ofAnnotation(String qualifiedName) {
    for (LayerKind kind : values()) {
      if (kind.annotation.equals(qualifiedName)) {
        return kind;
      }
    }
    return null;
  }
}
