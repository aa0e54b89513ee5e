package dev.rnnc.processor.validate;

import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.RnncMessage;
import dev.rnnc.processor.read.CellDecl;
import dev.rnnc.processor.read.LayerDecl;
import dev.rnnc.processor.read.ModelDecl;
import dev.rnnc.processor.read.OptionValues;
import dev.rnnc.processor.spec.Cell;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;

/**
 * Dropout rates lie in [0, 1): {@code @Dropout(rate)}, and the recurrent layers' and built-in
 * {@code @Cell}s' {@code dropout} and {@code recurrentDropout}.
 */
final class DropoutRateRule implements DeclarationRule {
  private static final List<String> RECURRENT = List.of("dropout", "recurrentDropout");

  @Override
  public void check(ModelDecl model, Diagnostics diagnostics) {
    for (LayerDecl layer : model.layers()) {
      switch (layer.kind()) {
        case DROPOUT -> check(layer, layer.values(), "rate", diagnostics);
        case LSTM, GRU, SIMPLE_RNN -> {
          for (String option : RECURRENT) {
            check(layer, layer.values(), option, diagnostics);
          }
        }
        case RNN -> {
          for (Object element : layer.values().listValue("cells")) {
            CellDecl cell = CellDecl.of((AnnotationMirror) element);
            for (String option : RECURRENT) {
              // a custom cell has no such options: CellRule reports one written there
              if (cell.written(option) != null
                  && Cell.Type.ofClass(cell.type().getQualifiedName().toString())
                      != Cell.Type.CUSTOM) {
                check(layer, cell, option, diagnostics);
              }
            }
          }
        }
        default -> {}
      }
    }
  }

  private static void check(
      LayerDecl layer, OptionValues values, String option, Diagnostics diagnostics) {
    double rate = values.doubleValue(option);
    if (!(rate >= 0 && rate < 1)) {
      diagnostics.error(
          layer.method(),
          values.mirror(),
          values.written(option),
          RnncMessage.RATE_OUT_OF_RANGE,
          option,
          rate);
    }
  }
}
