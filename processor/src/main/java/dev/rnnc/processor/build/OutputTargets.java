package dev.rnnc.processor.build;

import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.RnncMessage;
import dev.rnnc.processor.read.AnnotationValues;
import dev.rnnc.processor.read.ModelDecl;
import dev.rnnc.processor.spec.CallSpec;
import dev.rnnc.processor.spec.LayerSpec;
import dev.rnnc.processor.spec.ModelSpec;
import dev.rnnc.processor.spec.Node;
import dev.rnnc.processor.spec.Shape;
import dev.rnnc.processor.spec.TrainingSpec;
import dev.rnnc.processor.validate.Suggestion;
import dev.rnnc.runtime.train.KerasNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.util.Elements;

/**
 * The outputs of a model trained with several ({@code fit}'s {@code y} a record of one target batch
 * per output, Keras' {@code Model(x, [tags, score])} with {@code y} a dict by output name),
 * checked: the record's components are the model's outputs (every layer no other layer reads, and
 * any other layer, direction of a {@code mergeMode = "none"} layer or final state of a {@code
 * returnState} layer the model outputs too, as Keras' {@code Model(x, [seq, head, h])}), every
 * output has a known loss ({@code @Compile(loss)} or its {@code @OutputLoss}), each component's
 * type is what that loss takes of that output, and metrics are per output, as Keras takes them.
 */
final class OutputTargets {
  private OutputTargets() {}

  /** The {@code i}th {@code @OutputLoss} of {@code @Compile(losses = ...)}. */
  static AnnotationValues loss(AnnotationValues compile, int i, Elements elements) {
    return new AnnotationValues(compile.annotationList("losses").get(i), elements);
  }

