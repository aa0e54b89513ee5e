package dev.rnnc.processor.build;

import dev.rnnc.annotations.Input;
import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.ProcessorOptions;
import dev.rnnc.processor.RnncMessage;
import dev.rnnc.processor.read.AnnotationValues;
import dev.rnnc.processor.read.LayerDecl;
import dev.rnnc.processor.read.LayerKind;
import dev.rnnc.processor.read.ModelDecl;
import dev.rnnc.processor.read.WrapperKind;
import dev.rnnc.processor.spec.ActivationName;
import dev.rnnc.processor.spec.BidirectionalCellSpec;
import dev.rnnc.processor.spec.BidirectionalSpec;
import dev.rnnc.processor.spec.CallSpec;
import dev.rnnc.processor.spec.Cell;
import dev.rnnc.processor.spec.CellSpec;
import dev.rnnc.processor.spec.DenseSpec;
import dev.rnnc.processor.spec.DropoutSpec;
import dev.rnnc.processor.spec.EmbeddingSpec;
import dev.rnnc.processor.spec.Initializers;
import dev.rnnc.processor.spec.InputSpec;
import dev.rnnc.processor.spec.LayerSpec;
import dev.rnnc.processor.spec.MaskingSpec;
import dev.rnnc.processor.spec.MergeSpec;
import dev.rnnc.processor.spec.ModelSpec;
import dev.rnnc.processor.spec.Node;
import dev.rnnc.processor.spec.RecurrentOptions;
import dev.rnnc.processor.spec.RecurrentSpec;
import dev.rnnc.processor.spec.Shape;
import dev.rnnc.processor.spec.SharedSpec;
import dev.rnnc.processor.validate.CellRule;
import dev.rnnc.processor.validate.GraphRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.util.Elements;

/**
 * Stage 2: infers every layer's shapes and which layers a mask reaches, from a declaration that
 * passed the {@link dev.rnnc.processor.validate.DeclarationRule}s, reporting layers that cannot
 * take what flows into them; then matches the call methods and checks what depends on them (unroll,
 * stateful calls). Keeps going after an error (with the best guess of a shape) so one pass reports
 * everything.
 */
public final class SpecBuilder {
  private final Elements elements;
  private final ProcessorOptions options;

  /** A builder over the given element utilities and processor options. */
  public SpecBuilder(Elements elements, ProcessorOptions options) {
    this.elements = elements;
    this.options = options;
  }

