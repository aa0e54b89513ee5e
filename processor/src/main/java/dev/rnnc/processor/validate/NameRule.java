package dev.rnnc.processor.validate;

import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.RnncMessage;
import dev.rnnc.processor.read.CellDecl;
import dev.rnnc.processor.read.LayerDecl;
import dev.rnnc.processor.read.LayerKind;
import dev.rnnc.processor.read.ModelDecl;
import dev.rnnc.processor.read.OptionValues;
import dev.rnnc.processor.spec.ActivationName;
import dev.rnnc.processor.spec.Cell;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;

/**
 * Name-valued options are known Keras names, on layers and on the built-in cells of {@code
 * @RNN(cells)}: activations ({@code softmax} only on Dense).
 */
final class NameRule implements DeclarationRule {
  private static final List<String> RECURRENT = List.of("activation", "recurrentActivation");

  @Override
  public void check(ModelDecl model, Diagnostics diagnostics) {
    for (LayerDecl layer : model.layers()) {
      String where = layer.kind().simpleName();
      check(layer.method(), layer.values(), members(layer.kind()), layer.kind() == LayerKind.DENSE, where, diagnostics);
      if (layer.kind() == LayerKind.RNN) {
        for (Object element : layer.values().listValue("cells")) {
          CellDecl cell = CellDecl.of((AnnotationMirror) element);
          Cell.Type type = Cell.Type.ofClass(cell.type().getQualifiedName().toString());
          List<String> members = RECURRENT.stream().filter(type.options()::contains).toList();
          check(layer.method(), cell, members, false, "Cell(type = " + type.kerasClass() + ".class)", diagnostics);
        }
      }
    }
  }

  private static void check(Element method, OptionValues values, List<String> activations, boolean softmax, String where,
      Diagnostics diagnostics) {
    for (String member : activations) {
      String name = values.stringValue(member);
      ActivationName activation = ActivationName.ofKeras(name);
      if (activation == null) {
        diagnostics.error(method, values.mirror(), values.written(member), RnncMessage.UNKNOWN_ACTIVATION, name,
            String.join(", ", ActivationName.kerasNames()));
      } else if (activation == ActivationName.SOFTMAX && !softmax) {
        diagnostics.error(method, values.mirror(), values.written(member), RnncMessage.SOFTMAX_NOT_DENSE, member, where);
      }
    }
  }

  private static List<String> members(LayerKind kind) {
    return switch (kind) {
      case LSTM, GRU -> RECURRENT;
      case SIMPLE_RNN, DENSE -> List.of("activation");
      case EMBEDDING, DROPOUT, MASKING, RNN, CONCATENATE, ADD, MULTIPLY, AVERAGE, SHARED -> List.of();
    };
  }
}
