package dev.rnnc.processor.validate;

import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.RnncMessage;
import dev.rnnc.processor.read.AnnotationValues;
import dev.rnnc.processor.read.LayerDecl;
import dev.rnnc.processor.read.LayerKind;
import dev.rnnc.processor.read.ModelDecl;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code @Bidirectional(backwardLayer = "m")}: {@code m} is a plain {@code @LSTM}, {@code @GRU} or
 * {@code @SimpleRNN} method without parameters, with what Keras' {@code Bidirectional} checks
 * ({@code go_backwards} differs; {@code return_sequences}, {@code return_state}, {@code stateful}
 * equal) and what Keras' output inference assumes (the same output width and states as the forward
 * layer). Its own values get the per-layer checks of every layer.
 */
final class BackwardLayerRule implements DeclarationRule {
  @Override
  public void check(ModelDecl model, Diagnostics diagnostics) {
    List<LayerDecl> backwards = new ArrayList<>();
    for (LayerDecl layer : model.layers()) {
      String name = layer.backwardLayerName();
      if (name.isEmpty()) {
        continue;
      }
      if (layer.backward() == null) {
        diagnostics.error(
            layer.method(),
            layer.wrapperValues().mirror(),
            layer.wrapperValues().written("backwardLayer"),
            RnncMessage.BACKWARD_LAYER_UNKNOWN,
            name,
            layer.name(),
            why(model, layer, name));
        continue;
      }
      if (layer.kind().isRecurrent()) {
        backwards.add(layer.backward());
        check(layer, layer.backward(), diagnostics);
      }
    }
    if (!backwards.isEmpty()) { // the backward layers' own values: units, activations, ...
      ModelDecl own =
          new ModelDecl(
              model.type(), model.model(), model.inputs(), List.copyOf(backwards), List.of(), null);
      new LayerMethodRule().check(own, diagnostics);
      new SizeRule().check(own, diagnostics);
      new NameRule().check(own, diagnostics);
    }
  }

  private static String why(ModelDecl model, LayerDecl layer, String name) {
    if (name.equals(layer.name())) {
      return "it names " + layer.name() + " itself";
    }
    boolean claimed =
        model.layers().stream()
            .anyMatch(l -> l.backward() != null && l.backward().name().equals(name));
    if (claimed) {
      return name + " is already the backward layer of another Bidirectional layer";
    }
    boolean wrapped = model.layers().stream().anyMatch(l -> l.name().equals(name));
    return wrapped
        ? name
            + " carries a wrapper (@"
            + model.layers().stream()
                .filter(l -> l.name().equals(name))
                .findFirst()
                .orElseThrow()
                .wrapper()
                .simpleName()
            + ")"
        : "there is no layer method " + name;
  }

  private static void check(LayerDecl forward, LayerDecl backward, Diagnostics diagnostics) {
    AnnotationValues f = forward.values();
    AnnotationValues b = backward.values();
    String problem = null;
    if (!backward.kind().isRecurrent()) {
      problem = "must be an @LSTM, @GRU or @SimpleRNN, not @" + backward.kind().simpleName();
    } else if (!backward.method().getParameters().isEmpty()) {
      problem = "takes the Bidirectional layer's input, so its method declares no parameters";
    } else if (b.intValue("numLayers") != 1) {
      problem = "cannot set numLayers (one recurrent layer per direction)";
    } else if (backward.kind() == LayerKind.LSTM && b.intValue("projSize") != 0) {
      problem = "cannot set projSize (Keras' LSTM has no projection)";
    }
    if (problem != null) {
      diagnostics.error(
          backward.method(),
          b.mirror(),
          RnncMessage.BACKWARD_LAYER_KIND,
          backward.name(),
          forward.name(),
          problem);
      return;
    }
    if (f.booleanValue("goBackwards") == b.booleanValue("goBackwards")) {
      mismatch(
          forward,
          backward,
          "goBackwards = " + !f.booleanValue("goBackwards"),
          "goBackwards",
          diagnostics);
    }
    for (String option : List.of("returnSequences", "returnState", "stateful")) {
      if (f.booleanValue(option) != b.booleanValue(option)) {
        mismatch(forward, backward, "the same " + option, option, diagnostics);
      }
    }
    int forwardWidth = width(forward);
    int backwardWidth = width(backward);
    boolean forwardC = forward.kind() == LayerKind.LSTM;
    boolean backwardC = backward.kind() == LayerKind.LSTM;
    String shape = null;
    if (forwardWidth != backwardWidth) {
      shape = "width " + backwardWidth;
    } else if (f.booleanValue("returnState")
        && (forwardC != backwardC || forwardC && f.intValue("units") != b.intValue("units"))) {
      shape = "the states " + states(backward);
    }
    if (shape != null) {
      diagnostics.error(
          backward.method(),
          b.mirror(),
          RnncMessage.BACKWARD_LAYER_SHAPE,
          backward.name(),
          forward.name(),
          "width "
              + forwardWidth
              + (f.booleanValue("returnState") ? ", states " + states(forward) : ""),
          backward.name(),
          shape);
    }
  }

  private static void mismatch(
      LayerDecl forward,
      LayerDecl backward,
      String required,
      String option,
      Diagnostics diagnostics) {
    var at = backward.values().written(option);
    diagnostics.error(
        backward.method(),
        backward.values().mirror(),
        at,
        RnncMessage.BACKWARD_LAYER_MISMATCH,
        backward.name(),
        required,
        forward.name(),
        option + " = " + forward.values().booleanValue(option),
        backward.name(),
        option + " = " + backward.values().booleanValue(option));
  }

  private static int width(LayerDecl layer) {
    int proj = layer.kind() == LayerKind.LSTM ? layer.values().intValue("projSize") : 0;
    return proj > 0 ? proj : layer.values().intValue("units");
  }

  private static String states(LayerDecl layer) {
    int units = layer.values().intValue("units");
    return layer.kind() == LayerKind.LSTM
        ? "(h " + width(layer) + ", c " + units + ")"
        : "(h " + units + ")";
  }
}
