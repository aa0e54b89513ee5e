package dev.rnnc.processor.spec;

import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * A checked model: everything the generator needs, nothing it must still decide.
 *
 * @param type the interface (the originating element of the generated file)
 * @param packageName the package of the interface and the generated class
 * @param generatedName the generated class's simple name
 * @param modelName the model name ({@code @RnnModel(name)} or the interface's simple name)
 * @param input the input shape of one sample
 * @param layers layers in order
 * @param calls call methods in declaration order
 */
public record ModelSpec(
    TypeElement type, String packageName, String generatedName, String modelName, Shape input,
    List<LayerSpec> layers, List<CallSpec> calls) {

  /** The shape of one sample's output: the last layer's. */
  public Shape output() {
    return layers.getLast().output();
  }

  /** Whether some call advances one timestep, so the layers run on 1 or all timesteps. */
  public boolean hasStepCalls() {
    return calls.stream().anyMatch(CallSpec::step);
  }

  /**
   * The final states the last layer returns with {@code returnState}, in Keras' order: LSTM h, c;
   * GRU/SimpleRNN h; Bidirectional the forward states, then the backward ones. Empty otherwise.
   */
  public List<StateSpec> returnedStates() {
    RecurrentSpec layer = recurrent(layers.getLast());
    return layer == null || !layer.options().returnState() ? List.of() : states(layers.getLast());
  }

  /**
   * The first recurrent layer: the one that takes initial states passed to a call method, or null.
   */
  public LayerSpec firstRecurrentLayer() {
    return layers.stream().filter(l -> recurrent(l) != null).findFirst().orElse(null);
  }

  /** The states of {@link #firstRecurrentLayer()}, which a call may pass as its initial states. */
  public List<StateSpec> initialStates() {
    LayerSpec first = firstRecurrentLayer();
    return first == null ? List.of() : states(first);
  }

  private static RecurrentSpec recurrent(LayerSpec layer) {
    return switch (layer) {
      case RecurrentSpec r -> r;
      case BidirectionalSpec b -> b.layer();
      default -> null;
    };
  }

  /** A recurrent or Bidirectional layer's states, in Keras' order. */
  private static List<StateSpec> states(LayerSpec recurrentLayer) {
    RecurrentSpec layer = recurrent(recurrentLayer);
    List<String> directions = recurrentLayer instanceof BidirectionalSpec ? List.of("forward", "backward") : List.of("");
    List<StateSpec> states = new java.util.ArrayList<>();
    for (String direction : directions) {
      states.add(new StateSpec(direction, "h", layer.outputUnits()));
      if (layer instanceof LstmSpec) {
        states.add(new StateSpec(direction, "c", layer.units()));
      }
    }
    return List.copyOf(states);
  }

  /**
   * One returned state.
   *
   * @param direction {@code ""}, or {@code "forward"} / {@code "backward"} in a Bidirectional layer
   * @param name {@code h} or {@code c}
   * @param width its width
   */
  public record StateSpec(String direction, String name, int width) {}

  /** Whether some layer keeps state between calls. */
  public boolean isStateful() {
    return layers.stream().anyMatch(ModelSpec::isStateful);
  }

  /** Whether {@code layer} keeps state between calls. */
  public static boolean isStateful(LayerSpec layer) {
    return switch (layer) {
      case RecurrentSpec r -> r.options().stateful();
      case BidirectionalSpec b -> b.layer().options().stateful();
      case CellSpec c -> c.stateful();
      default -> false;
    };
  }
}
