package dev.rnnc.importer;

/**
 * The shape of one sample at some point of the model, batch axis left out.
 *
 * @param kind token ids, a sequence of vectors, or one vector
 * @param timesteps the sequence length, or null when it varies (Keras {@code None}); unused for
 *     vectors
 * @param size the vector size (features or units); unused for token ids
 */
record Shape(Kind kind, Integer timesteps, int size) {
  /** What one sample is. */
  enum Kind {
    TOKENS,
    SEQUENCE,
    VECTOR
  }

  static Shape tokens(Integer timesteps) {
    return new Shape(Kind.TOKENS, timesteps, 0);
  }

  static Shape sequence(Integer timesteps, int size) {
    return new Shape(Kind.SEQUENCE, timesteps, size);
  }

  static Shape vector(int size) {
    return new Shape(Kind.VECTOR, null, size);
  }

  /** The same kind and length with another vector size (Dense, Embedding, recurrent layers). */
  Shape withSize(int newSize) {
    return kind == Kind.VECTOR ? vector(newSize) : sequence(timesteps, newSize);
  }

  boolean isSequence() {
    return kind != Kind.VECTOR;
  }

  /** The Java type of one sample: {@code int[]}, {@code float[][]} or {@code float[]}. */
  String javaType() {
    return switch (kind) {
      case TOKENS -> "int[]";
      case SEQUENCE -> "float[][]";
      case VECTOR -> "float[]";
    };
  }

  /** {@code (30, 64)}, {@code (T, 3)}, {@code (64,)}, {@code (12,) ids}. */
  @Override
  public String toString() {
    return render("");
  }

  /** As {@link #toString()} with a leading batch axis: {@code (B, 30, 64)}. */
  String batched() {
    return render("B, ");
  }

  private String render(String batch) {
    String steps = timesteps == null ? "T" : timesteps.toString();
    return switch (kind) {
      case TOKENS -> "(" + batch + steps + (batch.isEmpty() ? ",) ids" : ") ids");
      case SEQUENCE -> "(" + batch + steps + ", " + size + ")";
      case VECTOR -> "(" + batch + size + (batch.isEmpty() ? ",)" : ")");
    };
  }
}
