package dev.rnnc.processor.validate;

import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.RnncMessage;
import dev.rnnc.processor.read.AnnotationValues;
import dev.rnnc.processor.read.LayerDecl;
import dev.rnnc.processor.read.LayerKind;
import dev.rnnc.processor.read.ModelDecl;
import dev.rnnc.processor.read.WrapperKind;
import dev.rnnc.processor.spec.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;

/**
 * The wiring of a model, as its declaration states it: input names, and the {@code Layer}
 * parameters by which layer methods name the earlier inputs and layers they consume
 * ({@code @InitialState} ones included), and {@code @Shared} targets. A layer method without input
 * parameters takes the previous declaration's output. Shapes are checked later, by {@code
 * SpecBuilder}.
 */
public final class GraphRule implements DeclarationRule {
  public static final String INITIAL_STATE = "dev.rnnc.annotations.InitialState";
  static final String FORWARD = "dev.rnnc.annotations.Forward";
  static final String BACKWARD = "dev.rnnc.annotations.Backward";

  @Override
  public void check(ModelDecl model, Diagnostics diagnostics) {
    checkInputNames(model, diagnostics); // the wiring itself is read and checked once, by nodes()
  }

  /** The name each input is referred to by: its {@code name}, empty for an unnamed single input. */
  public static List<String> inputNames(ModelDecl model) {
    return model.inputs().stream().map(i -> i.stringValue("name")).toList();
  }

  private static void checkInputNames(ModelDecl model, Diagnostics diagnostics) {
    Map<String, String> taken = new HashMap<>();
    model.layers().forEach(l -> taken.putIfAbsent(l.name(), "layer " + l.name()));
    for (int i = 0; i < model.inputs().size(); i++) {
      AnnotationValues input = model.inputs().get(i);
      String name = input.stringValue("name");
      var at =
          input.written("name") != null
              ? input.written("name")
              : model.model().writtenElement("input", i);
      if (name.isEmpty()) {
        if (model.severalInputs()) {
          diagnostics.error(
              model.type(),
              model.model().mirror(),
              at,
              RnncMessage.INPUT_NAME_MISSING,
              i + 1,
              model.inputs().size());
        }
      } else if (!SourceVersion.isIdentifier(name) || SourceVersion.isKeyword(name)) {
        diagnostics.error(
            model.type(), model.model().mirror(), at, RnncMessage.INPUT_NAME_INVALID, name);
      } else if (taken.containsKey(name)) {
        diagnostics.error(
            model.type(),
            model.model().mirror(),
            at,
            RnncMessage.INPUT_NAME_TAKEN,
            name,
            taken.get(name));
      } else {
        taken.put(name, "input " + (i + 1));
      }
    }
  }