  /**
   * The spec of {@code model} wired by {@code nodes} ({@code GraphRule.nodes}); meaningful only if
   * {@code diagnostics} stays clean.
   */
  public ModelSpec build(ModelDecl model, List<Node> nodes, Diagnostics diagnostics) {
    List<String> inputNames = GraphRule.inputNames(model);
    List<InputSpec> inputs = new ArrayList<>();
    Map<String, Shape> shapes = new HashMap<>();
    Map<String, Boolean> masked = new HashMap<>();
    for (int i = 0; i < model.inputs().size(); i++) {
      InputSpec input =
          new InputSpec(
              inputNames.get(i),
              inputShape(model.inputs().get(i)),
              model.inputs().get(i).intValue("batchSize"));
      inputs.add(input);
      shapes.put(input.name(), input.shape());
      masked.put(input.name(), false);
    }
    if (inputs.size() == 1 && CallMatcher.declaresMasks(model.calls())) {
      masked.put(inputs.getFirst().name(), true); // a call's mask=, all true for the others
    }
    if (inputs.size() > 1) { // PyTorch's packed sequences, one input's lengths after it
      for (int i : PackedLengths.declared(model.calls(), inputs.size())) {
        if (inputs.get(i).shape().kind() != Shape.Kind.VECTOR) { // token ids: their embedding's
          masked.put(inputs.get(i).name(), true); // all true for the calls that pass none
        }
      }
      for (int i : KerasMasks.declared(model.calls(), inputs)) { // Keras' mask=[maskA, maskB]
        masked.put(inputs.get(i).name(), true);
      }
    }
    List<LayerSpec> layers = new ArrayList<>();
    Map<String, String> timelines =
        new HashMap<>(); // layer or input -> the input its sequences follow
    inputNames.forEach(n -> timelines.put(n, n));
    List<Node> wiring = new ArrayList<>(); // nodes, with a numLayers layer's lower layers
    for (int i = 0; i < model.layers().size(); i++) {
      LayerDecl layer = model.layers().get(i);
      Node node = nodes.get(i);
      String source = node.input();
      Shape flowing = shapes.get(source);
      boolean inMasked = masked.get(source);
      String previous = describe(source, model);
      LayerSpec spec;
      if (layer.kind().isMerge()) {
        spec = merge(layer, node, shapes, masked, timelines, model, diagnostics);
        inMasked = node.inputs().stream().allMatch(masked::get);
      } else if (layer.kind() == LayerKind.SHARED) {
        spec = shared(layer, flowing, inMasked, previous, layers, diagnostics);
      } else if (layer.kind() == LayerKind.RNN
          && (node.inputs().size() > 1 || !cellInputSizes(layer).isEmpty())) {
        if (layer.wrapper() == WrapperKind.BIDIRECTIONAL) {
          diagnostics.error(
              layer.method(),
              layer.wrapperValues().mirror(),
              RnncMessage.BIDIRECTIONAL_CELL_UNSUPPORTED,
              "a cell reading several inputs (MultiInputCell)",
              "drop @Bidirectional");
        }
        spec = multiInputCell(layer, node, shapes, masked, timelines, model, diagnostics);
        inMasked = false; // a mask into it is an error
      } else {
        String from = Node.layerOf(source);
        boolean fromInput = model.layers().stream().noneMatch(l -> l.name().equals(from));
        checkInputFits(layer, fromInput, flowing, previous, diagnostics);
        if (bidirectionalLayers(layer)) {
          // PyTorch's bidirectional num_layers: layer k + 1 reads both directions of layer k
          int timesteps =
              flowing.kind() == Shape.Kind.VECTOR ? Shape.VARIABLE : flowing.timesteps();
          // @InitialState from a layer of as many layers: layer k starts from its layer k, as
          // PyTorch's decoder(y, h_n) of an encoder of the same num_layers and directions
          List<String> stateSources = lowerLayers(node.initialState(), layers);
          for (int k = 0; k < layer.values().intValue("numLayers") - 1; k++) {
            BidirectionalSpec lower = lowerLayer(layer, k, flowing, inMasked, timesteps);
            String lowerSource = source;
            String lowerState = k < stateSources.size() ? stateSources.get(k) : null;
            wiring.add(new Node(lower.name(), List.of(lowerSource), lowerState, List.of()));
            layers.add(lower);
            inMasked = LayerSpec.maskAfter(lower, inMasked);
            masked.put(lower.name(), inMasked);
            shapes.put(lower.name(), lower.output());
            timelines.put(lower.name(), timelines.get(lowerSource));
            source = lower.name();
            flowing = lower.output();
          }
          node = new Node(node.layer(), List.of(source), node.initialState(), node.parameters());
        }
        spec = spec(layer, flowing, inMasked);
      }
      if (spec instanceof CellSpec cell) {
        new CellSpecs(elements).check(layer, cell, previous, diagnostics);
      } else if (spec instanceof BidirectionalCellSpec bi) {
        new CellSpecs(elements).check(layer, bi.layer(), previous, diagnostics);
      }
      boolean zeroOutput =
          spec instanceof RecurrentSpec r
              ? r.options().zeroOutputForMask()
              : spec instanceof CellSpec c && c.zeroOutputForMask();
      if (zeroOutput && !inMasked) {
        diagnostics.warning(
            layer.method(),
            layer.values().mirror(),
            layer.values().written("zeroOutputForMask"),
            RnncMessage.MASK_UNUSED,
            layer.name());
      }
      if (node.initialState() != null
          && bidirectionalLayers(layer)
          && lowerLayers(node.initialState(), layers).size()
              != layer.values().intValue("numLayers") - 1) {
        diagnostics.error(
            layer.method(),
            layer.values().mirror(),
            layer.values().written("numLayers"),
            RnncMessage.NUM_LAYERS_CONFLICT,
            layer.values().intValue("numLayers"),
            layer.kind().simpleName(),
            "@InitialState from " + node.initialState() + " under @Bidirectional",
            "each of its layers starts from the same layer of a @Bidirectional layer with the same"
                + " numLayers (PyTorch's h_n), which "
                + node.initialState()
                + " is not");
      } else if (node.initialState() != null) {
        checkInitialState(layer, spec, node.initialState(), layers, diagnostics);
      }
      layers.add(spec);
      wiring.add(node);
      masked.put(layer.name(), LayerSpec.maskAfter(spec, inMasked));
      shapes.put(layer.name(), spec.output());
      timelines.put(layer.name(), timelines.get(source));
      if (spec instanceof BidirectionalSpec b
          && b.mergeMode() == BidirectionalSpec.MergeMode.NONE) {
        for (boolean backward :
            new boolean[] {false, true}) { // each direction: the layer's output shape and mask
          String direction = Node.direction(layer.name(), backward);
          masked.put(direction, masked.get(layer.name()));
          shapes.put(direction, spec.output());
          timelines.put(direction, timelines.get(source));
        }
      }
    }
    TypeElement type = model.type();
    String name = model.model().stringValue("name");
    ModelSpec spec =
        new ModelSpec(
            type,
            elements.getPackageOf(type).getQualifiedName().toString(),
            generatedName(type),
            name.isEmpty() ? type.getSimpleName().toString() : name,
            inputs.getFirst().shape(),
            List.copyOf(layers),
            List.of(),
            List.copyOf(inputs),
            List.copyOf(wiring),
            null,
            null);
    List<CallSpec> calls = new CallMatcher(spec).match(model.calls(), diagnostics);
    spec = spec.withCalls(calls).withFolding(options.foldEmbeddingMaxBytes());
    spec = spec.withTraining(TrainingCheck.check(model, spec, elements, diagnostics));
    ArraySizeCheck.check(model, spec, diagnostics);
    checkUnroll(model, spec, diagnostics);
    if (diagnostics.isClean()) { // a call refused for its record would read as no call
      checkReturnState(model, spec, diagnostics);
      checkReachesOutput(model, spec, diagnostics);
    }
    return spec;
  }

