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

  /** Whether some layer keeps state between calls. */
  public boolean isStateful() {
    return layers.stream().anyMatch(ModelSpec::isStateful);
  }

  /** Whether {@code layer} keeps state between calls. */
  public static boolean isStateful(LayerSpec layer) {
    return switch (layer) {
      case RecurrentSpec r -> r.options().stateful();
      case BidirectionalSpec b -> b.layer().options().stateful();
      default -> false;
    };
  }
}
