package dev.rnnc.processor.generate;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.rnnc.processor.spec.CallSpec;
import dev.rnnc.processor.spec.CellSpec;
import dev.rnnc.processor.spec.LayerSpec;
import dev.rnnc.processor.spec.ModelSpec;
import dev.rnnc.processor.spec.Node;
import dev.rnnc.processor.spec.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The result of a call with several outputs: a new record of copies of the named layers' outputs
 * and final states.
 */
final class OutputRecords {
  private OutputRecords() {}

  /**
   * {@code new R(Arrays.copyOf(scoreOutput, SCORE_UNITS), Outputs.sequence(tagsOutput, ...))}.
   *
   * @param buffers each layer's output buffer
   * @param timesteps the timesteps expression of the named layer's timeline
   */
  static CodeBlock of(
      CallSpec call,
      ModelSpec model,
      Map<String, Buffer> buffers,
      Function<String, String> timesteps) {
    List<CodeBlock> components =
        call.outputs().stream()
            .map(
                layer -> {
                  if (Node.isState(layer)) {
                    return stateCopy(model, layer);
                  }
                  Buffer buffer = buffers.get(layer);
                  // a direction of a mergeMode = "none" layer has its layer's shape
                  return model.layer(Node.layerOf(layer)).output().kind() == Shape.Kind.VECTOR
                      ? CodeBlock.of(
                          "$T.copyOf($N, $L)", Arrays.class, buffer.field(), buffer.width())
                      : CodeBlock.of(
                          "$T.sequence($N, $L, $L, $L)",
                          RuntimeTypes.OUTPUTS,
                          buffer.field(),
                          timesteps.apply(layer),
                          buffer.width(),
                          buffer.stride());
                })
            .toList();
    return CodeBlock.of(
        "new $T($L)", ClassName.get(call.record()), CodeBlock.join(components, ",$W"));
  }

  /** A copy of the final state a state source names, read after the run as the last layer's. */
  private static CodeBlock stateCopy(ModelSpec model, String source) {
    LayerSpec layer = model.layer(Node.layerOf(source));
    String every = Node.stateOf(source);
    if (every.equals(ModelSpec.EVERY_H) || every.equals(ModelSpec.EVERY_C)) {
      return everyLayer(model, layer, every.equals(ModelSpec.EVERY_H) ? "h" : "c");
    }
    List<ModelSpec.StateSpec> states = ModelSpec.returnedStates(layer);
    for (int i = 0; i < states.size(); i++) {
      if (ModelSpec.stateName(states.get(i)).equals(Node.stateOf(source))) {
        return ModelGenerator.returnedStates(layer).get(i);
      }
    }
    throw new IllegalStateException(source + " names no state of " + layer.name());
  }

  /**
   * PyTorch's {@code h_n} or {@code c_n} of one sample: {@code new float[][] {copies}}, one per
   * layer and direction in PyTorch's order (layer 0, layer 0 reverse, layer 1, ...).
   *
   * @param state {@code h} or {@code c}
   */
  private static CodeBlock everyLayer(ModelSpec model, LayerSpec layer, String state) {
    List<CodeBlock> rows = new java.util.ArrayList<>();
    for (LayerSpec part : model.torchLayers(layer)) {
      List<ModelSpec.StateSpec> names =
          part instanceof CellSpec cell ? cell.states() : ModelSpec.states(part);
      List<CodeBlock> copies = ModelGenerator.stateCopies(part);
      for (int i = 0; i < names.size(); i++) {
        if (names.get(i).name().startsWith(state)) { // h, or a stacked cell's h0, h1, ...
          rows.add(copies.get(i));
        }
      }
    }
    return CodeBlock.of("new float[][] {$L}", CodeBlock.join(rows, ",$W"));
  }
}