  /**
   * The outputs' targets in the record's order, or null when something is wrong (reported).
   *
   * @param calls every training call
   * @param several the first training call taking a record
   */
  static List<TrainingSpec.Target> check(
      ModelDecl model,
      ModelSpec spec,
      AnnotationValues compile,
      Elements elements,
      List<CallSpec> calls,
      CallSpec several,
      Diagnostics diagnostics) {
    int errors = diagnostics.errorCount();
    String record = "the record " + several.record().getSimpleName();
    List<RecordComponentElement> components = List.copyOf(several.record().getRecordComponents());
    List<String> names = components.stream().map(c -> c.getSimpleName().toString()).toList();
    List<String> outputs = several.outputs();
    ExecutableElement method = TrainingCheck.method(model, several);
    for (CallSpec call : calls) {
      if (call.record() == null || !call.record().equals(several.record())) {
        diagnostics.error(
            TrainingCheck.method(model, call),
            RnncMessage.FIT_OUTPUTS,
            call.name(),
            call.record() == null
                ? "one output's targets"
                : "the record " + call.record().getSimpleName(),
            "every training call takes the same y as "
                + several.name()
                + " ("
                + several.record().getSimpleName()
                + ", one target batch per output)");
      }
    }
    List<String> unread = spec.unreadOutputs();
    for (int i = 0; i < outputs.size(); i++) {
      String source = outputs.get(i);
      String problem = null;
      if (Node.isState(source)) {
        String unsupported = spec.stateTargetUnsupported(source);
        problem =
            unsupported == null
                ? null
                : "its component "
                    + names.get(i)
                    + " names "
                    + Node.describe(source)
                    + ", but "
                    + unsupported;
      } else if (stateWithoutReturnState(spec, source) != null) {
        problem =
            "its component "
                + names.get(i)
                + " names a final state of "
                + stateWithoutReturnState(spec, source)
                + ", which does not set returnState = true (a state is an output only then)";
      } else if (spec.layer(Node.layerOf(source)) == null) {
        problem =
            "its component "
                + names.get(i)
                + " names no layer (nor one direction, <layer>Forward or <layer>Backward, of a"
                + " mergeMode = \"none\" layer)"
                + Suggestion.didYouMean(names.get(i), describe(unread));
      }
      if (problem != null) {
        diagnostics.error(method, RnncMessage.FIT_OUTPUTS, several.name(), record, problem);
      }
    }
    List<String> missing = unread.stream().filter(o -> !outputs.contains(o)).toList();
    if (!missing.isEmpty()) {
      diagnostics.error(
          method,
          RnncMessage.FIT_OUTPUTS,
          several.name(),
          record,
          "the model's outputs (what no other layer reads) are "
              + describe(unread)
              + ", one component each; it lacks "
              + describe(missing));
    }
    if (!compile.listValue("metrics").isEmpty()) {
      diagnostics.error(
          model.type(),
          compile.mirror(),
          compile.written("metrics"),
          RnncMessage.METRICS_PER_OUTPUT,
          String.join(", ", names));
    }
    Map<String, AnnotationValues> own = new LinkedHashMap<>();
    List<AnnotationValues> losses = new ArrayList<>();
    for (int i = 0; i < compile.annotationList("losses").size(); i++) {
      losses.add(loss(compile, i, elements));
    }
    for (AnnotationValues loss : losses) {
      String output = loss.stringValue("output");
      String problem =
          !names.contains(output)
              ? "names no component of "
                  + record
                  + " ("
                  + String.join(", ", names)
                  + ")"
                  + Suggestion.didYouMean(output, names)
              : own.containsKey(output)
                  ? "is given twice"
                  : !Double.isFinite(loss.doubleValue("weight"))
                      ? "has weight " + loss.doubleValue("weight") + "; a weight must be finite"
                      : null;
      if (problem != null) {
        diagnostics.error(
            model.type(),
            loss.mirror(),
            loss.written("output"),
            RnncMessage.LOSS_OUTPUT,
            output,
            problem);
        continue;
      }
      own.put(output, loss);
      if (!loss.stringValue("value").isEmpty()) {
        TrainingCheck.known(
            model,
            loss,
            "value",
            loss.stringValue("value"),
            KerasNames.LOSSES,
            RnncMessage.UNKNOWN_LOSS,
            diagnostics);
      }
      List<Object> metrics = loss.listValue("metrics");
      for (int m = 0; m < metrics.size(); m++) {
        String metric = (String) metrics.get(m);
        List<String> known = List.of(KerasNames.METRICS.split(","));
        if (!known.contains(metric)) {
          diagnostics.error(
              model.type(),
              loss.mirror(),
              loss.writtenElement("metrics", m),
              RnncMessage.UNKNOWN_METRIC,
              metric,
              KerasNames.METRICS.replace(",", ", "),
              Suggestion.didYouMean(metric, known));
        }
      }
    }
    List<TrainingSpec.Target> targets = new ArrayList<>();
    for (int i = 0; i < outputs.size(); i++) {
      AnnotationValues mine = own.get(names.get(i));
      String loss =
          mine != null && !mine.stringValue("value").isEmpty()
              ? mine.stringValue("value")
              : compile.stringValue("loss");
      if (loss.isEmpty()) {
        diagnostics.error(
            model.type(), compile.mirror(), RnncMessage.LOSS_MISSING, names.get(i), names.get(i));
        continue;
      }
      List<String> metrics =
          mine == null
              ? List.of()
              : mine.listValue("metrics").stream().map(String.class::cast).toList();
      targets.add(
          new TrainingSpec.Target(
              outputs.get(i),
              names.get(i),
              loss,
              mine == null ? 1 : mine.doubleValue("weight"),
              metrics));
    }
    if (diagnostics.errorCount() > errors) {
      return null;
    }
    for (int i = 0; i < targets.size(); i++) {
      TrainingSpec.Target target = targets.get(i);
      LayerSpec layer = spec.layer(Node.layerOf(target.source()));
      // a final state is one row per sample; PyTorch's h_n one per layer and direction
      boolean every = Node.isState(target.source()) && ModelSpec.everyLayers(target.source());
      boolean sequence =
          every || !Node.isState(target.source()) && layer.output().kind() == Shape.Kind.SEQUENCE;
      String expected =
          target.sparse() ? (sequence ? "int[]" : "int") : (sequence ? "float[][]" : "float[]");
      String actual = components.get(i).asType().toString();
      if (!actual.equals(expected + "[]")) {
        boolean labels = actual.startsWith("int");
        diagnostics.error(
            method,
            RnncMessage.FIT_TARGETS,
            several.name() + " (y." + names.get(i) + ")",
            actual + (labels ? " (class labels)" : " (target rows)"),
            target.loss(),
            expected
                + "[]: "
                + (!target.sparse()
                    ? every
                        ? "target rows of "
                            + Node.describe(target.source())
                            + ", one per layer and direction of each sample"
                        : Node.isState(target.source())
                            ? "target rows of "
                                + Node.describe(target.source())
                                + ", one per sample"
                            : "target rows of "
                                + Node.describe(target.source())
                                + "'s shape "
                                + layer.output()
                    : sequence
                        ? "class labels, one per timestep of each sample"
                        : "class labels, one per sample"));
      }
    }
    return diagnostics.errorCount() > errors ? null : targets;
  }

  /**
   * The layer whose final state {@code component} is named after ({@code encoderH}) when that layer
   * does not return its states, else null.
   */
  private static String stateWithoutReturnState(ModelSpec spec, String component) {
    for (LayerSpec layer : spec.layers()) {
      if (!ModelSpec.returnedStates(layer).isEmpty()) {
        continue;
      }
      for (ModelSpec.StateSpec state : ModelSpec.statesOf(layer)) {
        if (ModelSpec.stateComponent(layer.name(), state).equals(component)) {
          return layer.name();
        }
      }
    }
    return null;
  }

  /** Sources as a message names them. */
  private static List<String> describe(List<String> sources) {
    return sources.stream().map(OutputTargets::component).toList();
  }

  /** The record component that names a source: the layer, or {@code <layer>Forward}. */
  private static String component(String source) {
    return Node.isDirection(source)
        ? Node.layerOf(source)
            + (source.equals(Node.direction(Node.layerOf(source), true)) ? "Backward" : "Forward")
        : source;
  }
}
