package dev.rnnc.processor.generate;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import dev.rnnc.processor.spec.BidirectionalSpec;
import dev.rnnc.processor.spec.LayerSpec;
import dev.rnnc.processor.spec.ModelSpec;
import dev.rnnc.processor.spec.Shape;
import dev.rnnc.processor.spec.SharedSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Keras' {@code model.summary()} rows ({@code modelSummary()}), worked out here from the spec so
 * that the generated code only lists them: each layer's output shape(s) in Keras' notation, and for
 * a graph the model Keras would build ({@link KerasGraph}) with Keras' row order and its "Connected
 * to" column ({@code layer[node][tensor]}). A chain is a Keras {@code Sequential}, as {@code
 * saveKeras} writes it: no input row.
 */
final class SummaryEmitter {
  private final ModelSpec model;

  /**
   * {@code None}, or a stateful model's batch size, 1 unless declared (Keras needs a fixed batch
   * size then).
   */
  private final String batch;

  SummaryEmitter(ModelSpec model) {
    this.model = model;
    // a stateful model's declared batch (@Input(batchSize)), which its layers keep states for
    this.batch = model.isStateful() ? String.valueOf(Math.max(1, model.stateRows())) : "None";
  }

  /** {@code public ModelSummary modelSummary()}. */
  MethodSpec modelSummary() {
    boolean shared = model.layers().stream().anyMatch(SharedSpec.class::isInstance);
    List<CodeBlock> rows = new ArrayList<>();
    String factory;
    if (!model.isGraph() && !shared) {
      factory = "sequential";
      for (LayerSpec layer : model.layers()) {
        rows.add(
            CodeBlock.of(
                "$T.row($N, $S)",
                RuntimeTypes.MODEL_SUMMARY,
                Names.field(layer.name(), "Layer"),
                outputShape(layer)));
      }
    } else {
      KerasGraph graph = new KerasGraph(model);
      factory = graph.sequentialLike() ? "sequential" : "graph";
      for (String op : graph.operations()) {
        List<KerasGraph.KerasNode> nodes = graph.nodesOf(op);
        KerasGraph.KerasNode last = nodes.getLast();
        if (last.spec() == null) {
          rows.add(
              CodeBlock.of(
                  "$T.input($S, $S)", RuntimeTypes.MODEL_SUMMARY, op, shape(last.input().shape())));
          continue;
        }
        String connected =
            nodes.stream()
                .flatMap(n -> n.tensorsIn().stream())
                .map(KerasGraph.Tensor::toString)
                .collect(Collectors.joining(", "));
        if (factory.equals("sequential")) {
          rows.add(
              CodeBlock.of(
                  "$T.row($N, $S)",
                  RuntimeTypes.MODEL_SUMMARY,
                  Names.field(op, "Layer"),
                  outputShape(last.spec())));
        } else {
          rows.add(
              CodeBlock.of(
                  "$T.row($N, $S, $S)",
                  RuntimeTypes.MODEL_SUMMARY,
                  Names.field(op, "Layer"),
                  outputShape(last.spec()),
                  connected));
        }
      }
    }
    return MethodSpec.methodBuilder("modelSummary")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(RuntimeTypes.MODEL_SUMMARY)
        .addJavadoc(
            factory.equals("graph")
                ? "The rows of Keras' {@code model.summary()} for the functional model Keras would"
                    + " build: its\nrow order and \"Connected to\" ({@code layer[node][tensor]}),"
                    + " output shapes from the checked spec,\nparameters counted from each layer's"
                    + " variables.\n"
                : model.isGraph() || shared
                    ? "The rows of Keras' {@code model.summary()} for the functional model Keras"
                        + " would build (its\ninputs are rows too): output shapes from the checked"
                        + " spec, parameters counted from each\nlayer's variables.\n"
                    : "The rows of Keras' {@code model.summary()}, as for a Keras Sequential: output"
                        + " shapes from the\nchecked spec, parameters counted from each layer's"
                        + " variables.\n")
        .addStatement(
            "return $T.$L(modelName(), $T.of(\n$L))",
            RuntimeTypes.MODEL_SUMMARY,
            factory,
            List.class,
            CodeBlock.join(rows, ",\n"))
        .build();
  }

