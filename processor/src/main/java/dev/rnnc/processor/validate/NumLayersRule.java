package dev.rnnc.processor.validate;

import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.RnncMessage;
import dev.rnnc.processor.read.LayerDecl;
import dev.rnnc.processor.read.LayerKind;
import dev.rnnc.processor.read.ModelDecl;
import dev.rnnc.processor.read.WrapperKind;

/**
 * {@code numLayers} (PyTorch's {@code num_layers}) on
 * {@code @LSTM}/{@code @GRU}/{@code @SimpleRNN}: at least 1; above 1 the layer is a stack of cells,
 * which cannot be wrapped in {@code @Bidirectional} (PyTorch feeds both directions of a layer to
 * the next one, which a Bidirectional stack does not), project ({@code projSize}), or unroll.
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
        diagnostics.error(
            layer.method(),
            values.mirror(),
            at,
            RnncMessage.NUM_LAYERS_CONFLICT,
            numLayers,
            cells,
            "@Bidirectional",
            "PyTorch's bidirectional layers feed both directions to the next layer; declare one"
                + " @Bidirectional layer per PyTorch layer (mergeMode = \"concat\")");
      }
      if (layer.kind() == LayerKind.LSTM && values.intValue("projSize") > 0) {
        diagnostics.error(
            layer.method(),
            values.mirror(),
            at,
            RnncMessage.NUM_LAYERS_CONFLICT,
            numLayers,
            cells,
            "projSize",
            "declare one @LSTM(projSize = ...) per PyTorch layer");
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
}
