package dev.rnnc.processor.spec;

import java.util.List;

/**
 * Where a layer's inputs come from: the graph edges into it.
 *
 * @param layer the layer's name
 * @param inputs the inputs or layers whose outputs it consumes, by name (an input's name, empty
 *     for the unnamed single input), in parameter order
 * @param initialState the recurrent layer whose final states start this one ({@code @InitialState}), or null
 * @param parameters the layer method's parameter names, in order (its accessor must declare them too)
 */
public record Node(String layer, List<String> inputs, String initialState, List<String> parameters) {
  /** The source of the layer's (first) input. */
  public String input() {
    return inputs.getFirst();
  }
}