  /**
   * Warns about layers and inputs the output does not depend on (through inputs, initial states and
   * shared weights): a graph can declare a branch that leads nowhere, which a chain cannot.
   */
  private static void checkReachesOutput(ModelDecl model, ModelSpec spec, Diagnostics diagnostics) {
    java.util.Set<String> used = new java.util.HashSet<>();
    java.util.Deque<String> pending =
        new java.util.ArrayDeque<>(List.of(spec.layers().getLast().name()));
    spec.calls()
        .forEach(
            call ->
                call.outputs().stream()
                    .map(Node::layerOf)
                    .forEach(pending::add)); // several outputs: each is a root
    while (!pending.isEmpty()) {
      String name = pending.pop();
      if (!used.add(name) || spec.layer(name) == null) {
        continue;
      }
      Node node = spec.node(name);
      node.inputs().forEach(n -> pending.add(Node.layerOf(n)));
      if (node.initialState() != null) {
        pending.add(node.initialState());
      }
      if (spec.layer(name) instanceof SharedSpec shared) {
        pending.add(shared.layer().name());
      }
    }
    String output = spec.layers().getLast().name();
    for (LayerDecl layer : model.layers()) {
      if (!used.contains(layer.name())) {
        diagnostics.warning(
            layer.method(),
            layer.values().mirror(),
            null,
            RnncMessage.LAYER_UNUSED,
            layer.name(),
            output);
      }
    }
    for (int i = 0; i < spec.inputs().size(); i++) {
      String input = spec.inputs().get(i).name();
      if (!used.contains(input)) {
        diagnostics.warning(
            model.type(),
            model.model().mirror(),
            model.model().writtenElement("input", i),
            RnncMessage.INPUT_UNUSED,
            input,
            output);
      }
    }
  }

  /**
   * How messages name a layer's source: a layer's name, {@code the model input} or {@code input x}.
   */
  private static String describe(String source, ModelDecl model) {
    boolean layer = model.layers().stream().anyMatch(l -> l.name().equals(Node.layerOf(source)));
    return layer ? Node.describe(source) : source.isEmpty() ? "the model input" : "input " + source;
  }

  /**
   * A merge layer: inputs of one kind (sequences with the same timesteps, or vectors), widths equal
   * unless concatenated.
   */
  private static MergeSpec merge(
      LayerDecl layer,
      Node node,
      Map<String, Shape> shapes,
      Map<String, Boolean> masked,
      Map<String, String> timelines,
      ModelDecl model,
      Diagnostics diagnostics) {
    MergeSpec.Kind kind = MergeSpec.Kind.valueOf(layer.kind().name());
    List<Shape> in = node.inputs().stream().map(shapes::get).toList();
    String problem = null;
    Shape first = in.getFirst();
    String firstName = describe(node.inputs().getFirst(), model);
    for (int k = 1; k < in.size() && problem == null; k++) {
      Shape other = in.get(k);
      String otherName = describe(node.inputs().get(k), model);
      String pair = firstName + " outputs " + first + ", " + otherName + " outputs " + other;
      if (first.kind() == Shape.Kind.TOKENS || other.kind() == Shape.Kind.TOKENS) {
        problem = "token ids must pass an @Embedding first (" + pair + ")";
      } else if (first.kind() != other.kind()) {
        problem = "a sequence and a vector (" + pair + ")";
      } else if (first.isSequence()
          && !sameTimesteps(
              first,
              other,
              timelines.get(node.inputs().getFirst()),
              timelines.get(node.inputs().get(k)))) {
        problem =
            "sequences of different timesteps ("
                + pair
                + ")"
                + (first.variableTimesteps() || other.variableTimesteps()
                    ? "; variable timesteps of different inputs may differ per call"
                    : "");
      } else if (kind != MergeSpec.Kind.CONCATENATE && first.features() != other.features()) {
        problem =
            "inputs of different widths (" + pair + "); @" + kind.kerasClass() + " needs one shape";
      }
    }
    if (problem == null
        && kind == MergeSpec.Kind.MULTIPLY
        && node.inputs().stream().anyMatch(masked::get)) {
      problem =
          "a mask reaches it from "
              + String.join(
                  ", ",
                  node.inputs().stream().filter(masked::get).map(n -> describe(n, model)).toList())
              + ", and Keras' Multiply then multiplies masked timesteps by 1, which rnnc does not implement yet";
    }
    if (problem != null) {
      diagnostics.error(
          layer.method(),
          layer.values().mirror(),
          RnncMessage.MERGE_SHAPES,
          kind.kerasClass(),
          layer.name(),
          String.join(", ", node.inputs().stream().map(n -> describe(n, model)).toList()),
          problem);
    }
    int width =
        kind == MergeSpec.Kind.CONCATENATE
            ? in.stream().mapToInt(Shape::features).sum()
            : first.features();
    Shape out = first.isSequence() ? Shape.sequence(first.timesteps(), width) : Shape.vector(width);
    return new MergeSpec(layer.name(), kind, in, out);
  }