  /**
   * Each layer's node; reports what cannot be wired. After an error the node holds a best guess
   * (the previous declaration), so callers must only trust it from a clean report.
   */
  public static List<Node> nodes(ModelDecl model, Diagnostics diagnostics) {
    List<String> inputs = inputNames(model);
    List<String> layerNames = model.layers().stream().map(LayerDecl::name).toList();
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < model.layers().size(); i++) {
      LayerDecl layer = model.layers().get(i);
      String label = layer.name() + "()";
      List<String> sources = new ArrayList<>();
      String initialState = null;
      for (VariableElement parameter : layer.method().getParameters()) {
        AnnotationMirror initial = annotation(parameter, INITIAL_STATE);
        AnnotationMirror forward = annotation(parameter, FORWARD);
        AnnotationMirror direction = forward != null ? forward : annotation(parameter, BACKWARD);
        String name = initialStateValue(initial != null ? initial : direction);
        if (name == null) {
          name = parameter.getSimpleName().toString();
        }
        if (!isLayer(parameter)) {
          diagnostics.error(
              parameter, RnncMessage.LAYER_PARAMETERS, name, label, parameter.asType());
          continue;
        }
        int declared = layerNames.indexOf(name);
        boolean isInput = inputs.contains(name) && !name.isEmpty();
        if (!isInput && declared < 0) {
          List<String> known =
              new ArrayList<>(
                  inputs.stream().filter(n -> !n.isEmpty()).map(n -> "input " + n).toList());
          layerNames.subList(0, i).forEach(n -> known.add(n));
          diagnostics.error(
              parameter,
              RnncMessage.UNKNOWN_REFERENCE,
              name,
              label,
              known.isEmpty()
                  ? "nothing yet (name the input: @Input(name = \"" + name + "\", ...))"
                  : String.join(", ", known));
          continue;
        }
        if (!isInput && declared >= i) {
          diagnostics.error(
              parameter,
              RnncMessage.FORWARD_REFERENCE,
              name,
              label,
              declared == i ? "the layer itself" : "layer " + name);
          continue;
        }
        if (initial != null) {
          if (!takesInitialState(layer)) {
            diagnostics.error(
                parameter,
                RnncMessage.INITIAL_STATE_TARGET,
                layer.kind().simpleName(),
                layer.name());
          } else if (isInput) {
            diagnostics.error(
                parameter,
                RnncMessage.INITIAL_STATE_SOURCE,
                name,
                name + " is a model input, not a layer");
          } else if (initialState != null) {
            diagnostics.error(
                parameter,
                RnncMessage.INITIAL_STATE_SOURCE,
                name,
                "a layer starts from one layer's states, and "
                    + label
                    + " already names "
                    + initialState);
          } else {
            initialState = name;
          }
          continue;
        }
        if (direction != null) {
          LayerDecl target = isInput ? null : model.layers().get(declared);
          if (target == null || !mergesNone(target)) {
            diagnostics.error(
                parameter,
                direction,
                RnncMessage.DIRECTION_TARGET,
                forward != null ? "Forward" : "Backward",
                name,
                label,
                target == null
                    ? name + " is a model input"
                    : name
                        + " merges its directions"
                        + (target.wrapper() == WrapperKind.BIDIRECTIONAL
                            ? " (mergeMode = \""
                                + target.wrapperValues().stringValue("mergeMode")
                                + "\"); read it without @Forward / @Backward"
                            : ": it is no Bidirectional layer"));
            continue;
          }
          sources.add(Node.direction(name, forward == null));
          continue;
        }
        if (!isInput && mergesNone(model.layers().get(declared))) {
          diagnostics.error(
              parameter,
              RnncMessage.DIRECTION_NEEDED,
              name,
              label,
              "name one: @Forward Layer " + name + " or @Backward Layer " + name);
          sources.add(
              Node.direction(
                  name, false)); // a best guess, so later checks do not report follow-on errors
          continue;
        }
        sources.add(name);
      }
      checkCount(layer, sources.size(), diagnostics);
      if (sources.isEmpty()) {
        if (i > 0) {
          if (mergesNone(model.layers().get(i - 1))) {
            diagnostics.error(
                layer.method(),
                layer.values().mirror(),
                RnncMessage.DIRECTION_NEEDED,
                layerNames.get(i - 1),
                label,
                "name one as a parameter: @Forward Layer "
                    + layerNames.get(i - 1)
                    + " or @Backward Layer "
                    + layerNames.get(i - 1));
          }
          sources.add(layerNames.get(i - 1));
        } else {
          if (model.severalInputs()) {
            List<String> named = inputs.stream().filter(n -> !n.isEmpty()).toList();
            diagnostics.error(
                layer.method(),
                RnncMessage.INPUT_NOT_NAMED,
                label,
                String.join(", ", named),
                layer.name(),
                named.isEmpty() ? "input" : named.getFirst());
          }
          sources.add(inputs.getFirst());
        }
      }
      if (layer.kind() == LayerKind.SHARED) {
        checkShared(model, i, diagnostics);
      }
      nodes.add(
          new Node(
              layer.name(),
              List.copyOf(sources),
              initialState,
              layer.method().getParameters().stream()
                  .map(p -> p.getSimpleName().toString())
                  .toList()));
    }
    // a last layer with mergeMode = "none" outputs both directions: its calls return them in a
    // record (CallMatcher), as a Keras model outputs [forward, backward]
    return List.copyOf(nodes);
  }

  /**
   * Whether {@code layer} is a {@code @Bidirectional(mergeMode = "none")} layer, whose directions
   * stay apart.
   */
  static boolean mergesNone(LayerDecl layer) {
    return layer.wrapper() == WrapperKind.BIDIRECTIONAL
        && layer.wrapperValues().stringValue("mergeMode").equals("none");
  }

  private static void checkCount(LayerDecl layer, int count, Diagnostics diagnostics) {
    if (layer.kind().isMerge() && count < 2) {
      diagnostics.error(
          layer.method(),
          layer.values().mirror(),
          RnncMessage.LAYER_INPUT_COUNT,
          layer.kind().simpleName(),
          "two or more inputs (one Layer parameter each)",
          layer.name() + "()",
          count);
    } else if (!layer.kind().isMerge()
        && layer.kind() != LayerKind.RNN
        && count > 1) { // RNN: checked against its cell
      diagnostics.error(
          layer.method(),
          layer.values().mirror(),
          RnncMessage.LAYER_INPUT_COUNT,
          layer.kind().simpleName(),
          "one input (merge several with @Concatenate, @Add, @Multiply or @Average)",
          layer.name() + "()",
          count);
    }
  }

  /** {@code @Shared} names an earlier layer that can be applied twice. */
  private static void checkShared(ModelDecl model, int index, Diagnostics diagnostics) {
    LayerDecl layer = model.layers().get(index);
    String target = layer.values().stringValue("value");
    var at = layer.values().written("value");
    LayerDecl shared = null;
    for (int k = 0; k < index; k++) {
      if (model.layers().get(k).name().equals(target)) {
        shared = model.layers().get(k);
      }
    }
    if (shared == null) {
      boolean later = model.layers().stream().anyMatch(l -> l.name().equals(target));
      diagnostics.error(
          layer.method(),
          layer.values().mirror(),
          at,
          RnncMessage.SHARED_TARGET,
          target,
          layer.name(),
          later ? target + " is not declared before it" : "there is no layer " + target);
      return;
    }
    String reason =
        switch (shared.kind()) {
          case LSTM, GRU, SIMPLE_RNN ->
              shared.wrapper() == WrapperKind.BIDIRECTIONAL
                  ? "a Bidirectional layer cannot be shared yet"
                  : shared.values().booleanValue("stateful")
                      ? "it is stateful, so each application would carry the other's states"
                      : null;
          case DENSE, EMBEDDING -> null;
          case SHARED ->
              "it is itself a @Shared application; name the layer it shares, "
                  + shared.values().stringValue("value");
          default ->
              "only @LSTM, @GRU, @SimpleRNN, @Dense and @Embedding layers can be shared, not @"
                  + shared.kind().simpleName();
        };
    if (reason != null) {
      diagnostics.error(
          layer.method(),
          layer.values().mirror(),
          at,
          RnncMessage.SHARED_UNSUPPORTED,
          target,
          target,
          reason);
    }
  }

  /**
   * Whether the layer can start from initial states: a plain or Bidirectional LSTM, GRU or
   * SimpleRNN, or an {@code @RNN}.
   */
  private static boolean takesInitialState(LayerDecl layer) {
    return layer.kind().isRecurrent() || layer.kind() == LayerKind.RNN;
  }

  private static boolean isLayer(VariableElement parameter) {
    var type = parameter.asType();
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) type).asElement())
            .getQualifiedName()
            .contentEquals(LayerMethodRule.LAYER);
  }

  private static AnnotationMirror annotation(VariableElement parameter, String qualifiedName) {
    for (AnnotationMirror annotation : parameter.getAnnotationMirrors()) {
      if (((TypeElement) annotation.getAnnotationType().asElement())
          .getQualifiedName()
          .contentEquals(qualifiedName)) {
        return annotation;
      }
    }
    return null;
  }

  /**
   * {@code @InitialState("encoder")}'s (or {@code @Forward}'s, {@code @Backward}'s) value, or null
   * when absent or empty.
   */
  private static String initialStateValue(AnnotationMirror initialState) {
    if (initialState == null) {
      return null;
    }
    for (var entry : initialState.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals("value")
          && !entry.getValue().getValue().toString().isEmpty()) {
        return entry.getValue().getValue().toString();
      }
    }
    return null;
  }
}
