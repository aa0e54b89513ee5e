package dev.rnnc.processor.validate;

import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.RnncMessage;
import dev.rnnc.processor.read.LayerDecl;
import dev.rnnc.processor.read.LayerKind;
import dev.rnnc.processor.read.ModelDecl;
import dev.rnnc.processor.spec.ActivationName;
import java.util.List;

/** Activations are known Keras names; softmax only on Dense. */
final class ActivationRule implements DeclarationRule {
  @Override
  public void check(ModelDecl model, Diagnostics diagnostics) {
    for (LayerDecl layer : model.layers()) {
      for (String member : members(layer.kind())) {
        String name = layer.values().stringValue(member);
        ActivationName activation = ActivationName.ofKeras(name);
        if (activation == null) {
          diagnostics.error(layer.method(), layer.values().mirror(), layer.values().written(member),
              RnncMessage.UNKNOWN_ACTIVATION, name, String.join(", ", ActivationName.kerasNames()));
        } else if (activation == ActivationName.SOFTMAX && layer.kind() != LayerKind.DENSE) {
          diagnostics.error(layer.method(), layer.values().mirror(), layer.values().written(member),
              RnncMessage.SOFTMAX_NOT_DENSE, member, layer.kind().simpleName());
        }
      }
    }
  }

  private static List<String> members(LayerKind kind) {
    return switch (kind) {
      case LSTM, GRU -> List.of("activation", "recurrentActivation");
      case SIMPLE_RNN, DENSE -> List.of("activation");
      case EMBEDDING, DROPOUT, MASKING, RNN -> List.of();
    };
  }
}