  /**
   * The {@code @RnnCell(inputSizes)} of an {@code @RNN(cell = ...)} layer's cell; empty for
   * one-input cells and stacks.
   */
  private static List<Integer> cellInputSizes(LayerDecl layer) {
    if (layer.values().written("cell") == null) {
      return List.of();
    }
    TypeElement cell = (TypeElement) ((DeclaredType) layer.values().typeValue("cell")).asElement();
    AnnotationMirror shape = CellRule.shape(cell);
    return shape == null ? List.of() : CellRule.inputSizes(shape);
  }

  /**
   * An {@code @RNN} layer named with several inputs, or whose cell declares {@code inputSizes}: one
   * input per declared size, every one a float sequence on the same timeline, of the declared
   * width, without a mask.
   */
  private CellSpec multiInputCell(
      LayerDecl layer,
      Node node,
      Map<String, Shape> shapes,
      Map<String, Boolean> masked,
      Map<String, String> timelines,
      ModelDecl model,
      Diagnostics diagnostics) {
    List<Integer> sizes = cellInputSizes(layer);
    var mirror = layer.values().mirror();
    var at =
        layer.values().written("cell") != null
            ? layer.values().written("cell")
            : layer.values().written("cells");
    String cellName =
        layer.values().written("cell") != null
            ? ((DeclaredType) layer.values().typeValue("cell"))
                .asElement()
                .getSimpleName()
                .toString()
            : "stack of " + layer.name();
    List<String> sources = node.inputs();
    List<Shape> in = sources.stream().map(shapes::get).toList();
    Shape first = in.getFirst();
    if (sizes.size() != in.size()) {
      String takes =
          sizes.isEmpty()
              ? "one input per timestep (a cell with several declares @RnnCell(inputSizes = {...}) and implements MultiInputCell)"
              : sizes.size() + " inputs per timestep (inputSizes = " + sizes + ")";
      diagnostics.error(
          layer.method(),
          mirror,
          at,
          RnncMessage.CELL_INPUT_COUNT,
          cellName,
          takes,
          layer.name(),
          in.size());
    } else {
      String problem = null;
      for (int k = 0; k < in.size() && problem == null; k++) {
        Shape other = in.get(k);
        String otherName = describe(sources.get(k), model);
        if (other.kind() != Shape.Kind.SEQUENCE) {
          problem =
              otherName
                  + " outputs "
                  + other
                  + ", not a float sequence"
                  + (other.kind() == Shape.Kind.TOKENS
                      ? " (token ids must pass an @Embedding first)"
                      : "");
        } else if (k > 0
            && first.kind() == Shape.Kind.SEQUENCE
            && !sameTimesteps(
                first, other, timelines.get(sources.getFirst()), timelines.get(sources.get(k)))) {
          problem =
              describe(sources.getFirst(), model)
                  + " outputs "
                  + first
                  + ", "
                  + otherName
                  + " outputs "
                  + other
                  + (first.variableTimesteps() || other.variableTimesteps()
                      ? "; variable timesteps of different inputs may differ per call"
                      : "");
        }
      }
      if (problem != null) {
        diagnostics.error(
            layer.method(),
            mirror,
            at,
            RnncMessage.CELL_INPUT_TIMESTEPS,
            cellName,
            layer.name(),
            problem);
      } else {
        for (int k = 0; k < in.size(); k++) {
          if (sizes.get(k) > 0 && sizes.get(k) != in.get(k).features()) {
            diagnostics.error(
                layer.method(),
                mirror,
                at,
                RnncMessage.CELL_INPUT_SIZE,
                cellName + " (input " + (k + 1) + " of " + in.size() + ")",
                sizes.get(k),
                describe(sources.get(k), model),
                in.get(k));
          }
        }
      }
      List<String> maskedFrom =
          sources.stream().filter(masked::get).map(n -> describe(n, model)).toList();
      if (!maskedFrom.isEmpty()) {
        diagnostics.error(
            layer.method(),
            mirror,
            at,
            RnncMessage.CELL_INPUT_MASK,
            layer.name(),
            String.join(", ", maskedFrom),
            layer.name());
      }
    }
    int timesteps = first.kind() == Shape.Kind.VECTOR ? Shape.VARIABLE : first.timesteps();
    return new CellSpecs(elements).build(layer, in, timesteps, false);
  }

