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
import dev.rnnc.runtime.Initializer;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;

/**
 * Name-valued options are known Keras names, on layers and on the built-in cells of
 * {@code @RNN(cells)}: activations ({@code softmax} only on Dense) and initializers (the runtime's
 * list, {@code Initializer.KERAS_NAMES}).
 */
final class NameRule implements DeclarationRule {
  private static final List<String> RECURRENT = List.of("activation", "recurrentActivation");
  private static final List<String> INITIALIZERS =
      List.of("kernelInitializer", "recurrentInitializer", "biasInitializer");
  private static final List<String> KNOWN_INITIALIZERS =
      List.of(Initializer.KERAS_NAMES.split(","));

  @Override
  public void check(ModelDecl model, Diagnostics diagnostics) {
    for (LayerDecl layer : model.layers()) {
      String where = layer.kind().simpleName();
      check(
          layer.method(),
          layer.values(),
          members(layer.kind()),
          layer.kind() == LayerKind.DENSE,
          where,
          diagnostics);
      checkInitializers(
          layer.method(),
          layer.values(),
          INITIALIZERS.stream().filter(layer.values()::has).toList(),
          diagnostics);
      if (layer.kind() == LayerKind.RNN) {
        for (Object element : layer.values().listValue("cells")) {
          CellDecl cell = CellDecl.of((AnnotationMirror) element);
          Cell.Type type = Cell.Type.ofClass(cell.type().getQualifiedName().toString());
          List<String> members = RECURRENT.stream().filter(type.options()::contains).toList();
          check(
              layer.method(),
              cell,
              members,
              false,
              "Cell(type = " + type.kerasClass() + ".class)",
              diagnostics);
          checkInitializers(
              layer.method(),
              cell,
              INITIALIZERS.stream().filter(type.options()::contains).toList(),
              diagnostics);
        }
      }
    }
  }

  private static void check(
      Element method,
      OptionValues values,
      List<String> activations,
      boolean softmax,
      String where,
      Diagnostics diagnostics) {
    // softmax is Dense's only: the other layers' lists leave it out
    List<String> known =
        ActivationName.kerasNames().stream().filter(n -> softmax || !n.equals("softmax")).toList();
    for (String member : activations) {
      String name = values.stringValue(member);
      ActivationName activation = ActivationName.ofKeras(name);
      if (activation == null) {
        diagnostics.error(
            method,
            values.mirror(),
            values.written(member),
            RnncMessage.UNKNOWN_ACTIVATION,
            name,
            String.join(", ", known),
            Suggestion.didYouMean(name, known));
      } else if (activation == ActivationName.SOFTMAX && !softmax) {
        diagnostics.error(
            method,
            values.mirror(),
            values.written(member),
            RnncMessage.SOFTMAX_NOT_DENSE,
            member,
            where);
      }
    }
  }

  private static void checkInitializers(
      Element method, OptionValues values, List<String> members, Diagnostics diagnostics) {
    for (String member : members) {
      String name = values.stringValue(member);
      if (!KNOWN_INITIALIZERS.contains(name)) {
        diagnostics.error(
            method,
            values.mirror(),
            values.written(member),
            RnncMessage.UNKNOWN_INITIALIZER,
            name,
            Initializer.KERAS_NAMES.replace(",", ", "),
            Suggestion.didYouMean(name, KNOWN_INITIALIZERS));
      }
    }
  }

  private static List<String> members(LayerKind kind) {
    return switch (kind) {
      case LSTM, GRU -> RECURRENT;
      case SIMPLE_RNN, DENSE -> List.of("activation");
      case EMBEDDING, DROPOUT, MASKING, RNN, CONCATENATE, ADD, MULTIPLY, AVERAGE, SHARED ->
          List.of();
    };
  }
}