  /**
   * {@code public Optional<ModelGraph> modelGraph()} for a graph model (the graph {@link
   * #modelSummary} lists), or null when the model is a chain, a Keras {@code Sequential}, or an
   * output has no Keras tensor (PyTorch's {@code h_n}): the runtime's default, empty, stays then.
   */
  MethodSpec modelGraph() {
    boolean shared = model.layers().stream().anyMatch(SharedSpec.class::isInstance);
    if (!model.isGraph() && !shared) {
      return null;
    }
    KerasGraph graph = new KerasGraph(model);
    List<KerasGraph.Tensor> outputs = graph.outputs();
    if (outputs == null) {
      return null;
    }
    List<CodeBlock> operations = new ArrayList<>();
    for (String op : graph.operations()) {
      for (KerasGraph.KerasNode node : graph.nodesOf(op)) {
        if (node.spec() == null) {
          operations.add(
              CodeBlock.of(
                  "$T.input($S, $S, $S)",
                  RuntimeTypes.MODEL_GRAPH,
                  op,
                  shape(node.input().shape()),
                  node.input().shape().kind() == Shape.Kind.TOKENS ? "int32" : "float32"));
        } else {
          operations.add(
              CodeBlock.of(
                  "$T.node($S, $L, $L, $S)",
                  RuntimeTypes.MODEL_GRAPH,
                  op,
                  tensors(node.inputs()),
                  tensors(node.initialState()),
                  outputShape(node.spec())));
        }
      }
    }
    List<String> inputs =
        model.inputs().stream()
            .map(i -> i.name().isEmpty() ? KerasGraph.UNNAMED_INPUT : i.name())
            .toList();
    return MethodSpec.methodBuilder("modelGraph")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(ParameterizedTypeName.get(ClassName.get(Optional.class), RuntimeTypes.MODEL_GRAPH))
        .addJavadoc(
            "The functional model Keras would build ({@code saveKeras} writes it): its operations"
                + " in Keras'\norder, the tensors each layer application takes ({@code"
                + " layer[node][tensor]}) and its output\nshapes, the model's inputs and"
                + " outputs.\n")
        .addStatement(
            "return $T.of($T.of($T.of(\n$>$L),\n$T.of($L),\n$T.of($L)$<))",
            Optional.class,
            RuntimeTypes.MODEL_GRAPH,
            List.class,
            CodeBlock.join(operations, ",\n"),
            List.class,
            String.join(", ", inputs.stream().map(n -> "\"" + n + "\"").toList()),
            List.class,
            String.join(", ", outputs.stream().map(t -> "\"" + t + "\"").toList()))
        .build();
  }

  /** {@code List.of("encoder[0][1]", ...)}. */
  private static CodeBlock tensors(List<KerasGraph.Tensor> tensors) {
    return CodeBlock.of(
        "$T.of($L)",
        List.class,
        String.join(", ", tensors.stream().map(t -> "\"" + t + "\"").toList()));
  }

  /**
   * {@code public String summary()}, unless an accessor takes the name (a layer {@code summary()}):
   * then {@code RnncModel.summary(model)} is the way.
   */
  MethodSpec summary() {
    return MethodSpec.methodBuilder("summary")
        .addModifiers(Modifier.PUBLIC)
        .returns(String.class)
        .addJavadoc(
            "Keras' {@code model.summary()} as Keras 3.15 prints it (see {@link #modelSummary()}).\n")
        .addStatement("return modelSummary().format()")
        .build();
  }

  /** Whether no layer accessor without parameters is called {@code summary}. */
  static boolean summaryFree(ModelSpec model) {
    for (int i = 0; i < model.layers().size(); i++) {
      LayerSpec layer = model.layers().get(i);
      if (layer.name().equals("summary") && model.nodes().get(i).parameters().isEmpty()) {
        return false;
      }
      if (layer instanceof BidirectionalSpec b
          && b.backwardLayer() != null
          && b.backwardLayer().name().equals("summary")) {
        return false;
      }
    }
    return true;
  }

  /** A layer's output shape, or Keras' list of them when it has several outputs. */
  String outputShape(LayerSpec layer) {
    List<String> shapes = new ArrayList<>();
    LayerSpec kind = layer instanceof SharedSpec s ? s.layer() : layer;
    shapes.add(shape(layer.output()));
    if (KerasGraph.directions(kind)) { // mergeMode "none": each direction's output
      shapes.add(shape(layer.output()));
    }
    for (ModelSpec.StateSpec state : KerasGraph.returnedStates(kind)) {
      shapes.add("(" + batch + ", " + state.width() + ")");
    }
    return shapes.size() == 1 ? shapes.getFirst() : "[" + String.join(", ", shapes) + "]";
  }

  /** Keras' notation, batch first: {@code (None, 30, 64)}, {@code (None, 64)}. */
  String shape(Shape shape) {
    String timesteps =
        shape.timesteps() == Shape.VARIABLE ? "None" : Integer.toString(shape.timesteps());
    return switch (shape.kind()) {
      case SEQUENCE -> "(" + batch + ", " + timesteps + ", " + shape.features() + ")";
      case VECTOR -> "(" + batch + ", " + shape.features() + ")";
      case TOKENS -> "(" + batch + ", " + timesteps + ")";
    };
  }
}