  private static boolean sameTimesteps(Shape a, Shape b, String timelineA, String timelineB) {
    if (a.variableTimesteps() || b.variableTimesteps()) {
      return a.variableTimesteps() && b.variableTimesteps() && timelineA.equals(timelineB);
    }
    return a.timesteps() == b.timesteps();
  }

  /**
   * A {@code @Shared} application: the shared layer's spec on this input (its width must be the
   * declared one).
   */
  private LayerSpec shared(
      LayerDecl layer,
      Shape in,
      boolean masked,
      String previous,
      List<LayerSpec> earlier,
      Diagnostics diagnostics) {
    String target = layer.values().stringValue("value");
    LayerSpec declared =
        earlier.stream().filter(l -> l.name().equals(target)).findFirst().orElse(null);
    if (declared == null) {
      return new DropoutSpec(layer.name(), 0, in, in); // reported by GraphRule
    }
    Shape expected = declared.input();
    boolean fits =
        expected.kind() == in.kind()
            && (in.kind() == Shape.Kind.TOKENS || expected.features() == in.features());
    if (!fits) {
      String width =
          expected.kind() == Shape.Kind.TOKENS ? "token ids" : "width " + expected.features();
      diagnostics.error(
          layer.method(),
          layer.values().mirror(),
          layer.values().written("value"),
          RnncMessage.SHARED_INPUT_WIDTH,
          target,
          target,
          expected.kind() == Shape.Kind.TOKENS ? 0 : expected.features(),
          previous,
          in);
      // carry on with the shared layer's output shape, so later layers are checked as declared
    }
    int timesteps = in.kind() == Shape.Kind.VECTOR ? Shape.VARIABLE : in.timesteps();
    LayerSpec applied =
        switch (declared) {
          case RecurrentSpec r -> {
            Shape out =
                r.returnSequences()
                    ? Shape.sequence(timesteps, r.outputUnits())
                    : Shape.vector(r.outputUnits());
            yield new RecurrentSpec(r.name(), r.cell(), r.options().withMasked(masked), in, out);
          }
          case DenseSpec d ->
              d.applied(
                  in,
                  in.kind() == Shape.Kind.VECTOR
                      ? Shape.vector(d.units())
                      : Shape.sequence(timesteps, d.units()));
          case EmbeddingSpec e ->
              new EmbeddingSpec(
                  e.name(),
                  e.inputDim(),
                  e.outputDim(),
                  e.maskZero(),
                  in,
                  Shape.sequence(in.timesteps(), e.outputDim()));
          default -> declared; // refused by GraphRule
        };
    return new SharedSpec(layer.name(), applied, in, applied.output());
  }

  /**
   * {@code @InitialState}: the source returns its states, and they fit this layer's in number and
   * width.
   */
  private static void checkInitialState(
      LayerDecl layer,
      LayerSpec consumer,
      String sourceName,
      List<LayerSpec> earlier,
      Diagnostics diagnostics) {
    VariableElement parameter =
        layer.method().getParameters().stream()
            .filter(
                p ->
                    p.getAnnotationMirrors().stream()
                        .anyMatch(
                            a -> a.getAnnotationType().toString().equals(GraphRule.INITIAL_STATE)))
            .findFirst()
            .orElseThrow();
    LayerSpec source =
        earlier.stream().filter(l -> l.name().equals(sourceName)).findFirst().orElseThrow();
    RecurrentSpec recurrent = ModelSpec.recurrent(source);
    boolean cells = source instanceof CellSpec || source instanceof BidirectionalCellSpec;
    if (recurrent == null && !cells) {
      diagnostics.error(
          parameter,
          RnncMessage.INITIAL_STATE_SOURCE,
          sourceName,
          sourceName + " is " + kindOf(source));
      return;
    }
    boolean returnsState =
        recurrent != null
            ? recurrent.options().returnState()
            : !ModelSpec.returnedStates(source).isEmpty();
    if (!returnsState) {
      diagnostics.error(
          parameter,
          RnncMessage.INITIAL_STATE_SOURCE,
          sourceName,
          sourceName + " does not set returnState = true");
      return;
    }
    List<ModelSpec.StateSpec> given = ModelSpec.statesOf(source);
    List<ModelSpec.StateSpec> taken = ModelSpec.statesOf(consumer);
    // Keras matches initial states by position and shape; between @LSTM/@GRU/@SimpleRNN layers the
    // names (h, c) must agree too, since each direction copies its own h and c.
    boolean byName =
        !cells && !(consumer instanceof CellSpec) && !(consumer instanceof BidirectionalCellSpec);
    boolean fits = given.size() == taken.size();
    for (int k = 0; fits && k < given.size(); k++) {
      fits =
          (!byName || given.get(k).name().equals(taken.get(k).name()))
              && given.get(k).width() == taken.get(k).width();
    }
    if (!fits) {
      diagnostics.error(
          parameter,
          RnncMessage.INITIAL_STATE_MISMATCH,
          layer.name(),
          sourceName,
          sourceName,
          states(given),
          layer.name(),
          states(taken));
    }
  }

