package dev.rnnc.processor.validate;

import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.RnncMessage;
import dev.rnnc.processor.read.LayerDecl;
import dev.rnnc.processor.read.ModelDecl;
import dev.rnnc.processor.read.WrapperKind;
import dev.rnnc.processor.spec.BidirectionalSpec;

/**
 * {@code numLayers} (PyTorch's {@code num_layers}) on
 * {@code @LSTM}/{@code @GRU}/{@code @SimpleRNN}: at least 1; above 1 the layer is a stack of cells
 * (with {@code projSize}, each projects), which cannot unroll. Under {@code @Bidirectional} it is
 * PyTorch's {@code bidirectional=True} module: a chain of Bidirectional layers, each reading both
 * directions of the one below, concatenated as PyTorch does ({@code mergeMode = "concat"}), without
 * a declared backward layer; the lower layers take the names {@code <layer>_l0}, ..., which no
 * declared layer may have.
 */
final class NumLayersRule implements DeclarationRule {
  @Override
  public void check(ModelDecl model, Diagnostics diagnostics) {
    for (LayerDecl layer : model.layers()) {
      if (!layer.kind().isRecurrent()) {
        continue;
      }
      var values = layer.values();
      int numLayers = values.intValue("numLayers");
      var at = values.written("numLayers");
      if (numLayers < 1) {
        diagnostics.error(
            layer.method(), values.mirror(), at, RnncMessage.NUM_LAYERS_INVALID, numLayers);
        continue;
      }
      if (numLayers == 1) {
        continue;
      }
      String cells = layer.kind().simpleName();
      if (layer.wrapper() == WrapperKind.BIDIRECTIONAL) {
        checkBidirectional(model, layer, numLayers, cells, diagnostics);
      }
      if (values.booleanValue("unroll")) {
        diagnostics.error(
            layer.method(),
            values.mirror(),
            at,
            RnncMessage.NUM_LAYERS_CONFLICT,
            numLayers,
            cells,
            "unroll",
            "stacked cells run in the timestep loop");
      }
    }
  }

  private static void checkBidirectional(
      ModelDecl model, LayerDecl layer, int numLayers, String cells, Diagnostics diagnostics) {
    var wrapper = layer.wrapperValues();
    String mode = wrapper.stringValue("mergeMode");
    if (!mode.equals("concat")) {
      diagnostics.error(
          layer.method(),
          wrapper.mirror(),
          wrapper.written("mergeMode"),
          RnncMessage.NUM_LAYERS_CONFLICT,
          numLayers,
          cells,
          "@Bidirectional(mergeMode = \"" + mode + "\")",
          "PyTorch concatenates both directions of each layer for the next one and for its output;"
              + " declare mergeMode = \"concat\"");
    }
    if (!layer.backwardLayerName().isEmpty()) {
      diagnostics.error(
          layer.method(),
          wrapper.mirror(),
          wrapper.written("backwardLayer"),
          RnncMessage.NUM_LAYERS_CONFLICT,
          numLayers,
          cells,
          "a backwardLayer",
          "every layer's reverse direction is a copy of its forward one, as in PyTorch");
    }
    for (int k = 0; k < numLayers - 1; k++) {
      String lower = BidirectionalSpec.lowerLayerName(layer.name(), k);
      for (LayerDecl other : model.layers()) {
        if (other.name().equals(lower)) {
          diagnostics.error(
              other.method(),
              other.values().mirror(),
              RnncMessage.NUM_LAYERS_NAME_TAKEN,
              lower,
              k,
              layer.name(),
              numLayers);
        }
      }
    }
  }
}
