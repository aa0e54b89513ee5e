package dev.rnnc.processor.spec;

/**
 * A {@code @Dense} layer; on a sequence it applies to every timestep.
 *
 * @param timeDistributed whether it was declared {@code @TimeDistributed} (Keras stores its weights
 *     elsewhere)
 * @param initializers how kernel and bias start in {@code create(seed)}
 */
public record DenseSpec(
    String name,
    int units,
    ActivationName activation,
    boolean useBias,
    boolean timeDistributed,
    Initializers initializers,
    Shape input,
    Shape output)
    implements LayerSpec {

  /** This layer under another name (a {@code @Shared} application). */
  public DenseSpec renamed(String name) {
    return new DenseSpec(
        name, units, activation, useBias, timeDistributed, initializers, input, output);
  }

  /** This layer applied to another input. */
  public DenseSpec applied(Shape input, Shape output) {
    return new DenseSpec(
        name, units, activation, useBias, timeDistributed, initializers, input, output);
  }
}