  /** {@code h of width 4, c of width 4} or {@code forward h0 of width 3, ...}. */
  private static String states(List<ModelSpec.StateSpec> states) {
    if (states.isEmpty()) {
      return "no states";
    }
    return String.join(
        ", ",
        states.stream()
            .map(
                s ->
                    (s.direction().isEmpty() ? "" : s.direction() + " ")
                        + s.name()
                        + " of width "
                        + s.width())
            .toList());
  }

  /** {@code @Dense}, {@code a merge layer}: what a layer is, for messages. */
  private static String kindOf(LayerSpec layer) {
    return switch (layer) {
      case DenseSpec d -> "@Dense";
      case EmbeddingSpec e -> "@Embedding";
      case DropoutSpec d -> "@Dropout";
      case MaskingSpec m -> "@Masking";
      case MergeSpec m -> "@" + m.kind().kerasClass();
      case SharedSpec s -> "a @Shared application (name the shared layer's own method)";
      default -> "@" + layer.getClass().getSimpleName();
    };
  }

  /** {@code RnncForecaster}; for a nested interface {@code RnncOuter_Forecaster}. */
  static String generatedName(TypeElement type) {
    String name = type.getSimpleName().toString();
    for (var e = type.getEnclosingElement();
        e instanceof TypeElement outer;
        e = outer.getEnclosingElement()) {
      name = outer.getSimpleName() + "_" + name;
    }
    return "Rnnc" + name;
  }

  private static Shape inputShape(AnnotationValues input) {
    int timesteps = input.intValue("timesteps");
    if (timesteps == Input.VECTOR) {
      return Shape.vector(input.intValue("features"));
    }
    return input.enumValue("dtype").equals("INT32")
        ? Shape.tokens(timesteps)
        : Shape.sequence(timesteps, input.intValue("features"));
  }

  private static void checkInputFits(
      LayerDecl layer, boolean fromInput, Shape flowing, String previous, Diagnostics diagnostics) {
    var method = layer.method();
    var mirror = layer.values().mirror();
    if (layer.kind() == LayerKind.EMBEDDING) {
      if (!fromInput) {
        diagnostics.error(method, mirror, RnncMessage.EMBEDDING_NOT_FIRST, previous);
      } else if (flowing.kind() != Shape.Kind.TOKENS) {
        diagnostics.error(method, mirror, RnncMessage.EMBEDDING_NEEDS_TOKENS, flowing);
      }
      return;
    }
    if (flowing.kind() == Shape.Kind.TOKENS) {
      diagnostics.error(
          method,
          mirror,
          RnncMessage.TOKENS_NEED_EMBEDDING,
          layer.kind().simpleName(),
          layer.name());
      return;
    }
    boolean needsSequence =
        layer.kind().isRecurrent()
            || layer.kind() == LayerKind.MASKING
            || layer.kind() == LayerKind.RNN
            || layer.wrapper() != null;
    if (needsSequence && flowing.kind() == Shape.Kind.VECTOR) {
      String kind =
          layer.wrapper() != null ? layer.wrapper().simpleName() : layer.kind().simpleName();
      String hint = fromInput ? "" : "; set returnSequences = true on " + previous;
      diagnostics.error(
          method,
          layer.wrapper() != null ? layer.wrapperValues().mirror() : mirror,
          RnncMessage.NOT_A_SEQUENCE,
          kind,
          previous,
          flowing,
          hint);
    }
  }

