package dev.rnnc.processor.spec;

import java.util.List;

/**
 * Where a layer's inputs come from: the graph edges into it.
 *
 * @param layer the layer's name
 * @param inputs the inputs or layers whose outputs it consumes, by name (an input's name, empty for
 *     the unnamed single input), in parameter order
 * @param initialState the recurrent layer whose final states start this one
 *     ({@code @InitialState}), or null
 * @param parameters the layer method's parameter names, in order (its accessor must declare them
 *     too)
 */
public record Node(
    String layer, List<String> inputs, String initialState, List<String> parameters) {
  private static final String FORWARD = ".forward";
  private static final String BACKWARD = ".backward";
  private static final String STATE = ".state:";

  /**
   * The source naming one direction of a {@code @Bidirectional(mergeMode = "none")} layer
   * ({@code @Forward} / {@code @Backward}): {@code encoder.forward}, never a Java identifier.
   */
  public static String direction(String layer, boolean backward) {
    return layer + (backward ? BACKWARD : FORWARD);
  }

  /**
   * The source naming one final state of a layer declared with {@code returnState = true}, as a
   * call's several-outputs record returns it: {@code decoder.h}, {@code encoder.forwardC}, never a
   * Java identifier ({@code state} as {@link ModelSpec#stateName}).
   */
  public static String state(String layer, String state) {
    return layer + STATE + state;
  }

  /** Whether the source names a final state of a layer ({@link #state}). */
  public static boolean isState(String source) {
    return source.contains(STATE);
  }

  /** The state a state source names ({@code h}, {@code forwardC}, {@code h0}). */
  public static String stateOf(String source) {
    return source.substring(source.indexOf(STATE) + STATE.length());
  }

  /** The layer or input a source names: itself, or the layer of a direction or of a state. */
  public static String layerOf(String source) {
    if (isState(source)) {
      return source.substring(0, source.indexOf(STATE));
    }
    return isDirection(source) ? source.substring(0, source.lastIndexOf('.')) : source;
  }

  /** Whether the source names one direction of a layer. */
  public static boolean isDirection(String source) {
    return source.endsWith(FORWARD) || source.endsWith(BACKWARD);
  }

  /** {@code encoder's forward output}, {@code decoder's state c}, or the source itself. */
  public static String describe(String source) {
    if (isState(source)) {
      return layerOf(source) + "'s state " + stateOf(source);
    }
    return isDirection(source)
        ? layerOf(source) + "'s " + source.substring(source.lastIndexOf('.') + 1) + " output"
        : source;
  }

  /** The source of the layer's (first) input. */
  public String input() {
    return inputs.getFirst();
  }
}
