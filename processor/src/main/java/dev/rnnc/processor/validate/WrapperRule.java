package dev.rnnc.processor.validate;

import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.RnncMessage;
import dev.rnnc.processor.read.LayerDecl;
import dev.rnnc.processor.read.LayerKind;
import dev.rnnc.processor.read.ModelDecl;
import dev.rnnc.processor.read.WrapperKind;
import dev.rnnc.processor.spec.BidirectionalSpec;
import java.util.List;

/**
 * {@code @Bidirectional} wraps a recurrent layer with a known merge mode; {@code @TimeDistributed}
 * wraps {@code @Dense}.
 */
final class WrapperRule implements DeclarationRule {
  /**
   * What {@code @Bidirectional} around {@code @RNN} does not do yet, each reported at its value.
   */
  private static void checkAroundCells(LayerDecl layer, Diagnostics diagnostics) {
    var wrapper = layer.wrapperValues();
    if (!wrapper.stringValue("backwardLayer").isEmpty()) {
      diagnostics.error(
          layer.method(),
          wrapper.mirror(),
          wrapper.written("backwardLayer"),
          RnncMessage.BIDIRECTIONAL_CELL_UNSUPPORTED,
          "backwardLayer",
          "drop it; the backward direction is a copy of the @RNN layer");
    }
    if ("none".equals(wrapper.stringValue("mergeMode"))) {
      diagnostics.error(
          layer.method(),
          wrapper.mirror(),
          wrapper.written("mergeMode"),
          RnncMessage.BIDIRECTIONAL_CELL_UNSUPPORTED,
          "mergeMode = \"none\"",
          "use concat, sum, mul or ave");
    }
    if (layer.values().booleanValue("stateful")) {
      diagnostics.error(
          layer.method(),
          layer.values().mirror(),
          layer.values().written("stateful"),
          RnncMessage.BIDIRECTIONAL_CELL_UNSUPPORTED,
          "stateful = true",
          "drop @Bidirectional or stateful");
    }
  }

  @Override
  public void check(ModelDecl model, Diagnostics diagnostics) {
    for (LayerDecl layer : model.layers()) {
      if (layer.wrapper() == WrapperKind.BIDIRECTIONAL) {
        if (!layer.kind().isRecurrent() && layer.kind() != LayerKind.RNN) {
          diagnostics.error(
              layer.method(),
              layer.wrapperValues().mirror(),
              RnncMessage.BIDIRECTIONAL_NEEDS_RECURRENT,
              layer.kind().simpleName());
        }
        if (layer.kind() == LayerKind.RNN) {
          checkAroundCells(layer, diagnostics);
        }
        String mergeMode = layer.wrapperValues().stringValue("mergeMode");
        if (BidirectionalSpec.MergeMode.ofKeras(mergeMode) == null) {
          diagnostics.error(
              layer.method(),
              layer.wrapperValues().mirror(),
              layer.wrapperValues().written("mergeMode"),
              RnncMessage.UNKNOWN_MERGE_MODE,
              mergeMode,
              Suggestion.didYouMean(mergeMode, List.of("concat", "sum", "mul", "ave", "none")));
        }
      } else if (layer.wrapper() == WrapperKind.TIME_DISTRIBUTED
          && layer.kind() != LayerKind.DENSE) {
        diagnostics.error(
            layer.method(),
            layer.wrapperValues().mirror(),
            RnncMessage.TIME_DISTRIBUTED_NEEDS_DENSE,
            layer.kind().simpleName());
      }
    }
  }
}