  private LayerSpec spec(LayerDecl layer, Shape in, boolean masked) {
    AnnotationValues v = layer.values();
    // After an error the input may not fit; carry on with a sequence so later layers get checked.
    int timesteps = in.kind() == Shape.Kind.VECTOR ? Shape.VARIABLE : in.timesteps();
    return switch (layer.kind()) {
      case LSTM, GRU, SIMPLE_RNN -> {
        if (v.intValue("numLayers") > 1 && !bidirectionalLayers(layer)) {
          yield new CellSpecs(elements)
              .layers(layer, in, timesteps, masked); // PyTorch num_layers: stacked cells
        }
        RecurrentSpec recurrent = recurrent(layer, in, masked, timesteps);
        if (layer.wrapper() != WrapperKind.BIDIRECTIONAL) {
          yield recurrent;
        }
        var mode =
            BidirectionalSpec.MergeMode.ofKeras(layer.wrapperValues().stringValue("mergeMode"));
        int width =
            mode == BidirectionalSpec.MergeMode.CONCAT
                ? 2 * recurrent.outputUnits()
                : recurrent.outputUnits();
        Shape out =
            recurrent.returnSequences() ? Shape.sequence(timesteps, width) : Shape.vector(width);
        RecurrentSpec backward =
            layer.backward() == null ? null : recurrent(layer.backward(), in, masked, timesteps);
        yield new BidirectionalSpec(layer.name(), recurrent, mode, backward, in, out);
      }
      case DENSE -> {
        int units = v.intValue("units");
        // A @TimeDistributed Dense outputs a sequence even on a vector (an error already), so
        // that the layers after it are checked against what it declares, not errors of their own.
        boolean vector =
            in.kind() == Shape.Kind.VECTOR && layer.wrapper() != WrapperKind.TIME_DISTRIBUTED;
        Shape out = vector ? Shape.vector(units) : Shape.sequence(timesteps, units);
        yield new DenseSpec(
            layer.name(),
            units,
            activation(v, "activation"),
            v.booleanValue("useBias"),
            layer.wrapper() == WrapperKind.TIME_DISTRIBUTED,
            new Initializers(
                v.stringValue("kernelInitializer"), null, v.stringValue("biasInitializer")),
            in,
            out);
      }
      case EMBEDDING ->
          new EmbeddingSpec(
              layer.name(),
              v.intValue("inputDim"),
              v.intValue("outputDim"),
              v.booleanValue("maskZero"),
              in,
              Shape.sequence(in.timesteps(), v.intValue("outputDim")));
      case DROPOUT -> new DropoutSpec(layer.name(), v.doubleValue("rate"), in, in);
      case MASKING -> new MaskingSpec(layer.name(), v.doubleValue("maskValue"), in, in);
      case RNN -> {
        CellSpec cell = new CellSpecs(elements).build(layer, in, timesteps, masked);
        if (layer.wrapper() != WrapperKind.BIDIRECTIONAL) {
          yield cell;
        }
        var mode =
            BidirectionalSpec.MergeMode.ofKeras(layer.wrapperValues().stringValue("mergeMode"));
        int width =
            mode == BidirectionalSpec.MergeMode.CONCAT ? 2 * cell.outputSize() : cell.outputSize();
        Shape out = cell.returnSequences() ? Shape.sequence(timesteps, width) : Shape.vector(width);
        yield new BidirectionalCellSpec(layer.name(), cell, mode, in, out);
      }
      default ->
          throw new IllegalArgumentException(
              "not a single-input layer: " + layer.kind()); // merges, @Shared: above
    };
  }

  /**
   * Whether the layer is PyTorch's {@code num_layers} with {@code bidirectional=True}: a chain of
   * {@code @Bidirectional(mergeMode = "concat")} layers, each reading both directions of the one
   * below (a stack of cells could not: each direction would only read its own).
   */
  static boolean bidirectionalLayers(LayerDecl layer) {
    return layer.kind().isRecurrent()
        && layer.wrapper() == WrapperKind.BIDIRECTIONAL
        && layer.values().intValue("numLayers") > 1;
  }

  /**
   * The lower layers of the {@link #bidirectionalLayers} layer {@code name} among {@code earlier},
   * in order; empty for any other layer (or a null name).
   */
  private static List<String> lowerLayers(String name, List<LayerSpec> earlier) {
    return name == null
        ? List.of()
        : earlier.stream()
            .filter(l -> l instanceof BidirectionalSpec b && name.equals(b.lowerLayerOf()))
            .map(LayerSpec::name)
            .toList();
  }

