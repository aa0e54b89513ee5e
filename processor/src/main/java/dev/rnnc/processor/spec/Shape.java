package dev.rnnc.processor.spec;

/**
 * The shape of one sample flowing between layers, batch dimension left out.
 *
 * @param kind sequence of vectors, single vector, or sequence of token ids
 * @param timesteps timesteps of a sequence, {@link #VARIABLE} if unknown until run time; 0 for a
 *     vector
 * @param features features per timestep (or of the vector); 0 for tokens
 */
public record Shape(Kind kind, int timesteps, int features) {
  /** Marks a variable number of timesteps. */
  public static final int VARIABLE = -1;

  /** What flows. */
  public enum Kind {
    SEQUENCE,
    VECTOR,
    TOKENS
  }

  /** A (timesteps, features) float sequence. */
  public static Shape sequence(int timesteps, int features) {
    return new Shape(Kind.SEQUENCE, timesteps, features);
  }

  /** A (features,) float vector. */
  public static Shape vector(int features) {
    return new Shape(Kind.VECTOR, 0, features);
  }

  /** A (timesteps,) sequence of int ids. */
  public static Shape tokens(int timesteps) {
    return new Shape(Kind.TOKENS, timesteps, 0);
  }

  /** Whether the number of timesteps is only known at run time. */
  public boolean variableTimesteps() {
    return kind != Kind.VECTOR && timesteps == VARIABLE;
  }

  /** Whether this is a float sequence. */
  public boolean isSequence() {
    return kind == Kind.SEQUENCE;
  }

  /** Keras notation: {@code (30, 1)}, {@code (None, 8)}, {@code (64,)}, {@code (12,) int32}. */
  @Override
  public String toString() {
    String t = timesteps == VARIABLE ? "None" : Integer.toString(timesteps);
    return switch (kind) {
      case SEQUENCE -> "(" + t + ", " + features + ")";
      case VECTOR -> "(" + features + ",)";
      case TOKENS -> "(" + t + ",) int32";
    };
  }
}
