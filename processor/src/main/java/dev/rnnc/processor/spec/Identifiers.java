package dev.rnnc.processor.spec;

/**
 * How generated identifiers derive from layer names, shared by the generator and the rule that
 * keeps them unique.
 */
public final class Identifiers {
  private Identifiers() {}

  /**
   * The prefix of a layer's constants: {@code denseA} and {@code dense_a} both give {@code
   * DENSE_A}.
   */
  public static String constantPrefix(String layer) {
    return layer.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase();
  }
}
