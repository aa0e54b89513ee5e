package dev.rnnc.processor.build;

import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.RnncMessage;
import dev.rnnc.processor.read.AnnotationValues;
import dev.rnnc.processor.read.ModelDecl;
import dev.rnnc.processor.spec.CallSpec;
import dev.rnnc.processor.spec.ModelSpec;
import dev.rnnc.processor.spec.TrainingSpec;
import dev.rnnc.processor.validate.Suggestion;
import dev.rnnc.runtime.train.KerasNames;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.util.Elements;

/**
 * A model's training, checked ({@code @Compile} and its {@code fit}/{@code evaluate} calls): every
 * name a Keras identifier rnnc knows (the runtime's lists, {@code KerasNames}), {@code y}'s type
 * the one the loss takes, and the model one whose training is generated.
 */
final class TrainingCheck {
  private TrainingCheck() {}

  /** The model's training, or null when it declares none or has an error (reported). */
  static TrainingSpec check(
      ModelDecl model, ModelSpec spec, Elements elements, Diagnostics diagnostics) {
    AnnotationValues compile = model.compile();
    List<CallSpec> calls = spec.calls().stream().filter(CallSpec::training).toList();
    if (compile == null) {
      for (CallSpec call : calls) {
        diagnostics.error(
            method(model, call),
            RnncMessage.COMPILE_MISSING,
            call.name(),
            model.type().getSimpleName());
      }
      return null;
    }
    int errors = diagnostics.errorCount();
    String loss = compile.stringValue("loss");
    boolean severalOutputs = calls.stream().anyMatch(c -> c.record() != null);
    if (!severalOutputs && loss.isEmpty()) { // several outputs may each have their own
      diagnostics.error(
          model.type(),
          compile.mirror(),
          RnncMessage.LOSS_REQUIRED,
          model.type().getSimpleName(),
          KerasNames.LOSSES.replace(",", ", "));
    } else if (!loss.isEmpty()) {
      known(model, compile, "loss", loss, KerasNames.LOSSES, RnncMessage.UNKNOWN_LOSS, diagnostics);
    }
    String optimizer = compile.stringValue("optimizer");
    known(
        model,
        compile,
        "optimizer",
        optimizer,
        KerasNames.OPTIMIZERS,
        RnncMessage.UNKNOWN_OPTIMIZER,
        diagnostics);
    double momentum = compile.doubleValue("momentum");
    if (momentum != 0 && (!optimizer.equals("sgd") || !(momentum > 0 && momentum <= 1))) {
      diagnostics.error(
          model.type(),
          compile.mirror(),
          compile.written("momentum"),
          RnncMessage.MOMENTUM,
          momentum,
          optimizer);
    }
    List<String> metrics = new ArrayList<>();
    List<Object> values = compile.listValue("metrics");
    for (int i = 0; i < values.size(); i++) {
      String metric = (String) values.get(i);
      metrics.add(metric);
      if (!List.of(KerasNames.METRICS.split(",")).contains(metric)) {
        diagnostics.error(
            model.type(),
            compile.mirror(),
            compile.writtenElement("metrics", i),
            RnncMessage.UNKNOWN_METRIC,
            metric,
            KerasNames.METRICS.replace(",", ", "),
            Suggestion.didYouMean(metric, List.of(KerasNames.METRICS.split(","))));
      }
    }
    CallSpec several = calls.stream().filter(c -> c.record() != null).findFirst().orElse(null);
    if (several != null) {
      List<TrainingSpec.Target> targets =
          OutputTargets.check(model, spec, compile, elements, calls, several, diagnostics);
      // the wiring only once the outputs are known good
      String unsupported = targets == null ? null : spec.trainingUnsupported(several.outputs());
      for (CallSpec call : calls) {
        if (unsupported != null) {
          diagnostics.error(
              method(model, call), RnncMessage.FIT_UNSUPPORTED, call.name(), unsupported);
        }
      }
      return diagnostics.errorCount() > errors || targets == null
          ? null
          : new TrainingSpec(
              optimizer,
              compile.doubleValue("learningRate"),
              momentum,
              "",
              List.of(),
              false,
              targets);
    }
    for (int i = 0; i < compile.annotationList("losses").size(); i++) {
      AnnotationValues one = OutputTargets.loss(compile, i, elements);
      diagnostics.error(
          model.type(),
          one.mirror(),
          one.written("output"),
          RnncMessage.LOSS_OUTPUT,
          one.stringValue("output"),
          "names an output of a y record, but this model's training calls take y as the one"
              + " output's targets (whose loss is @Compile(loss = ...))");
    }
    boolean sparse =
        loss.equals("sparse_categorical_crossentropy"); // constants only: no runtime here
    String unsupported = spec.trainingUnsupported();
    boolean sequence = spec.output().kind() == dev.rnnc.processor.spec.Shape.Kind.SEQUENCE;
    String labelType = sequence ? "int[][]" : "int[]";
    for (CallSpec call : calls) {
      ExecutableElement method = method(model, call);
      String y =
          method.getParameters().get(call.targetsAt(spec.inputs().size())).asType().toString();
      boolean labels = y.equals("int[]") || y.equals("int[][]");
      if (labels != sparse || labels && !y.equals(labelType)) {
        diagnostics.error(
            method,
            RnncMessage.FIT_TARGETS,
            call.name(),
            labels ? y + " (class labels)" : "target rows",
            loss,
            !sparse
                ? "target rows of the output's shape"
                : sequence
                    ? "int[][] class labels, one per timestep of each sample"
                    : "int[] class labels, one per sample");
      }
      if (unsupported != null) {
        diagnostics.error(method, RnncMessage.FIT_UNSUPPORTED, call.name(), unsupported);
      }
    }
    return diagnostics.errorCount() > errors
        ? null
        : new TrainingSpec(
            optimizer,
            compile.doubleValue("learningRate"),
            momentum,
            loss,
            metrics,
            sparse,
            List.of());
  }

  static void known(
      ModelDecl model,
      AnnotationValues compile,
      String member,
      String value,
      String names,
      RnncMessage message,
      Diagnostics diagnostics) {
    if (!List.of(names.split(",")).contains(value)) {
      AnnotationValue at = compile.written(member);
      diagnostics.error(
          model.type(),
          compile.mirror(),
          at,
          message,
          value,
          names.replace(",", ", "),
          Suggestion.didYouMean(value, List.of(names.split(","))));
    }
  }

  /** The declared method of a matched call: its name and parameter names (overloads differ). */
  static ExecutableElement method(ModelDecl model, CallSpec call) {
    return model.calls().stream()
        .filter(m -> m.getSimpleName().contentEquals(call.name()))
        .filter(
            m ->
                m.getParameters().stream()
                    .map(p -> p.getSimpleName().toString())
                    .toList()
                    .equals(call.parameters()))
        .findFirst()
        .orElseThrow();
  }
}
