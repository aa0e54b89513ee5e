package dev.rnnc.processor.validate;

import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.RnncMessage;
import dev.rnnc.processor.read.LayerDecl;
import dev.rnnc.processor.read.LayerKind;
import dev.rnnc.processor.read.ModelDecl;
import dev.rnnc.processor.read.WrapperKind;
import dev.rnnc.processor.spec.BidirectionalSpec;

/** {@code @Bidirectional} wraps a recurrent layer with a known merge mode; {@code @TimeDistributed} wraps {@code @Dense}. */
final class WrapperRule implements DeclarationRule {
  @Override
  public void check(ModelDecl model, Diagnostics diagnostics) {
    for (LayerDecl layer : model.layers()) {
      if (layer.wrapper() == WrapperKind.BIDIRECTIONAL) {
        if (!layer.kind().isRecurrent()) {
          diagnostics.error(layer.method(), layer.wrapperValues().mirror(), RnncMessage.BIDIRECTIONAL_NEEDS_RECURRENT,
              layer.kind().simpleName());
        }
        String mergeMode = layer.wrapperValues().stringValue("mergeMode");
        if (BidirectionalSpec.MergeMode.ofKeras(mergeMode) == null) {
          diagnostics.error(layer.method(), layer.wrapperValues().mirror(), layer.wrapperValues().written("mergeMode"),
              RnncMessage.UNKNOWN_MERGE_MODE, mergeMode);
        }
      } else if (layer.wrapper() == WrapperKind.TIME_DISTRIBUTED && layer.kind() != LayerKind.DENSE) {
        diagnostics.error(layer.method(), layer.wrapperValues().mirror(), RnncMessage.TIME_DISTRIBUTED_NEEDS_DENSE,
            layer.kind().simpleName());
      }
    }
  }
}