  /**
   * Layer {@code k} below the top of a {@link #bidirectionalLayers} layer: the declared cell and
   * options, both directions' whole sequences concatenated, no returned states.
   */
  private static BidirectionalSpec lowerLayer(
      LayerDecl layer, int k, Shape in, boolean masked, int timesteps) {
    RecurrentSpec declared = recurrent(layer, in, masked, timesteps);
    RecurrentOptions o = declared.options();
    RecurrentOptions options =
        new RecurrentOptions(
            true, false, o.goBackwards(), o.stateful(), false, o.zeroOutputForMask(), masked);
    int units = declared.outputUnits();
    String name = BidirectionalSpec.lowerLayerName(layer.name(), k);
    RecurrentSpec cell =
        new RecurrentSpec(name, declared.cell(), options, in, Shape.sequence(timesteps, units));
    return new BidirectionalSpec(
        name,
        cell,
        BidirectionalSpec.MergeMode.CONCAT,
        null,
        in,
        Shape.sequence(timesteps, 2 * units),
        layer.name());
  }

  private static RecurrentSpec recurrent(LayerDecl layer, Shape in, boolean masked, int timesteps) {
    AnnotationValues v = layer.values();
    boolean sequences = v.booleanValue("returnSequences");
    RecurrentOptions options =
        new RecurrentOptions(
            sequences,
            v.booleanValue("returnState"),
            v.booleanValue("goBackwards"),
            v.booleanValue("stateful"),
            v.booleanValue("unroll"),
            v.booleanValue("zeroOutputForMask"),
            masked);
    Cell.BuiltIn cell = builtInCell(layer);
    Shape out =
        sequences ? Shape.sequence(timesteps, cell.outputSize()) : Shape.vector(cell.outputSize());
    return new RecurrentSpec(layer.name(), cell, options, in, out);
  }

  /** The cell of an {@code @LSTM}, {@code @GRU} or {@code @SimpleRNN} declaration. */
  static Cell.BuiltIn builtInCell(LayerDecl layer) {
    Cell.Type type =
        switch (layer.kind()) {
          case LSTM -> Cell.Type.LSTM;
          case GRU -> Cell.Type.GRU;
          default -> Cell.Type.SIMPLE_RNN;
        };
    return CellReader.builtIn(type, layer.values());
  }

  private void checkUnroll(ModelDecl model, ModelSpec spec, Diagnostics diagnostics) {
    for (LayerDecl layer : model.layers()) {
      boolean hasUnroll = layer.kind().isRecurrent() || layer.kind() == LayerKind.RNN;
      if (!hasUnroll || !layer.values().booleanValue("unroll")) {
        continue;
      }
      var at = layer.values().written("unroll");
      Shape input = spec.timeline(layer.name()).shape();
      if (input.variableTimesteps()) {
        diagnostics.error(
            layer.method(),
            layer.values().mirror(),
            at,
            RnncMessage.UNROLL_NEEDS_FIXED_TIMESTEPS,
            "the input has timesteps = Input.VARIABLE");
      } else if (spec.hasStepCalls()) {
        diagnostics.error(
            layer.method(),
            layer.values().mirror(),
            at,
            RnncMessage.UNROLL_NEEDS_FIXED_TIMESTEPS,
            "the model has a step call method, which runs one timestep at a time");
      } else if (input.timesteps() > options.unrollLimit()) {
        diagnostics.error(
            layer.method(),
            layer.values().mirror(),
            at,
            RnncMessage.UNROLL_TOO_LONG,
            input.timesteps(),
            options.unrollLimit());
      }
    }
  }

  /**
   * States leave the model as outputs of the last layer or as several-outputs record components
   * ({@code decoderH}), or go to a layer that takes them with {@code @InitialState}; states that do
   * none of these are computed for nothing (a warning, as Keras lets a model drop them).
   */
  private static void checkReturnState(ModelDecl model, ModelSpec spec, Diagnostics diagnostics) {
    for (int i = 0; i < model.layers().size() - 1; i++) {
      LayerDecl layer = model.layers().get(i);
      LayerSpec built = spec.layer(layer.name());
      List<ModelSpec.StateSpec> states =
          built == null ? List.of() : ModelSpec.returnedStates(built);
      if (states.isEmpty()) {
        continue;
      }
      boolean consumed = spec.nodes().stream().anyMatch(n -> layer.name().equals(n.initialState()));
      boolean returned =
          spec.calls().stream()
              .flatMap(call -> call.outputs().stream())
              .anyMatch(o -> Node.isState(o) && Node.layerOf(o).equals(layer.name()));
      if (!consumed && !returned) {
        diagnostics.warning(
            layer.method(),
            layer.values().mirror(),
            layer.values().written("returnState"),
            RnncMessage.RETURN_STATE_UNUSED,
            layer.name(),
            String.join(
                ", ",
                states.stream()
                    .map(s -> "float[] " + ModelSpec.stateComponent(layer.name(), s))
                    .toList()));
      }
    }
  }

  private static ActivationName activation(AnnotationValues values, String member) {
    return ActivationName.ofKeras(values.stringValue(member));
  }
}
